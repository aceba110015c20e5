/**
 * `npm run bench:debug`: how long F5 takes to stop on a handler breakpoint. Runs the in-editor benchmark
 * (test/integration/bench/debug.test.ts) in the offline editor through test/vscode/run-offline.ts with
 * LRK_TEST_SUITES=bench, one freshly started editor per language, opened on a project with Node and Python
 * functions (test/fixtures/workspaces/debug), so that each language's first session is the first debug session of
 * its editor (js-debug's first run, debugpy's first import, cold caches). Prints, per
 * language, each startDebugging → first-breakpoint time, the median over the sessions after the first and the
 * first session apart, against the 1.5 s target; then where the time goes: each step of a session (the parent
 * session's timeline and what the editor saw of every debug session) as the median time since startDebugging and
 * the time since the step before, for the later sessions and for the first. Every session's steps stay in
 * test-output/bench-debug-<language>.json.
 *
 * The first session's table also shows when the extension activated and got the workspace's debuggers ready
 * (`preparation: ...`, before F5: negative).
 *
 * Options (environment): LRK_BENCH_RUNS (sessions per language, default 6), LRK_BENCH_LANGUAGES (comma-separated,
 * default all of LANGUAGES), LRK_BENCH_FIRST_F5_AFTER (ms between the editor having opened the workspace, with the
 * extension active, and the first F5: default 0, F5 at once, the worst case; e.g. 3000 for a person who first
 * opens a file).
 */
import { execa } from 'execa';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const TARGET_MS = 1_500;
const REPO = path.resolve(import.meta.dirname, '..');
/** Where each language's figures stay for a closer look (every session's steps): test-output/bench-debug-*.json. */
const OUTPUT = path.join(REPO, 'test-output');
/** The languages test/integration/bench/debug.test.ts knows, each benchmarked in an editor of its own. */
const LANGUAGES = ['node', 'python', 'bash'];

type Phases = Record<string, number>;
interface Figures {
  vscodeVersion: string;
  /** When the first F5 came, in ms since the extension host started. */
  firstF5At?: number;
  runs: Record<string, number[]>;
  phases?: Record<string, Phases[]>;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** Languages whose editor run failed (a test failed or no figures): the benchmark then exits 1. */
const failed: string[] = [];

/** Runs the in-editor benchmark for `language` in a new editor; its figures, or undefined with the reason printed. */
async function benchLanguage(language: string): Promise<Figures | undefined> {
  const resultsFile = path.join(OUTPUT, `bench-debug-${language}.json`);
  await rm(resultsFile, { force: true });
  const runner = await execa('npx', ['tsx', path.join(REPO, 'test', 'vscode', 'run-offline.ts')], {
    cwd: REPO,
    reject: false,
    stdio: 'inherit',
    env: {
      LRK_TEST_SUITES: 'bench',
      LRK_TEST_GREP: 'Debugging benchmark',
      LRK_BENCH_RUNS: process.env.LRK_BENCH_RUNS ?? '6',
      LRK_BENCH_FIRST_F5_AFTER: process.env.LRK_BENCH_FIRST_F5_AFTER ?? '0',
      LRK_BENCH_LANGUAGES: language,
      // The editor opens a project with Node and Python functions, as a person's would.
      LRK_TEST_WORKSPACE: 'debug',
      LRK_BENCH_DEBUG_RESULTS: resultsFile,
    },
  });
  try {
    const figures = JSON.parse(await readFile(resultsFile, 'utf8')) as Figures;
    if (runner.exitCode !== 0) failed.push(language);
    return figures;
  } catch {
    failed.push(language);
    console.error(
      `The in-editor benchmark of ${language} wrote no figures (exit ${runner.exitCode}); see test-output/.`,
    );
    return undefined;
  }
}

/** The table of steps: median time since startDebugging and since the previous step, later sessions and first. */
function phaseTable(sessions: readonly Phases[]): string[] {
  const [first, ...later] = sessions;
  const warm = later.length > 0 ? later : sessions;
  const names = [...new Set(sessions.flatMap((phases) => Object.keys(phases)))];
  /** The median time of a step over the later sessions that reached it before stopping (undefined: none did). */
  const at = (name: string) => {
    const times = warm.filter((phases) => name in phases).map((phases) => phases[name]);
    return times.length > 0 ? median(times) : undefined;
  };
  const order = (name: string) => at(name) ?? first?.[name] ?? 0;
  names.sort((a, b) => order(a) - order(b));
  const rows = [['step', 'median at', '+step', 'first at', '+step']];
  let previousWarm = 0;
  // Steps before F5 (the extension's preparation) are negative: the first of them starts the count.
  let previousFirst = Math.min(0, ...Object.values(first ?? {}));
  for (const name of names) {
    const warmAt = at(name);
    const firstAt = first?.[name];
    rows.push([
      name,
      warmAt === undefined ? '-' : `${warmAt.toFixed(0)} ms`,
      warmAt === undefined ? '-' : `${(warmAt - previousWarm).toFixed(0)} ms`,
      firstAt === undefined ? '-' : `${firstAt} ms`,
      firstAt === undefined ? '-' : `${firstAt - previousFirst} ms`,
    ]);
    if (warmAt !== undefined) previousWarm = warmAt;
    if (firstAt !== undefined) previousFirst = firstAt;
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map(
    (row) =>
      `    ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column]))).join('  ')}`,
  );
}

async function main(): Promise<number> {
  const chosen = (process.env.LRK_BENCH_LANGUAGES ?? '').split(',').filter(Boolean);
  const languages = chosen.length > 0 ? chosen : LANGUAGES;
  await mkdir(OUTPUT, { recursive: true });
  const results: Array<[string, Figures | undefined]> = [];
  for (const language of languages) results.push([language, await benchLanguage(language)]);
  const version = results.find(([, figures]) => figures)?.[1]?.vscodeVersion ?? '?';
  console.log(
    `\nF5 to the first handler breakpoint, VS Code ${version} (code-server), a fresh editor per language, target ${seconds(TARGET_MS)}:`,
  );
  for (const [language, figures] of results) {
    const times = figures?.runs[language];
    if (!times || times.length === 0) {
      console.log(`  ${language.padEnd(7)} no figures`);
      continue;
    }
    const [cold, ...warm] = times;
    const typical = median(warm.length > 0 ? warm : times);
    const firstAt =
      figures?.firstF5At === undefined ? '' : `, F5 ${seconds(figures.firstF5At)} after the extension host started`;
    console.log(
      `  ${language.padEnd(7)} median ${seconds(typical)} over ${warm.length || times.length} sessions` +
        ` (${((typical / TARGET_MS) * 100).toFixed(0)}% of target); first session ${seconds(cold)}` +
        ` (${((cold / TARGET_MS) * 100).toFixed(0)}%${firstAt}); all: ${times.map((time) => (time / 1000).toFixed(2)).join(', ')} s`,
    );
  }
  for (const [language, figures] of results) {
    const sessions = figures?.phases?.[language];
    if (!sessions || sessions.length === 0) continue;
    console.log(`\n  ${language}: where the time goes (ms since startDebugging)`);
    for (const line of phaseTable(sessions)) console.log(line);
  }
  if (failed.length > 0)
    console.error(`\nThe in-editor run failed for ${failed.join(', ')}: see above and test-output/.`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
