// `docker-entrypoint` (info): an ENTRYPOINT that replaces Lambda's /lambda-entrypoint.sh works when the program is
// itself a Runtime API client (aws-lambda-go, cargo-lambda...), as in AWS's own Go example, but loses what that
// script does: start the Runtime Interface Emulator under `docker run` and pass CMD as the handler (_HANDLER).
// The shell form runs the program under `/bin/sh -c`, which ignores CMD and keeps signals from the program.
import type { DockerfileFacts } from '../../project/dockerfile-facts';
import { ruleFinding } from '../rules';
import type { Finding, Fix } from '../types';

const RULE = 'docker-entrypoint';
const SIMPLE_WORD = /^[\w./:=@%+,-]+$/;

/** `overridden`: a template function building this image sets ImageConfig.EntryPoint. */
export function checkEntrypoint(facts: DockerfileFacts, overridden: boolean): Finding[] {
  const entrypoint = facts.entrypoint;
  if (entrypoint === undefined || overridden) return [];
  const range = entrypoint.argsRange ?? entrypoint.instruction.getRange();
  if (entrypoint.form === 'shell') {
    const fixes: Fix[] =
      entrypoint.args.length > 0 && entrypoint.args.every((word) => SIMPLE_WORD.test(word))
        ? [
            {
              title: 'Use the JSON form',
              edits: [{ range, newText: JSON.stringify(entrypoint.args) }],
              preferred: true,
            },
          ]
        : [];
    return [
      ruleFinding(
        RULE,
        facts.file,
        range,
        `ENTRYPOINT in shell form runs under /bin/sh -c: CMD is ignored and the program does not receive signals such as SIGTERM itself. Use the JSON form, ENTRYPOINT ${JSON.stringify(entrypoint.args)}.`,
        fixes,
      ),
    ];
  }
  if (facts.image === undefined || facts.image.kind === 'other' || facts.lambdaEntrypoint) return [];
  return [
    ruleFinding(
      RULE,
      facts.file,
      range,
      `ENTRYPOINT replaces the base image's /lambda-entrypoint.sh: Lambda starts ${entrypoint.args[0] ?? 'nothing'} directly, which must then talk to the Runtime API itself; \`docker run\` no longer starts the Runtime Interface Emulator and CMD is not passed as the handler (_HANDLER).`,
    ),
  ];
}
