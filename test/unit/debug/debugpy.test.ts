// The Python plan at the debug adapter protocol level, without an editor: the real emulator starts the fixture's
// shell bootstrap (which execs the PATH python3) with the environment the plan gives, debugpy is injected through
// sitecustomize, a DAP client attaches the way the editor's child session does and stops on the handler line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { waitForListening } from '../../../src/core/debug/adapters/wait-listening';
import {
  DEBUGPY_LISTEN_ENV,
  debugpyEnvironment,
  findDebugpy,
  pythonCandidates,
  writeDebugpyBootstrap,
} from '../../../src/core/debug/debugpy';
import { startEmulator } from '../../../src/core/emulator/index';
import type { Emulator } from '../../../src/core/emulator/types';
import { processesWithEnvironment, REPO_ROOT } from '../helpers';
import { DapClient } from './adapters/dap-client';
import { freePort } from '../../../src/core/free-port';

const TASK_ROOT = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'debug', 'python');
const HANDLER = path.join(TASK_ROOT, 'handler.py');
const BREAK_LINE =
  readFileSync(HANDLER, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes('BREAK')) + 1;

async function waitForNone(text: string): Promise<number[]> {
  const until = Date.now() + 5_000;
  while (processesWithEnvironment(text).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return processesWithEnvironment(text);
}

const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('Python debugging through debugpy', () => {
  test('the candidates start with the python the bootstrap runs', () => {
    const candidates = pythonCandidates(path.join(TASK_ROOT, 'bootstrap'), process.env.PATH);
    assert.ok(candidates.length > 0);
    assert.equal(path.basename(candidates[0]).startsWith('python'), true);
  });

  test('stops on the handler breakpoint on every invoke; stopping leaves no process', async (t) => {
    const install = await findDebugpy(pythonCandidates(path.join(TASK_ROOT, 'bootstrap'), process.env.PATH));
    if (!install) return t.skip('no python here has debugpy (apt-get install python3-debugpy)');
    const port = await freePort();
    const injected = await writeDebugpyBootstrap(install.packageDir);
    cleanups.push(() => injected.remove());
    const environment = debugpyEnvironment(injected.dir, '127.0.0.1', port, undefined);
    assert.equal(environment[DEBUGPY_LISTEN_ENV], `127.0.0.1:${port}`);
    const emulator: Emulator = await startEmulator({
      functions: [{ name: 'py', bootstrap: path.join(TASK_ROOT, 'bootstrap'), handler: 'handler.handler' }],
      port: 0,
      debug: { environment, noTimeouts: true },
    });
    cleanups.push(() => emulator.stop());
    const output: string[] = [];
    emulator.on((event) => event.type === 'log' && output.push(event.line));
    const first = emulator.invoke({ payload: new TextEncoder().encode('{"name":"dap"}') });

    await waitForListening(port, { timeoutMs: 30_000 });
    const { client, socket } = await DapClient.connect(port);
    cleanups.push(async () => socket.destroy());
    await client.request('initialize', {
      adapterID: 'debugpy',
      clientID: 'test',
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: 'path',
    });
    const attached = client.request('attach', { justMyCode: true, connect: { host: '127.0.0.1', port } });
    await client.waitForEvent('initialized');
    const breakpoints = await client.request('setBreakpoints', {
      source: { path: HANDLER },
      breakpoints: [{ line: BREAK_LINE }],
    });
    assert.equal((breakpoints.body?.breakpoints as Array<{ verified: boolean }>)[0].verified, true);
    await client.request('configurationDone');
    await attached;

    for (const [round, answer] of [[1, first]] as const) {
      const stopped = await client.waitForEvent(
        'stopped',
        (event) => client.events.filter((e) => e.event === 'stopped').indexOf(event) === round - 1,
      );
      assert.equal(stopped.body?.reason, 'breakpoint', output.join('\n'));
      const trace = await client.request('stackTrace', { threadId: stopped.body?.threadId, levels: 1 });
      const frame = (trace.body?.stackFrames as Array<{ line: number; source: { path: string } }>)[0];
      assert.equal(frame.source.path, HANDLER);
      assert.equal(frame.line, BREAK_LINE);
      await client.request('continue', { threadId: stopped.body?.threadId });
      const result = await answer;
      assert.match(new TextDecoder().decode(result.payload), /Hello, dap!/);
    }
    const second = emulator.invoke({ payload: new TextEncoder().encode('{"name":"again"}') });
    const stoppedAgain = await client.waitForEvent(
      'stopped',
      (event) => client.events.filter((e) => e.event === 'stopped').indexOf(event) === 1,
    );
    await client.request('continue', { threadId: stoppedAgain.body?.threadId });
    assert.match(new TextDecoder().decode((await second).payload), /Hello, again!/);

    assert.ok(processesWithEnvironment(injected.dir).length > 0, 'the runtime process is not found by its environment');
    socket.destroy();
    await emulator.stop();
    assert.deepEqual(await waitForNone(injected.dir), [], 'a process of the runtime outlived the emulator');
  });
});
