/** Shared pieces of the emulator core's tests: fixture runtimes, invoking with JSON, watching processes. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../helpers';
import {
  startEmulator,
  type Emulator,
  type EmulatorEvent,
  type EmulatorOptions,
  type FunctionConfig,
  type InvokeResult,
} from '../../../../src/core/emulator';
import { isAlive } from '../../../../src/core/emulator/process-tree';

export const PYTHON_BOOTSTRAP = path.join(REPO_ROOT, 'test', 'fixtures', 'runtimes', 'python', 'bootstrap');
export const BASH_TUTORIAL = path.join(REPO_ROOT, 'test', 'fixtures', 'runtimes', 'bash-tutorial');

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the Python fixture cannot run here, or undefined. */
export const noPython = has('python3') ? undefined : 'python3 is not installed';
/** Why the AWS tutorial's bash runtime cannot run here, or undefined. */
export const noCurlOrBash = has('curl') && has('bash') ? undefined : 'the AWS tutorial runtime needs curl and bash';

/** An emulator plus every event it emitted, and the pids of every environment it started. */
export interface Harness {
  readonly emulator: Emulator;
  readonly events: EmulatorEvent[];
  readonly pids: number[];
  invokeJson(event: unknown, functionName?: string): Promise<InvokeResult & { json: unknown; text: string }>;
  /** Resolves with the first event (already seen or to come) that matches. */
  waitFor(predicate: (event: EmulatorEvent) => boolean, timeoutMs?: number): Promise<EmulatorEvent>;
  stop(): Promise<void>;
}

/** A function running the Python fixture; `handler` picks its init behaviour. */
export function pythonFunction(overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  return { name: 'py', bootstrap: PYTHON_BOOTSTRAP, timeoutSeconds: 1, ...overrides };
}

export function text(payload: Uint8Array): string {
  return Buffer.from(payload).toString('utf8');
}

/** Starts an emulator and records its events. */
export async function harness(
  options: Partial<EmulatorOptions> & Pick<EmulatorOptions, 'functions'>,
): Promise<Harness> {
  const emulator = await startEmulator(options);
  const events: EmulatorEvent[] = [];
  const pids: number[] = [];
  const waiters: Array<{ predicate: (event: EmulatorEvent) => boolean; resolve: (event: EmulatorEvent) => void }> = [];
  emulator.on((event) => {
    events.push(event);
    if (event.type === 'environment-started' && event.pid) pids.push(event.pid);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  return {
    emulator,
    events,
    pids,
    async invokeJson(event, functionName) {
      const result = await emulator.invoke({ functionName, payload: Buffer.from(JSON.stringify(event)) });
      const body = text(result.payload);
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      return { ...result, json, text: body };
    },
    waitFor(predicate, timeoutMs = 5000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for an emulator event')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
    stop: () => emulator.stop(),
  };
}

/** Waits until none of `pids` is alive (zombies count as gone); returns those still alive after `timeoutMs`. */
export async function survivors(pids: readonly number[], timeoutMs = 3000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Posts raw bytes to a server and returns whatever comes back (or '' when the server just closes). */
export async function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 2000): Promise<string> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer);
    };
    socket.on('data', (data) => (answer += data.toString('latin1')));
    socket.on('end', done);
    socket.on('error', done);
    socket.setTimeout(timeoutMs, done);
    socket.write(bytes);
  });
}
