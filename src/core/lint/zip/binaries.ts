// elf-arch and elf-glibc on the binaries inside a zip: the bootstrap, and the programs and libraries Lambda can
// start or load from the function's folders (executables at the root and in bin/, shared libraries at the root
// and in lib/, both on LD_LIBRARY_PATH as /var/task and /var/task/lib). Deeper binaries (node_modules' prebuilt
// addons for every platform, vendored tools) are left alone: many are there on purpose for other systems.
import type { RuntimeTarget } from '../../project/types';
import {
  binaryProblems,
  FileParts,
  readExecutableHeader,
  readGlibcNeeds,
  type BinaryProblem,
  type GlibcNeeds,
} from '../binary';
import type { ReadEntry, ZipEntry } from './read';

/** Every check starts from this much of the entry: the ELF header, program headers and, usually, the version tables. */
export const HEAD_BYTES = 64 * 1024;
/** The dynamic segment may lie after the code; further in than this, its needs are not read (no finding). */
const MAX_SCAN_BYTES = 256 * 1024 * 1024;
/** Reading the tables takes a few rounds (header, dynamic segment, strings); a crafted file gets no more. */
const MAX_ROUNDS = 6;
const SHARED_LIBRARY = /\.so(\.\d+)*$/;

/** Whether `entry` is a binary the checks read: see the file's header comment. */
export function isBinaryCandidate(entry: ZipEntry): boolean {
  if (entry.isDirectory || entry.isSymlink || entry.encrypted || entry.uncompressedSize < 64) return false;
  const parts = entry.name.split('/');
  if (parts.length === 1) return entry.name === 'bootstrap' || isExecutable(entry) || SHARED_LIBRARY.test(entry.name);
  if (parts.length !== 2) return false;
  if (parts[0] === 'bin') return isExecutable(entry) || entry.mode === undefined;
  return parts[0] === 'lib' && SHARED_LIBRARY.test(parts[1]!);
}

/**
 * The elf-arch / elf-glibc problems of the binary `entry`, read through `read` (its first HEAD_BYTES, then the
 * ranges the ELF's tables point to). Only the bootstrap is reported for not being ELF at all (Mach-O, PE):
 * other files may be anything.
 */
export async function checkBinary(
  entry: ZipEntry,
  head: Buffer,
  read: ReadEntry,
  target: RuntimeTarget,
): Promise<BinaryProblem[]> {
  const header = readExecutableHeader(head);
  const isBootstrap = entry.name === 'bootstrap';
  if (header.format !== 'elf' && !(isBootstrap && (header.format === 'macho' || header.format === 'pe'))) return [];
  const needs = header.format === 'elf' ? await glibcNeeds(head, read) : undefined;
  const subject = isBootstrap ? 'The bootstrap' : SHARED_LIBRARY.test(entry.name) ? 'This library' : 'This program';
  return binaryProblems(header, needs, target, subject);
}

async function glibcNeeds(head: Buffer, read: ReadEntry): Promise<GlibcNeeds | undefined> {
  const parts = new FileParts(head);
  const asked = new Set<number>();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const needs = readGlibcNeeds(parts);
    if (needs.kind !== 'truncated') return needs;
    // The same part asked twice: the entry ends before it (a truncated or lying ELF).
    if (asked.has(needs.offset) || needs.offset + needs.length > MAX_SCAN_BYTES) return undefined;
    asked.add(needs.offset);
    parts.add(needs.offset, await read(needs.length, needs.offset));
  }
  return undefined;
}

function isExecutable(entry: ZipEntry): boolean {
  return entry.mode !== undefined && (entry.mode & 0o111) !== 0;
}
