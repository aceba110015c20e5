/**
 * `npm run bench:lint`: how long the linter takes on a 300-line and a 5,000-line bootstrap (median and p90 of many
 * runs after a warm-up, without and with ShellCheck), and how long an edit takes to come back as published
 * diagnostics through the real language server process (dist/server.js), the server's CPU time from its start
 * until idle, and a `lint` on the command line (dist/cli.js) from its start to its exit. Prints a table with the
 * targets.
 */
import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lintDocument, readLintDocument } from '../src/core/lint/engine';
import { DEFAULT_LINT_OPTIONS, type LintOptions } from '../src/core/lint/types';
import { executableExists } from '../src/server/shellcheck-notice';
import { LspHarness } from '../test/unit/server/lsp-harness';
import { generateBootstrap } from './fixtures-lint/generate';

interface Row {
  measure: string;
  runs: number;
  median?: number;
  p90?: number;
  target?: number;
  note?: string;
}

const WITHOUT_SHELLCHECK: LintOptions = { ...DEFAULT_LINT_OPTIONS, shellcheck: { enabled: false, path: 'shellcheck' } };
const WITH_SHELLCHECK: LintOptions = { ...DEFAULT_LINT_OPTIONS, shellcheck: { enabled: true, path: 'shellcheck' } };

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function timeLint(file: string, options: LintOptions, warmup: number, runs: number) {
  const doc = await readLintDocument(file);
  let findings = 0;
  for (let index = 0; index < warmup; index += 1) findings = (await lintDocument(doc, options, 'bootstrap')).length;
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await lintDocument(doc, options, 'bootstrap');
    times.push(performance.now() - started);
  }
  return { median: quantile(times, 0.5), p90: quantile(times, 0.9), findings };
}

/**
 * Edit → publishDiagnostics through the server: insert a comment line, wait for that version's diagnostics.
 * `publications` 2 also waits for the second publication of a version (ShellCheck's, on a file it is slow on).
 */
async function timeEdits(file: string, text: string, shellcheck: boolean, edits: number, publications = 1) {
  const harness = await LspHarness.start({ settings: { shellcheck: { enabled: shellcheck } } });
  try {
    const uri = await harness.open(file, text);
    await harness.diagnostics(uri, () => true, 60_000);
    const first: number[] = [];
    const last: number[] = [];
    for (let index = 0; index < edits; index += 1) {
      const position = { line: 3, character: 0 };
      const started = performance.now();
      await harness.edit(uri, { start: position, end: position }, `# edit ${index}\n`);
      const version = harness.version(uri);
      const count = () => harness.published.filter((params) => params.uri === uri && params.version === version).length;
      await harness.until(
        () => count() >= 1,
        60_000,
        () => `diagnostics of version ${version}`,
      );
      first.push(performance.now() - started);
      await harness.until(
        () => count() >= publications,
        60_000,
        () => `ShellCheck's diagnostics of version ${version}`,
      );
      last.push(performance.now() - started);
    }
    return {
      first: { median: quantile(first, 0.5), p90: quantile(first, 0.9) },
      last: { median: quantile(last, 0.5), p90: quantile(last, 0.9) },
    };
  } finally {
    await harness.stop();
  }
}

/** The command line's bundle, built by `npm run bench:lint` first. */
const CLI = path.resolve(import.meta.dirname, '..', 'dist', 'cli.js');

/** `lambda-runtime-kit lint --no-shellcheck FILE` from the process's start to its exit, `runs` times. */
async function timeCliLint(file: string, runs: number): Promise<{ median: number; p90: number }> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const result = await execa(process.execPath, [CLI, 'lint', '--no-shellcheck', file], { reject: false });
    if (result.exitCode !== 0 && result.exitCode !== 1)
      throw new Error(`lint exited ${result.exitCode}: ${result.stderr}`);
    times.push(performance.now() - started);
  }
  return { median: quantile(times, 0.5), p90: quantile(times, 0.9) };
}

/** How long the server is left after its start before its CPU time is read: it is idle well before. */
const SERVER_SETTLE_MS = 3_000;

/**
 * The language server's CPU time from its start until idle (initialize, the shell parser's warm-up): what it takes
 * from the editor, and from a first F5, as a workspace opens. Read from /proc: undefined where there is none.
 */
