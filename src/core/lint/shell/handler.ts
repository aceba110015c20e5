// `handler-missing`: the bootstrap runs the function the Handler setting names (the AWS tutorial's
// `$(echo "$_HANDLER" | cut -d. -f2) "$EVENT_DATA"`), but nothing the bootstrap reads defines it, or the file
// the Handler names (`function` → function.sh) is not there to be sourced.
import path from 'node:path';
import { ruleFinding } from '../rules';
import type { Finding } from '../types';
import type { ShellContext } from './context';
import type { ShellModel } from './model';
import { handlerFilePart, singleValues } from './source-paths';
import type { SourceGraph } from './sources';
import type { LineIndex } from './text';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A file of the set the bootstrap runs: the bootstrap itself or one it sources. */
export interface ScriptFile {
  readonly file: string;
  readonly model: ShellModel;
  readonly lines: LineIndex;
}

/** `handler-missing` over the bootstrap and the files it sources (findings go to the file they are in). */
export function lintHandler(context: ShellContext, graph: SourceGraph, files: readonly ScriptFile[]): Finding[] {
  const handler = context.target.handler;
  if (handler === undefined) return [];
  const origin = context.target.source;
  const byFile = new Map(files.map((script) => [script.file, script]));
  const findings: Finding[] = [];
  for (const source of graph.commands) {
    if (source.path.kind !== 'missing-handler-file') continue;
    const script = byFile.get(source.file);
    const arg = source.command.args[0];
    if (script === undefined || arg === undefined) continue;
    const name = path.basename(source.path.file);
    const message =
      `The Handler \`${handler}\` (${origin}) names the file \`${name}\`, which is not in ` +
      `${path.dirname(source.path.file)}: this \`${source.command.name}\` fails ("No such file or directory") and the ` +
      `bootstrap stops before its first event (Runtime.ExitError). Add \`${name}\` beside the bootstrap, or correct ` +
      `the Handler (\`${handlerFilePart(handler)}\` is the part before the dot).`;
    findings.push(ruleFinding('handler-missing', source.file, script.lines.range(arg.start, arg.end), message));
  }
  const functionName = handler.split('.')[1];
  if (findings.length > 0 || functionName === undefined || !NAME.test(functionName)) return findings;
  // Code the linter cannot see may define it.
  if ([...graph.unknownCode.values()].some((offsets) => offsets.length > 0)) return findings;
  if (files.some((script) => script.model.functions.has(functionName))) return findings;
  for (const script of files) {
    const call = handlerCall(script.model);
    if (call === undefined) continue;
    const names = files.map((other) => `\`${path.basename(other.file)}\``).join(', ');
    const message =
      `The Handler \`${handler}\` (${origin}) names the function \`${functionName}\`, which is defined nowhere the ` +
      `bootstrap reads (${names}): this call fails with "${functionName}: command not found" on every event. ` +
      `Define \`${functionName}\` in the sourced handler file, or correct the Handler (the part after the dot).`;
    findings.push(ruleFinding('handler-missing', script.file, script.lines.range(call.start, call.end), message));
    break;
  }
  return findings;
}

/**
 * The command that runs the handler function: its name is built from `$_HANDLER` (written there, or through a
 * variable assigned from it).
 */
function handlerCall(model: ShellModel): { start: number; end: number } | undefined {
  const values = singleValues(model);
  const fromHandler = new Set([...values].filter(([, value]) => value.includes('_HANDLER')).map(([name]) => name));
  for (const command of model.commands) {
    // A name that is a command substitution is captured as that substitution, not as the command's name.
    const start = command.node.start;
    const name = command.nameText ?? model.text.slice(start, command.args[0]?.start ?? command.node.end).trimEnd();
    const variable = /^"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?$/.exec(name);
    if (name.includes('_HANDLER') || (variable !== null && fromHandler.has(variable[1]!))) {
      return command.nameNode === undefined ? { start, end: start + name.length } : command.nameNode;
    }
  }
  return undefined;
}
