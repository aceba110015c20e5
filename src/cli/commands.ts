import type { CliIO } from './io';
import { runCheckCommand } from './check';
import { runEvents } from './events';
import { runInvoke } from './invoke';
import { runLint } from './lint';
import { runNew } from './new';
import { runPackage } from './package';
import { runServe } from './serve';

/** One subcommand of `lambda-runtime-kit`: its usage text and, once built, what runs it. */
export interface CliCommand {
  readonly name: string;
  /** One line for the overview in `--help`. */
  readonly summary: string;
  /** The synopsis lines, as DESIGN.md gives them. */
  readonly usage: readonly string[];
  readonly run: (args: readonly string[], io: CliIO) => Promise<number>;
}

/** The subcommands of the command-line contract, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'lint',
    summary: 'check bootstraps, Dockerfiles, SAM templates and deployment zips for mistakes Lambda fails on',
    usage: ['lint [PATH...] [--format text|json|sarif] [--no-shellcheck]'],
    run: (args, io) => runLint(args, io),
  },
  {
    name: 'serve',
    summary: 'run a bootstrap behind a local Runtime API and Invoke API, as Lambda would',
    usage: [
      'serve --bootstrap PATH [--handler H] [--port N] [--timeout S] [--memory MB]',
      '      [--concurrency N] [--env-vars F] [--watch]',
      '      [--max-concurrency N] [--log-format Text|JSON] [--log-level LEVEL]',
      'serve --zip FILE [--handler H] [--port N] [--timeout S] [--memory MB] [--concurrency N] [--env-vars F]',
      'serve --template template.yaml [--max-concurrency N] [--log-format Text|JSON] [--log-level LEVEL]',
      '      [--sandbox auto|on|off] [--layer ARN=PATH]...',
    ],
    run: (args, io) => runServe(args, io),
  },
  {
    name: 'invoke',
    summary: 'start a bootstrap, invoke it once and print the response',
    usage: [
      'invoke --bootstrap PATH [--handler H] [--event FILE|-] [--timeout S] [--memory MB] [--env-vars F]',
      '       [--tenant-id T] [--max-concurrency N] [--log-format Text|JSON] [--log-level LEVEL]',
      'invoke --zip FILE [--handler H] [--event FILE|-] [--timeout S] [--memory MB] [--env-vars F]',
      'invoke --template template.yaml --function NAME [--event FILE|-]',
      '      [--sandbox auto|on|off] [--layer ARN=PATH]...',
    ],
    run: (args, io) => runInvoke(args, io),
  },
  {
    name: 'new',
    summary: 'scaffold a working custom runtime in a new folder',
    usage: [
      'new LANGUAGE DIR [--image | --layer] [--arch x86_64|arm64] [--name NAME]',
      '    [--base provided.al2023|provided.al2]',
    ],
    run: (args, io) => runNew(args, io),
  },
  {
    name: 'events',
    summary: 'list or print the built-in sample events',
    usage: ['events list', 'events show SOURCE'],
    run: (args, io) => runEvents(args, io),
  },
  {
    name: 'package',
    summary: 'build the zip Lambda runs for each function and layer, then check it',
    usage: ['package [DIR] [--template template.yaml] [--function NAME] [--out DIR]'],
    run: (args, io) => runPackage(args, io),
  },
  {
    name: 'check',
    summary: 'run a runtime through conformance scenarios and report what it gets wrong, with the fix',
    usage: [
      'check --bootstrap PATH [--handler H] [--error-handler H] [--format text|json|junit]',
      '      [--scenario ID]... [--managed-instances] [--timeout S] [--memory MB] [--env-vars F]',
      'check --template T [--function NAME] [--error-handler H] [--format text|json|junit]',
    ],
    run: (args, io) => runCheckCommand(args, io),
  },
];

/** The subcommand called `name`, if there is one. */
export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}
