import type { CliIO } from './io';
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
      'serve --zip FILE [--handler H] [--port N] [--timeout S] [--memory MB] [--concurrency N] [--env-vars F]',
      'serve --template template.yaml',
    ],
    run: (args, io) => runServe(args, io),
  },
  {
    name: 'invoke',
    summary: 'start a bootstrap, invoke it once and print the response',
    usage: [
      'invoke --bootstrap PATH [--handler H] [--event FILE|-] [--timeout S] [--memory MB] [--env-vars F]',
      'invoke --zip FILE [--handler H] [--event FILE|-] [--timeout S] [--memory MB] [--env-vars F]',
    ],
    run: (args, io) => runInvoke(args, io),
  },
  {
    name: 'new',
    summary: 'scaffold a working custom runtime in a new folder',
    usage: [
      'new LANGUAGE DIR [--image] [--arch x86_64|arm64] [--name NAME]',
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
];

/** The subcommand called `name`, if there is one. */
export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}
