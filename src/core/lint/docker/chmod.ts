// `docker-chmod`: a bootstrap made unusable for the Lambda user. Lambda runs the container as a default
// least-privileged user, not root ("The files required for the execution of function code can be read by the
// default Lambda user", Lambda FAQ / container image docs); files COPY creates belong to root, so others need x
// (and r for a script) on the bootstrap: `chmod 700`, `chmod 744`, `COPY --chmod=700` make it fail with
// "Permission denied" (Runtime.InvalidEntrypoint).
import path from 'node:path';
import { startupPaths } from '../../project/context-files';
import { copyTargets, type DockerfileFacts } from '../../project/dockerfile-facts';
import { LAMBDA_RUNTIME_DIR } from '../../project/names';
import { commandSegments, type Word } from '../../project/run-commands';
import { ruleFinding } from '../rules';
import type { Finding, Range } from '../types';
import { deniedToOthers } from './file-mode';
import { isBootstrapCopy, isUnder } from './shared';

const RULE = 'docker-chmod';
const FIXED_MODE = '755';

export function checkChmod(facts: DockerfileFacts): Finding[] {
  const findings: Finding[] = [];
  const bootstraps = bootstrapPaths(facts);
  for (const copy of facts.copies) {
    if (copy.chmod === undefined) continue;
    const isBootstrap = isBootstrapCopy(copy) || copyTargets(copy).some((target) => bootstraps.has(target));
    if (!isBootstrap) continue;
    const finding = judge(facts.file, copy.chmod, `COPY --chmod=${copy.chmod.text}`, copyTargets(copy)[0]);
    if (finding !== undefined) findings.push(finding);
  }
  for (const stage of facts.chain) {
    for (const run of stage.runs) {
      for (const segment of commandSegments(run.words)) {
        if (path.posix.basename(segment[0]?.text ?? '') !== 'chmod') continue;
        const args = segment.slice(1);
        const recursive = args.some((word) => /^-[A-Za-z]*R/.test(word.text) || word.text === '--recursive');
        const operands = args.filter((word) => !word.text.startsWith('-') || /^-[rwxXst]+$/.test(word.text));
        const [mode, ...files] = operands;
        if (mode === undefined) continue;
        const hit = files
          .map((file) => path.posix.resolve(stage.workdir, file.text))
          .find((file) => bootstraps.has(file) || (recursive && [...bootstraps].some((b) => isUnder(b, file))));
        if (hit === undefined) continue;
        const finding = judge(facts.file, mode, `chmod ${recursive ? '-R ' : ''}${mode.text}`, hit);
        if (finding !== undefined) findings.push(finding);
      }
    }
  }
  return findings;
}

/** Image paths of the bootstrap: /var/runtime/bootstrap, a replacing ENTRYPOINT's program, files named bootstrap. */
function bootstrapPaths(facts: DockerfileFacts): Set<string> {
  const paths = new Set(startupPaths(facts));
  for (const copy of facts.copies) {
    for (const target of copyTargets(copy))
      if (isBootstrapCopy(copy) && path.posix.basename(target) === 'bootstrap') paths.add(target);
  }
  paths.add(`${LAMBDA_RUNTIME_DIR}/bootstrap`);
  return paths;
}

function judge(file: string, mode: Word, written: string, target: string): Finding | undefined {
  const denied = deniedToOthers(mode.text);
  if (denied === undefined) return undefined;
  const what = denied === 'execute' ? 'execute' : 'read (a script must be read to run)';
  const range: Range = mode.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return ruleFinding(
    RULE,
    file,
    range,
    `${written} takes away other users' ${what} permission on ${target}. Lambda runs the image as its own non-root user, not as root who owns the file, so the bootstrap fails with "Permission denied" (Runtime.InvalidEntrypoint). Use ${FIXED_MODE}.`,
    mode.range === undefined
      ? []
      : [{ title: `Use mode ${FIXED_MODE}`, edits: [{ range: mode.range, newText: FIXED_MODE }], preferred: true }],
  );
}