async function serverStartCpu(): Promise<number | undefined> {
  const harness = await LspHarness.start();
  try {
    await new Promise((resolve) => setTimeout(resolve, SERVER_SETTLE_MS));
    const stat = await readFile(`/proc/${harness.pid}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) return undefined;
    // utime and stime, the 14th and 15th fields, in clock ticks (USER_HZ, 100 on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } finally {
    await harness.stop();
  }
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), 'lrk-bench-lint-'));
  const rows: Row[] = [];
  const hasShellcheck = await executableExists('shellcheck');
  try {
    const sizes = [
      { lines: 300, runs: 200, target: 30, edits: 40 },
      { lines: 5000, runs: 40, target: 200, edits: 15 },
    ];
    for (const size of sizes) {
      const sizeFolder = path.join(folder, String(size.lines));
      const file = path.join(sizeFolder, 'bootstrap');
      const text = generateBootstrap(size.lines);
      await mkdir(sizeFolder);
      await writeFile(file, text);
      await chmod(file, 0o755);

      const plain = await timeLint(file, WITHOUT_SHELLCHECK, 10, size.runs);
      rows.push({
        measure: `lint ${size.lines} lines, no ShellCheck`,
        runs: size.runs,
        ...plain,
        target: size.target,
        note: `${plain.findings} findings`,
      });
      if (hasShellcheck) {
        const runs = Math.max(10, Math.round(size.runs / 5));
        const checked = await timeLint(file, WITH_SHELLCHECK, 2, runs);
        rows.push({
          measure: `lint ${size.lines} lines, with ShellCheck`,
          runs,
          ...checked,
          note: `${checked.findings} findings`,
        });
      } else {
        rows.push({
          measure: `lint ${size.lines} lines, with ShellCheck`,
          runs: 0,
          note: 'skipped: ShellCheck is not installed',
        });
      }

      if (size.lines <= 300) {
        rows.push({
          measure: `command line: lint ${size.lines} lines, no ShellCheck`,
          runs: 10,
          ...(await timeCliLint(file, 10)),
          note: 'the process from start to exit',
        });
      }

      const edited = await timeEdits(file, text, false, size.edits);
      rows.push({
        measure: `edit → diagnostics ${size.lines} lines, no ShellCheck`,
        runs: size.edits,
        ...edited.first,
      });
      if (hasShellcheck && size.lines <= 300) {
        const checked = await timeEdits(file, text, true, size.edits);
        rows.push({
          measure: `edit → diagnostics ${size.lines} lines, with ShellCheck`,
          runs: size.edits,
          ...checked.first,
        });
      } else if (hasShellcheck) {
        // ShellCheck is slow on this one: the server publishes our findings first, ShellCheck's after.
        const checked = await timeEdits(file, text, true, 5, 2);
        const measure = `edit → diagnostics ${size.lines} lines, with ShellCheck`;
        rows.push({ measure: `${measure}: ours`, runs: 5, ...checked.first });
        rows.push({ measure: `${measure}: ShellCheck's`, runs: 5, ...checked.last });
      }
    }
    // Hostile input: 20,000 nested `$(` (60 KB) must be answered within the 5,000-line budget (with file-skipped),
    // with ShellCheck enabled too, which it must not start on such a file.
    const hostileFolder = path.join(folder, 'nested');
    const hostile = path.join(hostileFolder, 'bootstrap');
    await mkdir(hostileFolder);
    await writeFile(hostile, `#!/bin/sh\necho ${'$('.repeat(20_000)}echo x${')'.repeat(20_000)}\n`, { mode: 0o755 });
    const nested = await timeLint(hostile, WITH_SHELLCHECK, 2, 20);
    rows.push({
      measure: 'lint 20,000 nested $( (60 KB)',
      runs: 20,
      ...nested,
      target: 200,
      note: `${nested.findings} finding (file-skipped)`,
    });
    const startCpu: number[] = [];
    for (let run = 0; run < 5; run++) {
      const cpu = await serverStartCpu();
      if (cpu !== undefined) startCpu.push(cpu);
    }
    rows.push(
      startCpu.length > 0
        ? {
            measure: 'language server start-up, CPU until idle',
            runs: startCpu.length,
            median: quantile(startCpu, 0.5),
            p90: quantile(startCpu, 0.9),
            note: 'initialize and the parser warm-up',
          }
        : { measure: 'language server start-up, CPU until idle', runs: 0, note: 'skipped: no /proc here' },
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  printTable(rows);
  console.log(
    "\nedit → diagnostics includes the server's 100 ms typing debounce (EDIT_DEBOUNCE_MS in src/server/main.ts).",
  );
  if (rows.some((row) => row.target !== undefined && row.median !== undefined && row.median > row.target))
    process.exitCode = 1;
}

function printTable(rows: Row[]): void {
  const ms = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(1)} ms`);
  const table = rows.map((row) => [
    row.measure,
    String(row.runs),
    ms(row.median),
    ms(row.p90),
    row.target === undefined ? '' : `< ${row.target} ms`,
    row.target === undefined || row.median === undefined ? '' : row.median < row.target ? 'met' : 'NOT MET',
    row.note ?? '',
  ]);
  const header = ['measure', 'runs', 'median', 'p90', 'target', 'result', 'note'];
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const cells of table) console.log(line(cells));
}

await main();
