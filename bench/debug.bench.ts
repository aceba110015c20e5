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
 * Two references show what the editor and the runtime take without us: `node-plain`, the same Node.js handler called
 * by plain Node.js under js-debug alone (no emulator, no `lambda-runtime` session) in a fresh editor of its own, and,
 * after the editors, the Python fixture's bootstrap started outside the editor until debugpy listens.
 *
 * Options (environment): LRK_BENCH_RUNS (sessions per language, default 6), LRK_BENCH_LANGUAGES (comma-separated,
 * default all of LANGUAGES), LRK_BENCH_FIRST_F5_AFTER (ms between the editor having opened the workspace, with the
 * extension active, and the first F5: default 0, F5 at once, the worst case; e.g. 3000 for a person who first
 * opens a file), LRK_BENCH_EDITORS (fresh editors per language, default 1: with more, the first session is the
 * median of each editor's first, the later sessions are pooled, and each editor's figures stay in
 * test-output/bench-debug-<language>-<n>.json).
 */
import { execa } from 'execa';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { waitForListening } from '../src/core/debug/adapters/wait-listening';
import { debugpyEnvironment, findDebugpy, pythonCandidates, writeDebugpyBootstrap } from '../src/core/debug/debugpy';
import { bypassVersionShims, folderAndAncestors } from '../src/core/emulator/version-shims';
import { freePort } from '../src/core/free-port';

const TARGET_MS = 1_500;
const REPO = path.resolve(import.meta.dirname, '..');
/** Where each language's figures stay for a closer look (every session's steps): test-output/bench-debug-*.json. */
const OUTPUT = path.join(REPO, 'test-output');
/**
 * The languages test/integration/bench/debug.test.ts knows, each benchmarked in an editor of its own; `node-plain` is
 * the reference, the handler run by plain Node.js under js-debug alone.
 */
const LANGUAGES = ['node', 'python', 'bash', 'node-plain'];
/** What the tables call each benchmark. */
const LABELS: Record<string, string> = { 'node-plain': 'Node.js alone (js-debug, no Lambda: the reference)' };

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

/** Fresh editors per language (LRK_BENCH_EDITORS). */
const EDITORS = Math.max(1, Number(process.env.LRK_BENCH_EDITORS ?? 1));

