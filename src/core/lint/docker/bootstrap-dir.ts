// `docker-bootstrap-dir`: on an OS-only Lambda image, /lambda-entrypoint.sh runs exactly /var/runtime/bootstrap
// (`RUNTIME_ENTRYPOINT=/var/runtime/bootstrap; exec $RUNTIME_ENTRYPOINT`, in aws-lambda-base-images). Unlike the
// local emulator run without an argument, which also tries /var/task/bootstrap and /opt/bootstrap
// (aws-lambda-runtime-interface-emulator, cmd/aws-lambda-rie), the deployed function never looks anywhere else:
// a bootstrap elsewhere fails with Runtime.InvalidEntrypoint.
import path from 'node:path';
import { RUNTIME_BOOTSTRAP } from '../../project/context-files';
import { copyTargets, type DockerfileFacts } from '../../project/dockerfile-facts';
import { BOOTSTRAP_NAME } from '../../project/names';
import { ruleFinding } from '../rules';
import type { Finding, Fix } from '../types';
import { isBootstrapCopy, providesRuntimeBootstrap, wordText } from './shared';

const RULE = 'docker-bootstrap-dir';

export function checkBootstrapDir(facts: DockerfileFacts): Finding[] {
  if (facts.image?.kind !== 'provided' || !facts.lambdaEntrypoint || facts.chain.length === 0) return [];
  if (providesRuntimeBootstrap(facts)) return [];
  const misplaced = facts.copies.filter(isBootstrapCopy);
  if (misplaced.length === 0) {
    const from = facts.chain[facts.chain.length - 1].from;
    return [
      ruleFinding(
        RULE,
        facts.file,
        from.getRange(),
        `Nothing is copied to ${RUNTIME_BOOTSTRAP}: this base image's /lambda-entrypoint.sh runs that file and nothing else, so the function fails with Runtime.InvalidEntrypoint. Copy your runtime there (COPY bootstrap \${LAMBDA_RUNTIME_DIR}) or set ENTRYPOINT to your program.`,
      ),
    ];
  }
  return misplaced.map((copy) => {
    const landed =
      copyTargets(copy).find((target) => path.posix.basename(target) === BOOTSTRAP_NAME) ?? copy.destinationPath;
    const fixes: Fix[] = [];
    if (copy.sources.length === 1 && copy.destination.range !== undefined) {
      const sourceName = path.posix.basename(copy.sources[0].text.replace(/\/+$/, ''));
      const destination = sourceName === BOOTSTRAP_NAME ? '${LAMBDA_RUNTIME_DIR}' : '${LAMBDA_RUNTIME_DIR}/bootstrap';
      fixes.push({
        title: `Copy it to ${destination}`,
        edits: [{ range: copy.destination.range, newText: wordText(destination, copy.json) }],
        preferred: true,
      });
    }
    return ruleFinding(
      RULE,
      facts.file,
      copy.destination.range ?? copy.instruction.getRange(),
      `The bootstrap is copied to ${landed}, but Lambda runs ${RUNTIME_BOOTSTRAP} (\${LAMBDA_RUNTIME_DIR}/bootstrap) on this base image and looks nowhere else: the function fails with Runtime.InvalidEntrypoint. Copy it to \${LAMBDA_RUNTIME_DIR} instead.`,
      fixes,
    );
  });
}
