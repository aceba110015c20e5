/**
 * `npm run bench:emulator`: invokes per second and p50/p99 latency through the emulator, beside the same Node
 * runtime client against bench/runtime-api-stub.ts (the least a Node Runtime API can do), in one run.
 * Both are driven the same way: HTTP POSTs on the Invoke API over a keep-alive agent, N sequential invokes
 * after a warm-up, then the same with 4 callers and 4 runtimes.
 *
 * Options (environment): BENCH_INVOKES (default 2000), BENCH_ROUNDS (default 3), BENCH_CLIENT=loop to use bench/runtime-client.mjs even
 * when aws-lambda-ric is built. A bench reports; it exits 0 unless it cannot run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../src/core/emulator';
import { AWS_LAMBDA_RIC_VERSION, installedAwsLambdaRic } from '../test/support/aws-lambda-ric';
import { startRuntimeApiStub } from './runtime-api-stub';

const INVOKES = Number(process.env.BENCH_INVOKES ?? 2000);
const WARMUP = Math.max(50, Math.round(INVOKES / 10));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EVENT = JSON.stringify({ hello: 'world', n: 42 });
const REPO = path.resolve(import.meta.dirname, '..');

interface Runtime {
  readonly label: string;
  readonly bootstrap: string;
  readonly handler: string;
  readonly environment: Record<string, string>;
  readonly cleanup: () => Promise<void>;
}

interface Figures {
  readonly perSecond: number;
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
}

/** The Node runtime client: aws-lambda-ric when built, else the bench's own loop. */
async function chooseRuntime(): Promise<Runtime> {
  const ric = process.env.BENCH_CLIENT === 'loop' ? undefined : installedAwsLambdaRic();
  if (ric) {
    return {
      label: `aws-lambda-ric ${AWS_LAMBDA_RIC_VERSION} (the official client, native curl transport), handler echo.handler`,
      bootstrap: path.join(REPO, 'test', 'fixtures', 'runtimes', 'node-ric', 'bootstrap'),
      handler: 'echo.handler',
      environment: { LRK_AWS_LAMBDA_RIC: ric, LRK_NODE: process.execPath },
      cleanup: async () => undefined,
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lrk-bench-'));
  const bootstrap = path.join(dir, 'bootstrap');
  const client = path.join(REPO, 'bench', 'runtime-client.mjs');
  await writeFile(bootstrap, `#!/bin/sh\nexec "${process.execPath}" "${client}"\n`, { mode: 0o755 });
  return {
    label: `bench/runtime-client.mjs (a minimal node:http loop; aws-lambda-ric is ${ric === undefined && process.env.BENCH_CLIENT !== 'loop' ? 'not built: npm run ric:install' : 'set aside by BENCH_CLIENT=loop'})`,
    bootstrap,
    handler: 'echo',
    environment: {},
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** `count` invokes from `callers` parallel callers, each waiting for its answer before the next. */
async function drive(url: string, callers: number, count: number): Promise<Figures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: callers });
  const target = new URL(`${url}/2015-03-31/functions/function/invocations`);
  const latencies: number[] = [];
  let remaining = count;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (remaining > 0) {
        remaining--;
        const begin = process.hrtime.bigint();
        await post(target, agent);
        latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const mean = latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
  return { perSecond: count / seconds, mean, p50: at(0.5), p99: at(0.99) };
}

function post(target: URL, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200 || res.headers['x-amz-function-error'] || body !== EVENT) {
            reject(
              new Error(
                `unexpected answer ${res.statusCode} ${String(res.headers['x-amz-function-error'] ?? '')}: ${body.slice(0, 200)}`,
              ),
            );
          } else resolve();
        });
      },
    );
    req.on('error', reject);
    req.end(EVENT);
  });
}

/** The runtime processes against the stub, with the variables the emulator would give them. */
function spawnRuntimes(runtime: Runtime, runtimeApi: string, count: number): ChildProcess[] {
  const taskRoot = path.dirname(runtime.bootstrap);
  return Array.from({ length: count }, () =>
    spawn(runtime.bootstrap, [], {
      cwd: taskRoot,
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TZ: ':UTC',
        ...runtime.environment,
        AWS_LAMBDA_RUNTIME_API: runtimeApi,
        _HANDLER: runtime.handler,
        LAMBDA_TASK_ROOT: taskRoot,
        LAMBDA_RUNTIME_DIR: taskRoot,
        AWS_LAMBDA_FUNCTION_NAME: 'function',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
    }),
  );
}