/** Runs the in-editor benchmark for `language` in a new editor; its figures, or undefined with the reason printed. */
async function benchLanguage(language: string, editor: number): Promise<Figures | undefined> {
  const resultsFile = path.join(OUTPUT, `bench-debug-${language}${EDITORS > 1 ? `-${editor}` : ''}.json`);
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

/** Each step's median over `sessions` that reached it (undefined: none did). */
function medianPhases(sessions: readonly Phases[]): Phases {
  const names = [...new Set(sessions.flatMap((phases) => Object.keys(phases)))];
  const result: Phases = {};
  for (const name of names) {
    const times = sessions.filter((phases) => name in phases).map((phases) => phases[name]);
    if (times.length > 0) result[name] = Math.round(median(times));
  }
  return result;
}

/**
 * The table of steps: median time since startDebugging and since the previous step, for the later sessions and for
 * the first sessions (one per editor).
 */
function phaseTable(firsts: readonly Phases[], later: readonly Phases[]): string[] {
  const warm = medianPhases(later.length > 0 ? later : firsts);
  const first = medianPhases(firsts);
  const names = [...new Set([...Object.keys(warm), ...Object.keys(first)])];
  const order = (name: string) => warm[name] ?? first[name] ?? 0;
  names.sort((a, b) => order(a) - order(b));
  const rows = [['step', 'median at', '+step', 'first at', '+step']];
  let previousWarm = 0;
  // Steps before F5 (the extension's preparation) are negative: the first of them starts the count.
  let previousFirst = Math.min(0, ...Object.values(first));
  for (const name of names) {
    const warmAt = warm[name];
    const firstAt = first[name];
    rows.push([
      name,
      warmAt === undefined ? '-' : `${warmAt} ms`,
      warmAt === undefined ? '-' : `${warmAt - previousWarm} ms`,
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

/**
 * Outside the editor: how long the Python fixture's bootstrap takes, with the PATH the emulator gives it, from its
 * start to debugpy listening (what the first Python session waits for in the editor, there under the editor's load),
 * and python3 alone (`python3 -c pass`) with that PATH and with this shell's (which may hold a pyenv shim).
 * Undefined, with the reason printed, where there is no debugpy.
 */
async function pythonStart(
  runs = 5,
): Promise<{ listening: number; interpreter: number; hostInterpreter: number } | undefined> {
  const bootstrap = path.join(REPO, 'test', 'fixtures', 'workspaces', 'debug', 'python', 'bootstrap');
  const install = await findDebugpy(pythonCandidates(bootstrap, process.env.PATH));
  if (!install) {
    console.log('  python  (no debugpy here: the start outside the editor is not measured)');
    return undefined;
  }
  const injected = await writeDebugpyBootstrap(install.packageDir);
  const taskRoot = path.dirname(bootstrap);
  const runtimePath = bypassVersionShims(process.env.PATH ?? '', {}, folderAndAncestors(taskRoot));
  const listening: number[] = [];
  const interpreter: number[] = [];
  const hostInterpreter: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const port = await freePort();
      const started = performance.now();
      const runtime = execa(bootstrap, {
        reject: false,
        stdio: 'ignore',
        env: {
          ...debugpyEnvironment(injected.dir, '127.0.0.1', port, undefined),
          PATH: runtimePath,
          LAMBDA_TASK_ROOT: taskRoot,
        },
      });
      try {
        await waitForListening(port, { timeoutMs: 20_000, cancelled: () => runtime.exitCode !== null });
        listening.push(performance.now() - started);
      } finally {
        runtime.kill();
        await runtime;
      }
      let alone = performance.now();
      await execa('python3', ['-c', 'pass'], { cwd: taskRoot, env: { PATH: runtimePath } });
      interpreter.push(performance.now() - alone);
      alone = performance.now();
      await execa('python3', ['-c', 'pass'], { cwd: taskRoot });
      hostInterpreter.push(performance.now() - alone);
    }
  } finally {
    await injected.remove();
  }
  return { listening: median(listening), interpreter: median(interpreter), hostInterpreter: median(hostInterpreter) };
}

const list = (times: readonly number[]) => `${times.map((time) => (time / 1000).toFixed(2)).join(', ')} s`;

async function main(): Promise<number> {
  const chosen = (process.env.LRK_BENCH_LANGUAGES ?? '').split(',').filter(Boolean);
  const languages = chosen.length > 0 ? chosen : LANGUAGES;
  await mkdir(OUTPUT, { recursive: true });
  const results: Array<[string, Figures[]]> = [];
  for (const language of languages) {
    const editors: Figures[] = [];
    for (let editor = 1; editor <= EDITORS; editor++) {
      const figures = await benchLanguage(language, editor);
      if (figures?.runs[language]?.length) editors.push(figures);
    }
    results.push([language, editors]);
  }
  const version = results.flatMap(([, editors]) => editors)[0]?.vscodeVersion ?? '?';
  const editorsSaid = EDITORS > 1 ? `${EDITORS} fresh editors` : 'a fresh editor';
  console.log(
    `\nF5 to the first handler breakpoint, VS Code ${version} (code-server), ${editorsSaid} per language, target ${seconds(TARGET_MS)}:`,
  );
  const width = Math.max(...results.map(([language]) => language.length));
  for (const [language, editors] of results) {
    if (editors.length === 0) {
      console.log(`  ${language.padEnd(width)} no figures`);
      continue;
    }
    const firsts = editors.map((figures) => figures.runs[language][0]);
    const later = editors.flatMap((figures) => figures.runs[language].slice(1));
    const typical = median(later.length > 0 ? later : firsts);
    const cold = median(firsts);
    const f5At = editors.map((figures) => figures.firstF5At).filter((at) => at !== undefined);
    const firstAt = f5At.length > 0 ? `, F5 ${seconds(median(f5At))} after the extension host started` : '';
    const firstSaid =
      editors.length > 1
        ? `first session median ${seconds(cold)} of ${editors.length} editors`
        : `first session ${seconds(cold)}`;
    console.log(
      `  ${language.padEnd(width)} median ${seconds(typical)} over ${later.length || firsts.length} sessions` +
        ` (${((typical / TARGET_MS) * 100).toFixed(0)}% of target); ${firstSaid}` +
        ` (${((cold / TARGET_MS) * 100).toFixed(0)}%${firstAt}); ` +
        (editors.length > 1
          ? `first sessions: ${list(firsts)}; later: ${list(later)}`
          : `all: ${list(editors[0].runs[language])}`),
    );
  }
  for (const [language, editors] of results) {
    const sessions = editors.map((figures) => figures.phases?.[language] ?? []).filter((each) => each.length > 0);
    if (sessions.length === 0) continue;
    const label = LABELS[language] ? `${language}, ${LABELS[language]}` : language;
    console.log(`\n  ${label}: where the time goes (ms since startDebugging)`);
    for (const line of phaseTable(
      sessions.map((each) => each[0]),
      sessions.flatMap((each) => each.slice(1)),
    ))
      console.log(line);
  }
  if (languages.includes('python')) {
    const start = await pythonStart();
    if (start)
      console.log(
        `\n  python outside the editor, on a machine without the editor's load: the bootstrap's start to debugpy listening ${seconds(start.listening)}` +
          ` (median of 5), of which python3 itself (\`python3 -c pass\`) ${seconds(start.interpreter)}` +
          ` (${seconds(start.hostInterpreter)} with this shell's PATH, where a pyenv shim would be)`,
      );
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
