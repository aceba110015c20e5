// `docker-cmd-handler`: on a Lambda base image the container starts /lambda-entrypoint.sh, which takes exactly one
// argument, the handler, and otherwise prints "entrypoint requires the handler name to be the first argument" and
// exits 142 (Runtime.ExitError). CMD supplies that argument: it must exist and be a one-element JSON array.
// A shell-form CMD becomes ["/bin/sh", "-c", "..."]: three arguments.
import type { DockerfileFacts } from '../../project/dockerfile-facts';
import { ruleFinding } from '../rules';
import type { Finding, Fix } from '../types';
import { endOfText } from './shared';

const RULE = 'docker-cmd-handler';

/** `overridden`: a template function building this image sets ImageConfig.Command, which replaces CMD. */
export function checkCmdHandler(facts: DockerfileFacts, text: string, overridden: boolean): Finding[] {
  if (!facts.lambdaEntrypoint || overridden || facts.chain.length === 0) return [];
  const file = facts.file;
  const cmd = facts.cmd;
  // `ENTRYPOINT ["/lambda-entrypoint.sh", "function.handler"]` passes the handler itself; CMD then adds to it.
  const given = facts.entrypoint?.form === 'json' ? facts.entrypoint.args.slice(1) : [];
  if (given.length > 0) return checkHandlerInEntrypoint(facts, given);
  if (cmd === undefined) {
    const from = facts.chain[facts.chain.length - 1].from;
    const handler = guessHandler(facts);
    const end = endOfText(text);
    const fix: Fix = {
      title: `Add CMD ["${handler}"]`,
      edits: [{ range: end.range, newText: `${end.needsNewline ? '\n' : ''}CMD ["${handler}"]\n` }],
    };
    return [
      ruleFinding(
        RULE,
        file,
        from.getRange(),
        `No CMD: the base image's /lambda-entrypoint.sh needs the handler as its only argument and exits 142 without it (Runtime.ExitError). Add CMD ["${handler}"] (or set ImageConfig.Command in the template).`,
        [fix],
      ),
    ];
  }
  const range = cmd.argsRange ?? cmd.instruction.getRange();
  if (cmd.form === 'shell') {
    const words = cmd.args;
    const handler =
      singleQuotedHandler(words.join(' ')) ??
      (words.length === 1 && /^[^"'$\\\s]+$/.test(words[0]) ? words[0] : undefined);
    const fixes: Fix[] =
      handler === undefined
        ? []
        : [
            {
              title: `Use the JSON form: CMD ["${handler}"]`,
              edits: [{ range, newText: JSON.stringify([handler]) }],
              preferred: true,
            },
          ];
    return [
      ruleFinding(
        RULE,
        file,
        range,
        `CMD in shell form runs as ["/bin/sh", "-c", "${words.join(' ')}"]: /lambda-entrypoint.sh gets three arguments instead of the handler and exits 142 (Runtime.ExitError). Write it as a JSON array with one element, the handler.`,
        fixes,
      ),
    ];
  }
  if (cmd.args.length === 1) {
    // An empty handler only breaks the language images, whose runtime clients load it; a custom bootstrap may ignore it.
    if (cmd.args[0].trim() === '' && facts.image?.kind === 'managed') {
      return [
        ruleFinding(
          RULE,
          file,
          range,
          'CMD gives an empty handler; the runtime cannot load it. Name the handler, for example CMD ["app.handler"].',
        ),
      ];
    }
    return [];
  }
  if (cmd.args.length === 0) {
    return [
      ruleFinding(
        RULE,
        file,
        range,
        'CMD [] gives /lambda-entrypoint.sh no handler: it exits 142 (Runtime.ExitError). Name the handler: CMD ["function.handler"].',
      ),
    ];
  }
  const first = cmd.args[0];
  return [
    ruleFinding(
      RULE,
      file,
      range,
      `CMD has ${cmd.args.length} elements; /lambda-entrypoint.sh takes exactly one, the handler, and exits 142 otherwise (Runtime.ExitError). To pass arguments to a program, set ENTRYPOINT to it instead.`,
      first.trim() === ''
        ? []
        : [{ title: `Keep only the handler: CMD ["${first}"]`, edits: [{ range, newText: JSON.stringify([first]) }] }],
    ),
  ];
}

function checkHandlerInEntrypoint(facts: DockerfileFacts, given: readonly string[]): Finding[] {
  const entrypoint = facts.entrypoint!;
  const cmd = facts.cmd;
  const added = cmd === undefined ? 0 : cmd.form === 'shell' ? 3 : cmd.args.length;
  if (given.length === 1 && added === 0) return [];
  const total = given.length + added;
  if (given.length > 1) {
    return [
      ruleFinding(
        RULE,
        facts.file,
        entrypoint.argsRange ?? entrypoint.instruction.getRange(),
        `ENTRYPOINT gives /lambda-entrypoint.sh ${total} arguments; it takes exactly one, the handler, and exits 142 otherwise (Runtime.ExitError). Keep only /lambda-entrypoint.sh in ENTRYPOINT and put the handler in CMD.`,
      ),
    ];
  }
  return [
    ruleFinding(
      RULE,
      facts.file,
      cmd!.argsRange ?? cmd!.instruction.getRange(),
      `ENTRYPOINT already gives /lambda-entrypoint.sh the handler (${given[0]}), and CMD adds ${added} more argument${added === 1 ? '' : 's'}: it gets ${total} and exits 142 (Runtime.ExitError). Remove the CMD, or keep the handler in CMD only.`,
    ),
  ];
}

/** `['app.handler']`: meant as JSON, but single quotes make it the shell form. */
function singleQuotedHandler(text: string): string | undefined {
  if (!/^\[.*\]$/s.test(text.trim())) return undefined;
  try {
    const value: unknown = JSON.parse(text.replace(/'/g, '"'));
    return Array.isArray(value) && typeof value[0] === 'string' && value[0] !== '' ? value[0] : undefined;
  } catch {
    return undefined;
  }
}

/** `function.handler` when function.sh is copied (the AWS example), else `handler`: the bootstrap reads it as _HANDLER. */
function guessHandler(facts: DockerfileFacts): string {
  for (const copy of facts.copies) {
    for (const source of copy.sources) {
      const match = /^([\w-]+)\.(sh|py|js|mjs|rb|php|pl|ts)$/.exec(source.text.split('/').pop() ?? '');
      if (match !== null) return `${match[1]}.handler`;
    }
  }
  return 'handler';
}
