import { PRODUCT_DISPLAY_NAME, PRODUCT_NAME, PRODUCT_VERSION } from '../core/product';
import { COMMANDS, type CliCommand } from './commands';

/** The overview printed by `--help` and, on standard error, when no subcommand is given. */
export function overviewHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = [
    `${PRODUCT_DISPLAY_NAME} ${PRODUCT_VERSION}: check, run and invoke AWS Lambda custom runtimes locally.`,
    '',
    `Usage: ${PRODUCT_NAME} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options:',
    "  -h, --help     show this help, or a command's with `<command> --help`",
    '  -v, --version  print the version',
    '',
    'Synopsis:',
    ...COMMANDS.flatMap((command) => command.usage.map(usageLine)),
    '',
  ];
  return lines.join('\n');
}

/** The usage of one subcommand, for `<command> --help` and usage errors. */
export function commandHelp(command: CliCommand): string {
  const lines = [
    `${PRODUCT_NAME} ${command.name}: ${command.summary}`,
    '',
    'Usage:',
    ...command.usage.map(usageLine),
    '',
  ];
  return lines.join('\n');
}

// A usage line that starts with a space continues the one above it, so it is indented past the program name.
function usageLine(line: string): string {
  return line.startsWith(' ') ? `  ${' '.repeat(PRODUCT_NAME.length + 1)}${line}` : `  ${PRODUCT_NAME} ${line}`;
}