async function measureStub(runtime: Runtime, concurrency: number): Promise<Figures> {
  const stub = await startRuntimeApiStub();
  const children = spawnRuntimes(runtime, stub.runtimeApi, concurrency);
  try {
    await drive(stub.url, concurrency, WARMUP);
    return await drive(stub.url, concurrency, INVOKES);
  } finally {
    for (const child of children) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await stub.stop();
  }
}

async function measureEmulator(runtime: Runtime, concurrency: number): Promise<Figures> {
  const emulator = await startEmulator({
    functions: [
      {
        name: 'function',
        bootstrap: runtime.bootstrap,
        handler: runtime.handler,
        environment: runtime.environment,
        timeoutSeconds: 30,
      },
    ],
    port: 0,
    concurrency,
    anyName: true,
  });
  try {
    await drive(emulator.url, concurrency, WARMUP);
    return await drive(emulator.url, concurrency, INVOKES);
  } finally {
    await emulator.stop();
  }
}

/** Best of the rounds: noise on a shared machine only ever makes a run slower. */
function best(runs: Figures[]): Figures {
  return {
    perSecond: Math.max(...runs.map((run) => run.perSecond)),
    mean: Math.min(...runs.map((run) => run.mean)),
    p50: Math.min(...runs.map((run) => run.p50)),
    p99: Math.min(...runs.map((run) => run.p99)),
  };
}

const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(3)}`;

function row(label: string, figures: Figures): string {
  return `  ${label.padEnd(22)}${figures.perSecond.toFixed(0).padStart(10)}${figures.mean.toFixed(3).padStart(10)}${figures.p50.toFixed(3).padStart(10)}${figures.p99.toFixed(3).padStart(10)}`;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const runtime = await chooseRuntime();
  console.log('Emulator bench');
  console.log(`  runtime client: ${runtime.label}`);
  console.log(
    `  ${INVOKES} invokes per run after ${WARMUP} warm-up, best of ${ROUNDS} rounds; ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  console.log('');
  console.log(
    `  ${''.padEnd(22)}${'invokes/s'.padStart(10)}${'mean ms'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}`,
  );
  const results = new Map<number, { stub: Figures; emulator: Figures }>();
  try {
    for (const concurrency of [1, 4]) {
      const stubRuns: Figures[] = [];
      const emulatorRuns: Figures[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        stubRuns.push(await measureStub(runtime, concurrency));
        emulatorRuns.push(await measureEmulator(runtime, concurrency));
      }
      const stub = best(stubRuns);
      const emulator = best(emulatorRuns);
      results.set(concurrency, { stub, emulator });
      console.log(row(`stub      c=${concurrency}`, stub));
      console.log(row(`emulator  c=${concurrency}`, emulator));
      console.log(
        `  ${'ratio'.padEnd(22)}${(emulator.perSecond / stub.perSecond).toFixed(2).padStart(10)}` +
          `${signed(emulator.mean - stub.mean).padStart(10)}` +
          `${signed(emulator.p50 - stub.p50).padStart(10)}${signed(emulator.p99 - stub.p99).padStart(10)}`,
      );
    }
  } finally {
    await runtime.cleanup();
  }
  const one = results.get(1)!;
  const four = results.get(4)!;
  console.log('');
  console.log(
    `  scaling c=4 / c=1: stub ${(four.stub.perSecond / one.stub.perSecond).toFixed(2)}x, ` +
      `emulator ${(four.emulator.perSecond / one.emulator.perSecond).toFixed(2)}x`,
  );
  const ratio = one.emulator.perSecond / one.stub.perSecond;
  const added = one.emulator.p50 - one.stub.p50;
  console.log(`  target throughput >= 0.80 x stub (c=1): ${ratio.toFixed(2)} ${ratio >= 0.8 ? 'met' : 'NOT met'}`);
  console.log(`  target added p50 < 0.500 ms (c=1): ${signed(added)} ms ${added < 0.5 ? 'met' : 'NOT met'}`);
  if (loadBefore > 1) {
    console.log(
      `  note: the load average was ${loadBefore.toFixed(1)} before the bench started: other work skews these figures`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(
    `The emulator bench could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
});
