// The Go and native plans proved end to end without an editor: the real emulator starts the runtime the way the
// plan says (Delve, or the lldb-server wrapper), a real debug adapter (Delve's DAP server, lldb-dap) attaches,
// a breakpoint on the handler line is hit on each invoke, the answer arrives, and stopping leaves no process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { delveAttachArguments, delveExecCommand, findDelve } from '../../../../src/core/debug/adapters/delve';
import {
  findLldb,
  isLegacyAdapter,
  lldbAttachArguments,
  lldbLaunchCommand,
  llvmDirectories,
} from '../../../../src/core/debug/adapters/lldb';
import { pathDirectories } from '../../../../src/core/debug/adapters/find-tool';
import { mayAttachToParent, ptracePermission } from '../../../../src/core/debug/adapters/ptrace';
import { waitForListening } from '../../../../src/core/debug/adapters/wait-listening';
import { startEmulator } from '../../../../src/core/emulator/index';
import type { Emulator } from '../../../../src/core/emulator/types';
import { REPO_ROOT } from '../../helpers';
import { DapClient } from './dap-client';
import {
  buildCppRuntime,
  buildGoRuntime,
  cppMissing,
  debugNativeFixtures,
  goMissing,
  type BuiltRuntime,
} from './native-fixtures';
import { waitForNoProcess } from './processes';
import { freePort } from '../../../../src/core/free-port';

