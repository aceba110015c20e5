// `interpreter-missing` (the shebang's or an exec'd interpreter is not on the target) and `missing-tool` (a
// command the script runs is not installed there). A path inside the function or a layer (`./node/bin/node`,
// `$LAMBDA_TASK_ROOT/bin/x`, `/opt/bin/php`) is bundled with it and always fine.
import path from 'node:path';
import { ruleFinding } from '../rules';
import type { Finding } from '../types';
import { availability, installHint } from './base-images';
import type { ShellContext } from './context';
import type { Command, ShellModel } from './model';
import { optionOnAt } from './shell-options';
import { unquote } from './text';
import { DEFAULT_TARGET_SOURCE } from '../../project/target';

const SYSTEM_FOLDERS = new Set(['/bin', '/usr/bin', '/usr/local/bin', '/sbin', '/usr/sbin']);
const INTERPRETER =
  /^(python[\d.]*|node|nodejs|deno|bun|ruby[\d.]*|perl|php[\d.]*|java|dotnet|pwsh|lua|luajit|Rscript|bash|sh|dash|zsh|ksh|fish|tclsh)$/;
// Shell builtins and keywords are never missing, whatever the image.
const BUILTINS = new Set(
  `. : [ alias bg bind break builtin caller cd command compgen complete continue declare dirs disown echo enable
  eval exec exit export false fc fg getopts hash help history jobs kill let local logout mapfile popd printf pushd
  pwd read readarray readonly return set shift shopt source suspend test times trap true type typeset ulimit umask
  unalias unset wait`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** The command name of a program word: `jq`, or `python3` for `/usr/bin/python3`; undefined when bundled. */
function systemCommand(word: string | undefined): string | undefined {
  if (word === undefined || word === '') return undefined;
  if (!word.includes('/')) return word;
  return SYSTEM_FOLDERS.has(path.posix.dirname(word)) ? path.posix.basename(word) : undefined;
}

/**
 * Whether the script puts a folder of its own on PATH (`export PATH="$LAMBDA_TASK_ROOT/bin:$PATH"`): any command
 * it runs by name may then be bundled there, so none is reported as missing.
 */
function extendsPath(context: ShellContext): boolean {
  return context.scope.extendsPath || modelExtendsPath(context.model);
}

/** Whether this one script puts a folder of its own on PATH (see extendsPath). */
export function modelExtendsPath(model: ShellModel): boolean {
  return model.assignments.some(
    (assignment) =>
      assignment.name === 'PATH' &&
      assignment.value !== undefined &&
      unquote(assignment.value)
        .split(':')
        .some(
          (folder) =>
            folder !== '' && !/^\$\{?PATH\}?$/.test(folder) && !SYSTEM_FOLDERS.has(folder.replace(/\/+$/, '')),
        ),
  );
}

/** `interpreter-missing` for the shebang and for `exec`'d interpreters. */
export function lintInterpreters(context: ShellContext): Finding[] {
  const { shebang, target, lines, file, model } = context;
  const findings: Finding[] = [];
  if (shebang !== undefined && shebang.program !== '') {
    const command = shebang.path === undefined ? shebang.program : systemCommand(shebang.path);
    if (command !== undefined && availability(command, target) === 'absent') {
      const range = lines.range(shebang.programStart, shebang.programEnd);
      findings.push(
        ruleFinding('interpreter-missing', file, range, interpreterMessage(context, command, 'The shebang asks for')),
      );
    }
  }
  const ownPath = extendsPath(context);
  for (const command of model.commands) {
    const program = command.program;
    if (ownPath || program === undefined || !program.exec) continue;
    const name = systemCommand(program.name);
    if (name === undefined || !INTERPRETER.test(name) || availability(name, target) !== 'absent') continue;
    const range = lines.range(program.node.start, program.node.end);
    findings.push(
      ruleFinding('interpreter-missing', file, range, interpreterMessage(context, name, 'The bootstrap execs')),
    );
  }
  return findings;
}

function interpreterMessage(context: ShellContext, command: string, what: string): string {
  const hint = installHint(command, context.target);
  const install = hint === undefined ? 'add it to the image' : `install it in the image (\`${hint}\`)`;
  return (
    `${what} \`${command}\`, which ${baseName(context)} does not have: Lambda cannot start the runtime ` +
    `(Runtime.InvalidEntrypoint or Runtime.ExitError, "${command}: not found"). Bundle it with the function ` +
    `(for example \`./bin/${command}\` in the zip or a layer under /opt), or ${install}.`
  );
}

function baseName(context: ShellContext): string {
  const { target } = context;
  const image = target.baseImage ?? target.base;
  return target.source === '' ? image : `${image} (from ${target.source})`;
}

/** `missing-tool`: commands run by the script that the target does not have (first use of each). */
export function lintMissingTools(context: ShellContext): Finding[] {
  const { model, target, lines, file } = context;
  if (extendsPath(context)) return [];
  const checked = existenceChecked(context);
  const reported = new Set<string>();
  const findings: Finding[] = [];
  for (const command of model.commands) {
    const program = command.program;
    if (program === undefined) continue;
    const name = systemCommand(program.name);
    if (
      name === undefined ||
      reported.has(name) ||
      BUILTINS.has(name) ||
      model.functions.has(name) ||
      context.scope.functions.has(name)
    )
      continue;
    if (program.exec && INTERPRETER.test(name)) continue; // interpreter-missing covers it.
    if (checked.has(name) || availability(name, target) !== 'absent') continue;
    reported.add(name);
    const hint = installHint(name, target);
    const uses = model.commands.filter((other) => systemCommand(other.program?.name) === name).length;
    const install = hint === undefined ? 'Add it to the image' : `Install it in the image (\`${hint}\`)`;
    const stops = optionOnAt(context, 'e', command.node.start, command.functionName !== undefined)
      ? 'which under `set -e` stops the bootstrap (Runtime.ExitError)'
      : 'and the bootstrap goes on without its output';
    // Nothing in the project says where the bootstrap runs: the base is the default setting, and this a guess.
    const guess = target.source === DEFAULT_TARGET_SOURCE;
    const caveat = guess
      ? ' This is a guess: no template, Dockerfile or layer says where this bootstrap runs, so the default base ' +
        '(`lambdaRuntime.lint.defaultTarget`) is assumed; a layer or image may well provide it.'
      : '';
    const message =
      `\`${name}\` is not installed on ${baseName(context)}${uses > 1 ? ` (used ${uses} times)` : ''}: it fails with ` +
      `"${name}: command not found" (exit 127), ${stops}. ` +
      `${install} or bundle it with the function (zip or layer).${caveat}`;
    const finding = ruleFinding('missing-tool', file, lines.range(program.node.start, program.node.end), message);
    findings.push(guess ? { ...finding, severity: 'info' } : finding);
  }
  return findings;
}

/** Commands whose presence the script tests (`command -v jq`, `which jq`, `type jq`, `hash jq`). */
function existenceChecked(context: ShellContext): Set<string> {
  const { model } = context;
  const names = new Set<string>();
  const add = (command: Command) => {
    for (const arg of command.args) {
      const word = model.textOf(arg);
      if (!word.startsWith('-')) names.add(path.posix.basename(word.replace(/['"]/g, '')));
    }
  };
  for (const command of model.commands) {
    if (command.name === 'which' || command.name === 'type' || command.name === 'hash') add(command);
    if (command.name === 'command' && command.args.some((arg) => /^-[a-zA-Z]*[vV]/.test(model.textOf(arg))))
      add(command);
  }
  return names;
}
