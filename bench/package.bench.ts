/**
 * `npm run bench:package`: packaging a generated 100 MB folder of mixed files (compressible text, random binary,
 * thousands of small files) with `package`'s core, side by side with Info-ZIP `zip -r -X` on the same folder in
 * the same run. Prints both times (best of a few runs each), the ratio (target: at most 1.5x zip's time) and the
 * peak memory (RSS) of the packaging process. It reports and exits 0; it exits 1 only when it cannot run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadExclusions, walkFolder, writeZip } from '../src/core/package';

const MB = 1024 * 1024;
const RUNS = 3;
const TARGET_RATIO = 1.5;

/** The packaging itself, in a process of its own so that its peak RSS is the packaging's alone. */
async function child(folder: string, zipFile: string): Promise<void> {
  const started = performance.now();
  const listing = await walkFolder(folder, await loadExclusions(folder));
  const summary = await writeZip(zipFile, listing.entries);
  const ms = performance.now() - started;
  // maxRSS is in KB.
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, ...summary }));
}

/** Words, so the text compresses about as much as source code does (3-4x), not to nothing. */
function text(bytes: number, seed: number): string {
  const words = ['lambda', 'runtime', 'bootstrap', 'handler', 'event', 'invoke', 'response', 'error', 'next'];
  const parts: string[] = [];
  let length = 0;
  let state = seed;
  while (length < bytes) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const word = `${words[state % words.length]}${state % 1000}${state % 17 === 0 ? '\n' : ' '}`;
    parts.push(word);
    length += word.length;
  }
  return parts.join('').slice(0, bytes);
}

/** ~100 MB: 30 MB of text in 300 files, 40 MB of random binary in 8 files, 30 MB in 6,000 small files. */
async function generate(folder: string): Promise<number> {
  let total = 0;
  const write = async (file: string, content: string | Buffer) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    total += Buffer.byteLength(content);
  };
  for (let i = 0; i < 300; i += 1)
    await write(path.join(folder, 'src', `d${i % 10}`, `file${i}.js`), text(100 * 1024, i));
  for (let i = 0; i < 8; i += 1) await write(path.join(folder, 'bin', `blob${i}.bin`), randomBytes(5 * MB));
  for (let i = 0; i < 6000; i += 1) {
    const size = 5 * 1024;
    const content = i % 2 === 0 ? text(size, 1000 + i) : randomBytes(size);
    await write(path.join(folder, 'node_modules', `pkg${i % 100}`, `f${i}.${i % 2 === 0 ? 'js' : 'dat'}`), content);
  }
  await write(path.join(folder, 'bootstrap'), '#!/bin/sh\nexec node src/d0/file0.js\n');
  return total;
}

function run(command: string, args: string[], cwd?: string): Promise<{ ms: number; stdout: string; status: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (status) => resolve({ ms: performance.now() - started, stdout, status: status ?? 1 }));
  });
}

async function main(): Promise<number> {
  if (process.argv[2] === '--child') {
    await child(process.argv[3]!, process.argv[4]!);
    return 0;
  }
  if (spawnSync('zip', ['-v'], { stdio: 'ignore' }).status !== 0) {
    console.error('bench:package cannot run: Info-ZIP zip is not installed (Debian: apt-get install zip).');
    return 1;
  }
  const work = await mkdtemp(path.join(tmpdir(), 'lrk-bench-package-'));
  try {
    const folder = path.join(work, 'function');
    const bytes = await generate(folder);
    console.log(`Generated ${(bytes / MB).toFixed(0)} MB in ${folder}`);
    // The same process packaging one file: what the runtime itself takes, for comparison with the peak.
    const tiny = path.join(work, 'tiny');
    await mkdir(tiny);
    await writeFile(path.join(tiny, 'bootstrap'), '#!/bin/sh\n');
    const baseline = JSON.parse(
      (
        await run(process.execPath, [
          '--import',
          'tsx',
          import.meta.filename,
          '--child',
          tiny,
          path.join(work, 'tiny.zip'),
        ])
      ).stdout,
    ) as { maxRssMb: number };
    const ours: { ms: number; maxRssMb: number; zippedBytes: number }[] = [];
    const theirs: number[] = [];
    let zipBytes = 0;
    // Alternate the two so that a busy moment of the machine does not fall on one of them only.
    for (let index = 0; index < RUNS; index += 1) {
      const ourZip = path.join(work, `ours${index}.zip`);
      const result = await run(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', folder, ourZip]);
      if (result.status !== 0) throw new Error(`packaging failed with status ${result.status}`);
      ours.push(JSON.parse(result.stdout));
      const infoZip = path.join(work, `zip${index}.zip`);
      const zipped = await run('zip', ['-r', '-X', '-q', infoZip, '.'], folder);
      if (zipped.status !== 0) throw new Error(`zip failed with status ${zipped.status}`);
      theirs.push(zipped.ms);
      zipBytes = (await stat(infoZip)).size;
      await rm(ourZip);
      await rm(infoZip);
    }
    const best = Math.min(...ours.map((result) => result.ms));
    const bestZip = Math.min(...theirs);
    const ratio = best / bestZip;
    const peak = Math.max(...ours.map((result) => result.maxRssMb));
    console.log('');
    console.log(
      `package (yazl)  best of ${RUNS}: ${(best / 1000).toFixed(2)} s   zip ${(ours[0]!.zippedBytes / MB).toFixed(1)} MB   runs ${ours.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s`,
    );
    console.log(
      `zip -r -X       best of ${RUNS}: ${(bestZip / 1000).toFixed(2)} s   zip ${(zipBytes / MB).toFixed(1)} MB   runs ${theirs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`,
    );
    console.log(
      `ratio: ${ratio.toFixed(2)}x zip's time (target at most ${TARGET_RATIO}x): ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
    console.log(
      `peak memory (RSS) of the packaging process: ${peak.toFixed(0)} MB for a ${(bytes / MB).toFixed(0)} MB folder ` +
        `(${baseline.maxRssMb.toFixed(0)} MB for a one-file folder)`,
    );
    return 0;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(`bench:package cannot run: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
