/**
 * `npm run bench:debug`: how long F5 takes to stop on a handler breakpoint. Runs the in-editor benchmark
 * (test/integration/bench/debug.test.ts) in the offline editor through test/vscode/run-offline.ts with
 * LRK_TEST_SUITES=bench, then prints, for Node and Python, each startDebugging → first-breakpoint time, the
 * median and its ratio to the 3 s target. The first session of each language includes the debugger's cold start
 * (js-debug activation, debugpy's first import) and is shown apart; the median is over the rest.
 *
 * Options (environment): LRK_BENCH_RUNS (sessions per language, default 6).
 */
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const TARGET_MS = 3_000;
const REPO = path.resolve(import.meta.dirname, '..');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<number> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'lrk-bench-debug-'));
  const resultsFile = path.join(scratch, 'debug-bench.json');
  try {
    const runner = await execa('npx', ['tsx', path.join(REPO, 'test', 'vscode', 'run-offline.ts')], {
      cwd: REPO,
      reject: false,
      stdio: 'inherit',
      env: {
        LRK_TEST_SUITES: 'bench',
        LRK_TEST_GREP: 'Debugging benchmark',
        LRK_BENCH_RUNS: process.env.LRK_BENCH_RUNS ?? '6',
        LRK_BENCH_DEBUG_RESULTS: resultsFile,
      },
    });
    let data: { vscodeVersion: string; runs: Record<string, number[]> };
    try {
      data = JSON.parse(await readFile(resultsFile, 'utf8'));
    } catch {
      console.error(`The in-editor benchmark wrote no figures (runner exit ${runner.exitCode}); see test-output/.`);
      return 1;
    }
    console.log(
      `\nF5 to the first handler breakpoint, VS Code ${data.vscodeVersion} (code-server), target ${TARGET_MS / 1000} s:`,
    );
    for (const [language, times] of Object.entries(data.runs)) {
      const [cold, ...warm] = times;
      const typical = median(warm.length > 0 ? warm : times);
      console.log(
        `  ${language.padEnd(7)} median ${(typical / 1000).toFixed(2)} s over ${warm.length || times.length} sessions` +
          ` (${((typical / TARGET_MS) * 100).toFixed(0)}% of target); first session ${(cold / 1000).toFixed(2)} s;` +
          ` all: ${times.map((time) => (time / 1000).toFixed(2)).join(', ')} s`,
      );
    }
    return runner.exitCode ?? 1;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