const fixtures = debugNativeFixtures(REPO_ROOT);
const cleanup: string[] = [];
after(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

/** Sets the breakpoint, lets the runtime go, and checks two invokes stop on the handler line and answer. */
async function breakTwice(
  client: DapClient,
  attach: Record<string, unknown>,
  emulator: Emulator,
  runtime: BuiltRuntime,
  expect: (name: string) => RegExp,
  logLine: (name: string) => RegExp,
  /** Whether the output is in the invocation's own log (else it may trail it, but must reach the emulator). */
  exactLogs = true,
) {
  const lines: string[] = [];
  const unsubscribe = emulator.on((event) => {
    if (event.type === 'log') lines.push(event.line);
  });
  await client.request('initialize', {
    adapterID: 'test',
    linesStartAt1: true,
    columnsStartAt1: true,
    pathFormat: 'path',
  });
  const attached = client.request('attach', attach);
  await client.waitForEvent('initialized');
  await client.request('setBreakpoints', {
    source: { path: runtime.handlerFile },
    breakpoints: [{ line: runtime.breakpointLine }],
  });
  await client.request('configurationDone');
  await attached;
  for (const name of ['first', 'second']) {
    const before = client.events.length;
    const answer = emulator.invoke({ payload: new TextEncoder().encode(JSON.stringify({ name })) });
    const stopped = await client.waitForEvent(
      'stopped',
      (event) => client.events.indexOf(event) >= before && event.body?.reason === 'breakpoint',
    );
    const trace = await client.request('stackTrace', { threadId: stopped.body?.threadId, startFrame: 0, levels: 1 });
    const [frame] = trace.body?.stackFrames as { line: number; source?: { path?: string } }[];
    assert.equal(frame.line, runtime.breakpointLine);
    assert.equal(path.resolve(frame.source?.path ?? ''), runtime.handlerFile);
    await client.request('continue', { threadId: stopped.body?.threadId });
    const result = await answer;
    assert.equal(result.functionError, undefined, new TextDecoder().decode(result.payload));
    assert.match(new TextDecoder().decode(result.payload), expect(name));
    // The handler's output goes to the emulator, not to the debugger.
    if (exactLogs) assert.match(result.logs, logLine(name));
    else await waitUntil(() => lines.some((line) => logLine(name).test(line)), `the output of the ${name} invoke`);
  }
  unsubscribe();
}

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('debug plans under the emulator', () => {
  test('Go: the runtime runs under Delve and stops on the handler breakpoint', { timeout: 180_000 }, async (t) => {
    const dlv = await findDelve();
    if (!dlv) return t.skip('dlv (Delve) is not installed');
    const missing = goMissing();
    if (missing) return t.skip(missing);
    const runtime = await buildGoRuntime(fixtures);
    cleanup.push(runtime.dir);
    const port = await freePort();
    const emulator = await startEmulator({
      functions: [{ name: 'go-fn', bootstrap: runtime.bootstrap }],
      debug: { command: delveExecCommand(dlv.path, port, runtime.bootstrap), noTimeouts: true },
    });
    try {
      await waitForListening(port, { mayConnect: true });
      const { client, socket } = await DapClient.connect(port);
      try {
        await breakTwice(
          client,
          delveAttachArguments(port),
          emulator,
          runtime,
          (name) => new RegExp(`"greeting":"hello ${name}"`),
          (name) => new RegExp(`^greeting ${name}$`, 'm'),
        );
        await client.request('disconnect', { terminateDebuggee: false });
      } finally {
        socket.destroy();
      }
    } finally {
      await emulator.stop();
    }
    assert.deepEqual(await waitForNoProcess(runtime.dir), [], 'a process of the runtime is left');
  });

  const nativeCases = [
    { viaScript: false, mode: 'attach-parent' },
    { viaScript: true, mode: 'attach-parent' },
    { viaScript: false, mode: 'launch' },
    { viaScript: true, mode: 'launch' },
  ] as const;
  for (const { viaScript, mode } of nativeCases) {
    const title = viaScript
      ? `native (${mode}): a bootstrap script that execs the binary is followed into it`
      : `native (${mode}): the C++ runtime runs with lldb-server and stops on the handler breakpoint`;
    test(title, { timeout: 120_000 }, async (t) => {
      if (mode === 'attach-parent' && !mayAttachToParent(ptracePermission())) {
        return t.skip('ptrace forbids attaching to a parent here (kernel.yama.ptrace_scope)');
      }
      if (process.platform !== 'linux') return t.skip('lldb-server debugging of a bootstrap needs Linux');
      const lldb = await findLldb([...pathDirectories(), ...llvmDirectories()]);
      if (!lldb) return t.skip('lldb-dap and lldb-server (apt-get install lldb-19) are not installed');
      const missing = cppMissing();
      if (missing) return t.skip(missing);
      const runtime = await buildCppRuntime(fixtures);
      cleanup.push(runtime.dir);
      let bootstrap = runtime.bootstrap;
      if (viaScript) {
        bootstrap = path.join(runtime.dir, 'bootstrap.sh');
        await writeFile(bootstrap, '#!/bin/sh\nexec "$LAMBDA_TASK_ROOT/bootstrap"\n');
        await chmod(bootstrap, 0o755);
      }
      const port = await freePort();
      const emulator = await startEmulator({
        functions: [{ name: 'cpp-fn', bootstrap }],
        debug: {
          command: lldbLaunchCommand(
            lldb.server,
            port,
            bootstrap,
            mode === 'launch' ? { mode, pipesDir: runtime.dir } : { mode },
          ),
          noTimeouts: true,
        },
      });
      const adapter = spawn(lldb.adapter, [], { stdio: ['pipe', 'pipe', 'inherit'] });
      try {
        await waitForListening(port);
        const client = new DapClient(adapter.stdin, adapter.stdout);
        await breakTwice(
          client,
          lldbAttachArguments(port, viaScript ? undefined : bootstrap, isLegacyAdapter(lldb.adapter)),
          emulator,
          runtime,
          (name) => new RegExp(`"bytes":${JSON.stringify({ name }).length}`),
          (name) => new RegExp(`^event of ${JSON.stringify({ name }).length} bytes$`, 'm'),
          mode === 'attach-parent',
        );
        await client.request('disconnect', { terminateDebuggee: false });
      } finally {
        adapter.kill();
        await emulator.stop();
      }
      assert.deepEqual(await waitForNoProcess(runtime.dir), [], 'a process of the runtime is left');
    });
  }
});
