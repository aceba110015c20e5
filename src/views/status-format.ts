// What the emulator's status bar item says. Pure, so it is unit-tested; status-bar.ts puts it on the item.
import type { Emulator } from '../core/emulator/types';

/** The parts of a run (src/debug/runs.ts LambdaRun) the item shows. */
export interface RunFacts {
  readonly functionName: string;
  readonly emulator: Pick<Emulator, 'url' | 'port'>;
  readonly debugging: boolean;
}

/** What the item shows, for the status command the tests read. */
export interface StatusSnapshot {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
}

/** `$(zap) Lambda :9001`, `$(zap) Lambda :9001 +1` when emulators listen on several ports; undefined when none runs. */
export function statusText(runs: readonly Pick<RunFacts, 'emulator'>[]): string | undefined {
  const ports = [...new Set(runs.map((run) => run.emulator.port))];
  if (ports.length === 0) return undefined;
  return `$(zap) Lambda :${ports.at(-1)}${ports.length > 1 ? ` +${ports.length - 1}` : ''}`;
}

/** One line per running function: its name, the Invoke API's URL, and whether a debugger is attached. */
export function statusTooltip(runs: readonly RunFacts[]): string {
  const lines = runs.map(
    (run) => `- **${run.functionName}** on ${run.emulator.url}${run.debugging ? ' (debugging)' : ''}`,
  );
  return ['Lambda Runtime API emulator', '', ...lines, '', 'Click to show the Lambda Invocations view.'].join('\n');
}
