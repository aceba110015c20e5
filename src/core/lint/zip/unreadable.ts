// `zip-unreadable`: Lambda extracts the zip keeping its modes and runs the function as a user that owns none of the
// files, so only the "others" permission bits count: a file without o+r (0600, 0640) cannot be opened
// (EACCES, "Permission denied"), a folder without o+rx cannot be entered.
import type { ZipFacts } from './facts';
import type { ZipEntryProblem } from './problems';
import type { ZipEntry } from './read';

/** How many entries the message names; the count says the rest. */
export const NAMED_UNREADABLE = 5;

/** Whether Lambda's user cannot read `entry` (entries with no Unix mode are extracted readable). */
export function isUnreadable(entry: ZipEntry): boolean {
  if (entry.mode === undefined || entry.isSymlink) return false;
  return entry.isDirectory ? (entry.mode & 0o005) !== 0o005 : (entry.mode & 0o004) === 0;
}

/** zip-unreadable: one problem for all such entries, naming the first few with their modes. */
export function unreadableEntries(facts: ZipFacts): ZipEntryProblem | undefined {
  if (facts.unreadableCount === 0) return undefined;
  const named = facts.unreadable
    .map((entry) => `${entry.name} (${((entry.mode ?? 0) & 0o777).toString(8).padStart(3, '0')})`)
    .join(', ');
  const more =
    facts.unreadableCount > facts.unreadable.length
      ? ` and ${facts.unreadableCount - facts.unreadable.length} more`
      : '';
  const count = facts.unreadableCount === 1 ? '1 entry' : `${facts.unreadableCount} entries`;
  return {
    code: 'zip-unreadable',
    message:
      `${count} of the zip cannot be read by Lambda's user: ${named}${more}. Lambda runs the function as a user ` +
      'that owns none of its files, so opening them fails with "Permission denied" (EACCES). Give everyone read ' +
      'access before zipping (`chmod -R o+rX .`: files 0644, folders and executables 0755), or build the zip with ' +
      '`lambda-runtime-kit package`.',
  };
}
