// `lambda-runtime-kit events list | events show SOURCE`: the built-in sample events, for `invoke --event`.
import { findEvent, SAMPLE_EVENTS } from '../core/scaffold/events';
import { PRODUCT_NAME } from '../core/product';
import { EXIT_OK, EXIT_USAGE } from './exit-codes';
import type { CliIO } from './io';
import { closestNames } from './suggest';

const USAGE = `Usage: ${PRODUCT_NAME} events list\n       ${PRODUCT_NAME} events show SOURCE\n`;

/**
 * Runs `events` with `args` (after the subcommand). `list` prints a table of ids and titles; `show SOURCE`
 * prints the event's JSON on stdout, exactly as the catalogue holds it, so `events show sqs > event.json`
 * gives a file `invoke --event` takes. Resolves to 0, or 2 on bad usage or an unknown id.
 */
export async function runEvents(args: readonly string[], io: CliIO): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'list') {
    if (rest.length > 0) return usage(io, `'events list' takes no argument, not '${rest[0]}'`);
    io.out(eventTable());
    return EXIT_OK;
  }
  if (action === 'show') {
    if (rest.length === 0) return usage(io, "'events show' needs the id of an event (see 'events list')");
    if (rest.length > 1) return usage(io, `'events show' takes one id, not also '${rest[1]}'`);
    const sample = findEvent(rest[0]);
    if (sample === undefined) return unknownEvent(rest[0], io);
    io.out(sample.json);
    return EXIT_OK;
  }
  return usage(io, action === undefined ? 'missing list or show' : `unknown action '${action}'; use list or show`);
}

function eventTable(): string {
  const width = Math.max('SOURCE'.length, ...SAMPLE_EVENTS.map((sample) => sample.source.length));
  const lines = [
    `${'SOURCE'.padEnd(width)}  TITLE`,
    ...SAMPLE_EVENTS.map((sample) => `${sample.source.padEnd(width)}  ${sample.title}`),
  ];
  return `${lines.join('\n')}\n`;
}

function unknownEvent(source: string, io: CliIO): number {
  const ids = SAMPLE_EVENTS.map((sample) => sample.source);
  const close = closestNames(source, ids);
  const hint =
    close.length > 0
      ? `Did you mean ${close.map((id) => `'${id}'`).join(' or ')}? Run '${PRODUCT_NAME} events list' for all.`
      : `Known events: ${ids.join(', ')}.`;
  io.err(`${PRODUCT_NAME} events: no sample event '${source}'. ${hint}\n`);
  return EXIT_USAGE;
}

function usage(io: CliIO, message: string): number {
  io.err(`${PRODUCT_NAME} events: ${message}.\n${USAGE}`);
  return EXIT_USAGE;
}
