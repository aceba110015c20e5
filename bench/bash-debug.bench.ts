/**
 * `npm run bench:bash`: what the bash debugger costs a runtime that is not stopped. The AWS tutorial's runtime
 * (test/fixtures/runtimes/bash-tutorial) is invoked N times through the emulator without the debugger, then with
 * the debugger attached (a DAP client on the real BashDebugSession) and no breakpoint, then with a breakpoint in
 * function.sh whose condition is never true (every command of that file then leaves the hot path, and the
 * condition is evaluated once per invoke). Prints the median and mean invoke time of each and the ratio to the
 * run without the debugger (target: at most 2x with no breakpoint hit).
 *
 * Options (environment): BENCH_INVOKES (default 200).
 */
import path from 'node:path';
import { harness, BASH_TUTORIAL, noCurlOrBash } from '../test/unit/emulator/core/helpers';
import { bashFunction, debugBash } from '../test/unit/debug/bash/support';
import type { Emulator } from '../src/core/emulator/types';

const INVOKES = Number(process.env.BENCH_INVOKES ?? 200);
const WARMUP = 10;
const FUNCTION_SH = path.join(BASH_TUTORIAL, 'function.sh');

interface Figures {
  readonly median: number;
  readonly mean: number;
}

async function measure(emulator: Emulator): Promise<Figures> {
  const payload = Buffer.from(JSON.stringify({ hello: 'world' }));
  for (let i = 0; i < WARMUP; i++) await emulator.invoke({ payload });
  const times: number[] = [];
  for (let i = 0; i < INVOKES; i++) {
    const started = performance.now();
    const result = await emulator.invoke({ payload });
    times.push(performance.now() - started);
    if (result.functionError) throw new Error(`invoke ${i} failed: ${Buffer.from(result.payload).toString()}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], mean: times.reduce((a, b) => a + b, 0) / times.length };
}

async function main(): Promise<number> {
  if (noCurlOrBash) {
    console.log(`bench:bash skipped: ${noCurlOrBash}`);
    return 0;
  }
  const fn = () => bashFunction(BASH_TUTORIAL, 'bench');
  const rows: Array<[string, Figures]> = [];

  const plain = await harness({ functions: [fn()], port: 0, anyName: true });
  try {
    rows.push(['without the debugger', await measure(plain.emulator)]);
  } finally {
    await plain.stop();
  }
  const attached = await debugBash(fn());
  try {
    rows.push(['debugger attached, no breakpoint', await measure(attached.runtime.emulator)]);
  } finally {
    await attached.stop();
  }
  const conditional = await debugBash(fn(), {
    breakpoints: { [FUNCTION_SH]: [{ line: 4, condition: '[[ $EVENT_DATA == never ]]' }] },
  });
  try {
    rows.push(['a breakpoint in function.sh, never hit', await measure(conditional.runtime.emulator)]);
  } finally {
    await conditional.stop();
  }

  const base = rows[0][1].median;
  console.log(`\nThe AWS tutorial runtime, ${INVOKES} invokes after ${WARMUP} of warm-up (target: at most 2x):`);
  for (const [label, figures] of rows) {
    console.log(
      `  ${label.padEnd(40)} median ${figures.median.toFixed(2)} ms, mean ${figures.mean.toFixed(2)} ms,` +
        ` ratio ${(figures.median / base).toFixed(2)}x`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
