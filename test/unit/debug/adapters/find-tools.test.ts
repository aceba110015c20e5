// Finding debug adapters and their versions, and the commands the plans give the emulator.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  compareVersions,
  findVersioned,
  parseVersion,
  pathDirectories,
  toolVersion,
  which,
} from '../../../../src/core/debug/adapters/find-tool';
import {
  delveAttachArguments,
  delveCannotDebug,
  delveExecCommand,
  findDelve,
} from '../../../../src/core/debug/adapters/delve';
import {
  findLldb,
  isLegacyAdapter,
  lldbAttachArguments,
  lldbLaunchCommand,
} from '../../../../src/core/debug/adapters/lldb';
import { mayAttachToParent, ptraceForbidden } from '../../../../src/core/debug/adapters/ptrace';
import { listeningPorts, waitForListening } from '../../../../src/core/debug/adapters/wait-listening';

let root: string;

/** A fake tool: a script that prints `output` (how these tools print their versions). */
async function tool(dir: string, name: string, output = ''): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\necho '${output}'\n`);
  await chmod(file, 0o755);
  return file;
}

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lrk-find-tools-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('finding debugger executables', () => {
  test('pathDirectories drops empty entries and duplicates', () => {
    assert.deepEqual(pathDirectories(['/a', '', '/b', '/a'].join(path.delimiter)), ['/a', '/b']);
    assert.deepEqual(pathDirectories(''), []);
  });

  test('which finds executables only, in PATH order', async () => {
    const first = path.join(root, 'which1');
    const second = path.join(root, 'which2');
    await mkdir(first, { recursive: true });
    await writeFile(path.join(first, 'tool'), 'not executable');
    const expected = await tool(second, 'tool');
    assert.equal(which('tool', [first, second]), expected);
    assert.equal(which('absent', [first, second]), undefined);
  });

  test('findVersioned prefers the highest suffix and ignores look-alikes', async () => {
    const dir = path.join(root, 'versioned');
    await tool(dir, 'lldb-dap');
    await tool(dir, 'lldb-dap-18');
    await tool(dir, 'lldb-dap-19');
    await tool(dir, 'lldb-dap-19.1');
    await tool(dir, 'lldb-dapper');
    const found = findVersioned('lldb-dap', [dir]);
    assert.deepEqual(
      found.map((entry) => [path.basename(entry.path), entry.major]),
      [
        ['lldb-dap-19', 19],
        ['lldb-dap-18', 18],
        ['lldb-dap', undefined],
      ],
    );
  });

  test('versions are read from the tools and compared numerically', async () => {
    assert.equal(parseVersion('Delve Debugger\nVersion: 1.20.2\nBuild: $Id: e0c2 $'), '1.20.2');
    assert.equal(parseVersion('lldb version 19.1.7'), '19.1.7');
    assert.equal(parseVersion('GNU gdb (Debian 13.1-3) 13.1'), '13.1');
    assert.equal(parseVersion('no version here'), undefined);
    assert.ok(compareVersions('1.20.2', '1.9.0') > 0);
    assert.ok(compareVersions('13.1', '14') < 0);
    assert.equal(compareVersions('14.0', '14'), 0);
    const fake = await tool(path.join(root, 'version'), 'fake', 'lldb version 19.1.7');
    assert.equal(await toolVersion(fake, ['version']), '19.1.7');
    assert.equal(await toolVersion(path.join(root, 'absent'), ['version']), undefined);
  });
});

describe('Delve', () => {
  test('found on PATH or in ~/go/bin, with its version', async () => {
    const home = path.join(root, 'home');
    await tool(path.join(home, 'go', 'bin'), 'dlv', 'Delve Debugger\nVersion: 1.23.0');
    const found = await findDelve({ PATH: path.join(root, 'empty'), HOME: home });
    assert.equal(found?.path, path.join(home, 'go', 'bin', 'dlv'));
    assert.equal(found?.version, '1.23.0');
    assert.equal(await findDelve({ PATH: path.join(root, 'empty') }), undefined);
  });

  test('the emulator starts the bootstrap under a headless Delve on loopback', () => {
    const command = delveExecCommand('/usr/bin/dlv', 4711, '/fn/bootstrap');
    assert.deepEqual(command.slice(0, 3), ['/usr/bin/dlv', 'exec', '--headless']);
    assert.ok(command.includes('--listen=127.0.0.1:4711'));
    assert.ok(command.includes('--accept-multiclient'));
    // The program comes last: anything after it would be the program's own arguments.
    assert.equal(command.at(-1), '/fn/bootstrap');
    assert.deepEqual(delveAttachArguments(4711), {
      request: 'attach',
      mode: 'remote',
      host: '127.0.0.1',
      port: 4711,
      stopOnEntry: false,
    });
  });

  test('a script bootstrap is refused with the way out', async () => {
    const script = await tool(path.join(root, 'script'), 'bootstrap');
    assert.match(delveCannotDebug(script) ?? '', /not an executable binary.*"debugger": "native"/);
    assert.equal(delveCannotDebug(process.execPath), undefined);
    assert.match(delveCannotDebug(path.join(root, 'absent')) ?? '', /cannot be read/);
  });
});

describe('LLDB', () => {
  test('an adapter is paired with the lldb-server of its release', async () => {
    const dir = path.join(root, 'lldb');
    await tool(dir, 'lldb-dap-20');
    await tool(dir, 'lldb-dap-19');
    await tool(dir, 'lldb-server-19', 'lldb version 19.1.7');
    const found = await findLldb([dir]);
    // 20 has no lldb-server of its own: 19 is the newest usable pair.
    assert.equal(found?.adapter, path.join(dir, 'lldb-dap-19'));
    assert.equal(found?.server, path.join(dir, 'lldb-server-19'));
    assert.equal(found?.version, '19.1.7');
  });

  test('older LLVM releases name the adapter lldb-vscode', async () => {
    const dir = path.join(root, 'lldb-old');
    await tool(dir, 'lldb-vscode');
    await tool(dir, 'lldb-server');
    const found = await findLldb([dir]);
    assert.equal(found?.adapter, path.join(dir, 'lldb-vscode'));
    assert.equal(found?.server, path.join(dir, 'lldb-server'));
  });

  test('no adapter, or no server: nothing found', async () => {
    const dir = path.join(root, 'lldb-half');
    await tool(dir, 'lldb-dap-19');
    assert.equal(await findLldb([dir]), undefined);
    assert.equal(await findLldb([path.join(root, 'empty')]), undefined);
  });

  test('attach-parent: a shell has lldb-server attach to it, waits to be traced, then execs the bootstrap', () => {
    const command = lldbLaunchCommand('/usr/bin/lldb-server-19', 4712, '/fn/bootstrap', { mode: 'attach-parent' });
    assert.deepEqual(command.slice(0, 2), ['/bin/sh', '-c']);
    assert.match(command[2], /gdbserver "127\.0\.0\.1:\$port" --attach \$\$/);
    assert.match(command[2], /TracerPid/);
    assert.match(command[2], /exec "\$@"$/);
    assert.deepEqual(command.slice(3), ['/usr/bin/lldb-server-19', '4712', '/fn/bootstrap']);
  });

  test('launch: lldb-server launches a shell that writes to named pipes and execs the bootstrap', () => {
    const command = lldbLaunchCommand('/usr/bin/lldb-server-19', 4712, '/fn/bootstrap', {
      mode: 'launch',
      pipesDir: '/tmp/pipes',
    });
    assert.deepEqual(command.slice(0, 2), ['/bin/sh', '-c']);
    assert.match(command[2], /mkfifo "\$dir\/stdout" "\$dir\/stderr"/);
    assert.match(command[2], /exec "\$server" gdbserver "127\.0\.0\.1:\$port" -- \/bin\/sh -c/);
    assert.deepEqual(command.slice(3), ['/usr/bin/lldb-server-19', '4712', '/tmp/pipes', '/fn/bootstrap']);
  });

  test('ptrace: which mode Yama allows, and when no debugger can work', () => {
    assert.equal(mayAttachToParent({ scope: undefined, root: false }), true);
    assert.equal(mayAttachToParent({ scope: 0, root: false }), true);
    assert.equal(mayAttachToParent({ scope: 1, root: false }), false);
    assert.equal(mayAttachToParent({ scope: 1, root: true }), true);
    assert.equal(mayAttachToParent({ scope: 3, root: true }), false);
    assert.equal(ptraceForbidden({ scope: 1, root: false }), undefined);
    assert.equal(ptraceForbidden({ scope: 2, root: true }), undefined);
    assert.match(ptraceForbidden({ scope: 2, root: false }) ?? '', /ptrace_scope=2/);
    assert.match(ptraceForbidden({ scope: 3, root: true }) ?? '', /ptrace_scope=3/);
  });

  test('the debug adapter attaches through gdb-remote', () => {
    const attach = lldbAttachArguments(4712, '/fn/bootstrap', isLegacyAdapter('/usr/bin/lldb-dap-19'));
    assert.equal(attach.program, '/fn/bootstrap');
    assert.equal(attach['gdb-remote-port'], 4712);
    assert.equal(attach['gdb-remote-hostname'], '127.0.0.1');
    assert.deepEqual(attach.preRunCommands, [
      'settings set target.process.stop-on-exec false',
      'process handle SIGSTOP --pass false',
    ]);
    const legacy = lldbAttachArguments(4712, '/fn/bootstrap', isLegacyAdapter('/usr/lib/llvm-16/bin/lldb-vscode'));
    assert.deepEqual(legacy.attachCommands, [
      'settings set target.process.stop-on-exec false',
      'gdb-remote 127.0.0.1:4712',
      'process handle SIGSTOP --pass false',
    ]);
    assert.equal(legacy['gdb-remote-port'], undefined);
    assert.equal('program' in lldbAttachArguments(4712, undefined), false, 'a script is no target for LLDB');
  });
});

describe('waiting for a debug server', () => {
  test('listening ports are read from /proc/net/tcp', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1267 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1',
      '   1: 0100007F:1268 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 2',
    ].join('\n');
    assert.deepEqual([...listeningPorts(table)], [0x1267]);
  });

  test('resolves once a server listens, and says so when none does', async () => {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
    );
    try {
      await waitForListening(port, { timeoutMs: 2_000 });
    } finally {
      server.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await assert.rejects(
      waitForListening(port, { timeoutMs: 300, mayConnect: true }),
      /Nothing listens on 127\.0\.0\.1:\d+/,
    );
    await assert.rejects(
      waitForListening(port, { timeoutMs: 5_000, cancelled: () => true }),
      /stopped before it listened/,
    );
  });

  test('finds a dual-stack server ([::]) that starts listening after the first polls', async (t) => {
    // The port is chosen first, so that the server can start listening only once the polls have begun.
    const probe = net.createServer();
    const bound = await new Promise<number | undefined>((resolve) => {
      probe.once('error', () => resolve(undefined));
      probe.listen(0, '::', () => resolve((probe.address() as net.AddressInfo).port));
    });
    probe.close();
    if (bound === undefined) return t.skip('this machine has no IPv6 loopback');
    const server = net.createServer();
    const later = setTimeout(() => server.listen(bound, '::'), 150);
    try {
      await waitForListening(bound, { timeoutMs: 3_000 });
      assert.equal(server.listening, true);
    } finally {
      clearTimeout(later);
      server.close();
    }
  });
});
