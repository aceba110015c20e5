// Whether the image a Dockerfile builds makes a file executable by itself (`RUN chmod +x /var/runtime/bootstrap`,
// `COPY --chmod=755`): the mode the file has on disk or in git then does not reach Lambda, so a bootstrap without
// the executable bit locally is no mistake.
import path from 'node:path';
import { contextCopies, globMatch, landingPath } from './context-files';
import type { DockerfileFacts } from './dockerfile-facts';
import { commandSegments } from './run-commands';

/**
 * Whether the image `facts` builds makes `file` (copied from `contextDir` to `landing`) executable for every user
 * there: a later COPY --chmod or RUN chmod that gives "others" the execute bit.
 */
export function makesExecutable(facts: DockerfileFacts, landing: string, contextDir: string, file: string): boolean {
  const absolute = path.resolve(file);
  const copy = contextCopies(facts)
    .filter((candidate) => landingPath(candidate, contextDir, absolute) === landing)
    .pop();
  if (copy === undefined) return false;
  if (copy.chmod !== undefined && grantsExecute(copy.chmod.text)) return true;
  const copiedAt = copy.instruction.getRange().start.line;
  for (const stage of facts.chain) {
    for (const run of stage.runs) {
      if (run.instruction.getRange().start.line <= copiedAt) continue;
      for (const segment of commandSegments(run.words)) {
        if (path.posix.basename(segment[0]?.text ?? '') !== 'chmod') continue;
        const args = segment.slice(1).map((word) => word.text);
        const recursive = args.some((arg) => /^-[A-Za-z]*R/.test(arg) || arg === '--recursive');
        const [mode, ...operands] = args.filter((arg) => !/^-[A-Za-z]+$/.test(arg) || /^-[rwxXst]+$/.test(arg));
        if (mode === undefined || !grantsExecute(mode)) continue;
        for (const operand of operands) {
          const target = path.posix.resolve(stage.workdir, operand);
          if (matches(target, landing) || (recursive && landing.startsWith(`${target}/`))) return true;
        }
      }
    }
  }
  return false;
}

/** Whether a chmod mode gives "others" (the class the Lambda user is in) the execute bit. */
function grantsExecute(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return (Number(mode[mode.length - 1]) & 1) === 1;
  return mode
    .split(',')
    .some((clause) => /^([ugoa]*)[+=][rwxXst]*x/.test(clause) && /^(|[ugoa]*[oa][ugoa]*)[+=]/.test(clause));
}

/** `/var/runtime/*` and the like match as the shell would expand them. */
function matches(pattern: string, file: string): boolean {
  return /[*?[]/.test(pattern) ? globMatch(pattern, file) : pattern === file;
}
