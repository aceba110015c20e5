// Stopping and recycling: every process of every runtime is gone, pending invocations end with an error.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../helpers';
import { harness, noPython, PYTHON_BOOTSTRAP, pythonFunction, survivors } from './helpers';

describe('stop', { skip: noPython }, () => {
  it('kills the whole process tree, children that left the process group included', async () => {
    const h = await harness({ functions: [pythonFunction({ handler: 'spawn-children' })], concurrency: 2 });
    const first = (await h.invokeJson({ action: 'children' })).json as { pids: number[] };
    // A second environment, with its own children, busy when stop() comes.
    const [second] = await Promise.all([
      h.invokeJson({ action: 'children' }),
      h.invokeJson({ action: 'sleep', seconds: 0.3 }),
    ]);
    const children = [...first.pids, ...(second.json as { pids: number[] }).pids];
    assert.equal(children.length, 4);
    const grandchildren = children.flatMap((pid) => childrenOf(pid));
    if (process.platform === 'linux') assert.ok(grandchildren.length > 0, 'the sh child has a sleep child');
    const all = [...h.pids, ...children, ...grandchildren];
    assert.equal(h.pids.length, 2);
    await h.stop();
    assert.deepEqual(await survivors(all, 2000), []);
    const stopped = h.events.filter((event) => event.type === 'environment-stopped');
    assert.equal(stopped.length, 2);
    assert.ok(stopped.every((event) => event.type === 'environment-stopped' && event.reason === 'stopped'));
  });

  it('resolves running and queued invocations with an error, and refuses new ones', async () => {
    const h = await harness({ functions: [pythonFunction({ timeoutSeconds: 10 })] });
    await h.invokeJson({ warm: true });
    const running = h.invokeJson({ action: 'sleep', seconds: 5 });
    const queued = h.invokeJson({ queued: true });
    await h.waitFor(
      (event) =>
        event.type === 'log' &&
        event.line.startsWith('START') &&
        h.events.filter((e) => e.type === 'log' && e.line.startsWith('START')).length === 2,
    );
    const t0 = Date.now();
    await h.stop();
    assert.ok(Date.now() - t0 < 2000, 'stop does not wait for the invocation to finish');
    const [a, b] = await Promise.all([running, queued]);
    for (const result of [a, b]) {
      assert.equal(result.functionError, 'Unhandled');
      assert.equal(result.errorType, 'Emulator.Stopped');
    }
    await assert.rejects(h.emulator.invoke({ payload: Buffer.from('{}') }));
    await assert.rejects(
      fetch(`${h.emulator.url}/2015-03-31/functions/py/invocations`, { method: 'POST', body: '{}' }),
    );
    assert.deepEqual(await survivors(h.pids), []);
  });

  it('stop is idempotent and safe during init', async () => {
    const h = await harness({ functions: [pythonFunction()] });
    await Promise.all([h.stop(), h.stop()]);
    assert.deepEqual(await survivors(h.pids), []);
  });
});

describe('the emulator process ending without stop()', { skip: noPython }, () => {
  it('takes every runtime process with it', async () => {
    const script = [
      `import { startEmulator } from ${JSON.stringify(path.join(REPO_ROOT, 'src/core/emulator/index.ts'))};`,
      `const emulator = await startEmulator({ functions: [{ name: 'py', bootstrap: ${JSON.stringify(PYTHON_BOOTSTRAP)}, handler: 'spawn-children' }] });`,
      'const pids = [];',
      "emulator.on((event) => { if (event.type === 'environment-started') pids.push(event.pid); });",
      `const result = await emulator.invoke({ payload: Buffer.from('{"action":"children"}') });`,
      'console.log(JSON.stringify([...pids, ...JSON.parse(Buffer.from(result.payload).toString()).pids]));',
      'process.exit(0);',
    ].join('\n');
    const dir = mkdtempSync(path.join(tmpdir(), 'lrk-exit-'));
    try {
      writeFileSync(path.join(dir, 'main.mts'), script);
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(dir, 'main.mts')], {
        cwd: REPO_ROOT,
        timeout: 20_000,
      });
      const pids = JSON.parse(stdout.trim().split('\n').at(-1) as string) as number[];
      assert.equal(pids.length, 3);
      assert.deepEqual(await survivors(pids, 2000), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('recycle', { skip: noPython }, () => {
  it('replaces the environment after its current invocation, which completes normally', async () => {
    const h = await harness({ functions: [pythonFunction({ timeoutSeconds: 5 })] });
    try {
      await h.invokeJson({ warm: true });
      const running = h.invokeJson({ action: 'sleep', seconds: 0.3 });
      await h.waitFor(
        (event) =>
          event.type === 'log' &&
          event.line.includes('Version: $LATEST') &&
          h.events.filter((e) => e.type === 'log' && e.line.startsWith('START')).length === 2,
      );
      const recycled = h.emulator.recycle();
      assert.deepEqual((await running).json, { slept: 0.3 });
      await recycled;
      const next = await h.invokeJson({ after: 'recycle' });
      assert.deepEqual(next.json, { after: 'recycle' });
      assert.ok(next.initDurationMs !== undefined, 'a fresh environment');
      assert.equal(h.pids.length, 2);
      assert.deepEqual(await survivors(h.pids.slice(0, 1)), []);
    } finally {
      await h.stop();
    }
  });
});

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}
