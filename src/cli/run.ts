import { PRODUCT_NAME, PRODUCT_VERSION } from '../core/product';
import { findCommand } from './commands';
import { EXIT_OK, EXIT_USAGE } from './exit-codes';
import { commandHelp, overviewHelp } from './help';
import type { CliIO } from './io';

const HELP_FLAGS = new Set(['-h', '--help']);
const VERSION_FLAGS = new Set(['-v', '--version']);

/**
 * Runs the command line `args` (without the node and script paths) and resolves to the exit status.
 * Never throws for bad usage: that is a message on `io.err` and status 2, as the contract says.
 */
export async function runCli(args: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) {
    io.err(overviewHelp());
    return EXIT_USAGE;
  }
  if (HELP_FLAGS.has(first) || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const command = topic === undefined ? undefined : findCommand(topic);
    if (topic !== undefined && command === undefined) return unknownCommand(topic, io);
    io.out(command ? commandHelp(command) : overviewHelp());
    return EXIT_OK;
  }
  if (VERSION_FLAGS.has(first)) {
    io.out(`${PRODUCT_VERSION}\n`);
    return EXIT_OK;
  }
  const command = findCommand(first);
  if (command === undefined) return unknownCommand(first, io);
  if (rest.some((arg) => HELP_FLAGS.has(arg))) {
    io.out(commandHelp(command));
    return EXIT_OK;
  }
  return command.run(rest, io);
}

function unknownCommand(name: string, io: CliIO): number {
  io.err(`${PRODUCT_NAME}: unknown command '${name}'. Run '${PRODUCT_NAME} --help' for the list of commands.\n`);
  return EXIT_USAGE;
}
