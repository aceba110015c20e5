// The execution environment's pieces on real files: layers merged for /opt (later ones win), layer zips extracted
// with their modes, layers built by make, ARN layers named, path mappings both ways, bwrap's command line.
import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KeptLayerFolders, LayerError, resolveLayers } from '../../../src/core/environment';
import { sandboxCommand, sandboxMappings } from '../../../src/core/emulator/sandbox/bwrap';
import { mergeLayers } from '../../../src/core/emulator/sandbox/merge-layers';
import { sandboxExit } from '../../../src/core/emulator/sandbox/environment';
import {
  debugpyPathMappings,
  delveSubstitutePath,
  jsDebugRoots,
  lldbSourceMap,
  mappingsNamedIn,
} from '../../../src/core/debug/path-mapping-args';
import { writeZip, MODE } from '../../../src/core/package';
import { mappingPairs, toLocal, toRuntime } from '../../../src/core/path-mappings';
import { which } from '../../../src/core/executables';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-env-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(root: string, entries: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(entries)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

describe('layers merged for /opt', () => {
  it("keeps every layer's files, a later layer replacing an earlier one's, links as links", async () => {
    const first = await files(path.join(dir, 'm1'), { 'bin/tool': 'one', 'bin/only-first': 'x', 'lib/x': 'dir' });
    await chmod(path.join(first, 'bin', 'tool'), 0o755);
    const second = await files(path.join(dir, 'm2'), { 'bin/tool': 'two', lib: 'now a file' });
    await symlink('tool', path.join(second, 'bin', 'alias'));
    const merged = await mergeLayers([first, second]);
    try {
      assert.equal(await readFile(path.join(merged, 'bin', 'tool'), 'utf8'), 'two');
      assert.equal(await readFile(path.join(merged, 'bin', 'only-first'), 'utf8'), 'x');
      assert.equal(await readFile(path.join(merged, 'lib'), 'utf8'), 'now a file');
      assert.equal(await readlink(path.join(merged, 'bin', 'alias')), 'tool');
      // The layers themselves are untouched.
      assert.equal(await readFile(path.join(first, 'bin', 'tool'), 'utf8'), 'one');
    } finally {
      await rm(merged, { recursive: true, force: true });
    }
  });
});

describe('resolveLayers', () => {
  it('extracts a layer zip with its modes and links, and removes it on dispose', async () => {
    const source = await files(path.join(dir, 'zsrc'), { bootstrap: '#!/bin/sh\n', 'bin/t': 'tool' });
    const zip = path.join(dir, 'layer.zip');
    await writeZip(zip, [
      { kind: 'file', name: 'bootstrap', mode: MODE.executable, source: path.join(source, 'bootstrap'), size: 10 },
      { kind: 'directory', name: 'bin/', mode: MODE.directory },
      { kind: 'file', name: 'bin/t', mode: MODE.file, source: path.join(source, 'bin', 't'), size: 4 },
      { kind: 'symlink', name: 'bin/u', mode: MODE.symlink, target: 't' },
    ]);
    const layers = await resolveLayers('Fn', [{ kind: 'local', folder: zip, built: false, name: 'Zipped' }]);
    const [folder] = layers.folders;
    assert.equal((await stat(path.join(folder, 'bootstrap'))).mode & 0o777, 0o755);
    assert.equal((await stat(path.join(folder, 'bin', 't'))).mode & 0o777, 0o644);
    assert.ok((await lstat(path.join(folder, 'bin', 'u'))).isSymbolicLink());
    await layers.dispose();
    await assert.rejects(stat(folder));
  });

  it('builds a BuildMethod makefile layer into a fresh ARTIFACTS_DIR', async (t) => {
    if (!which('make')) return t.skip('needs make');
    const folder = await files(path.join(dir, 'built'), {
      Makefile: 'build-Runtime:\n\tmkdir -p $(ARTIFACTS_DIR)/bin\n\tprintf made > $(ARTIFACTS_DIR)/bin/tool\n',
    });
    const output: string[] = [];
    const layers = await resolveLayers(
      'Fn',
      [{ kind: 'local', folder, built: true, name: 'Runtime', buildMethod: 'makefile' }],
      { output: (text) => output.push(text) },
    );
    try {
      assert.equal(await readFile(path.join(layers.folders[0], 'bin', 'tool'), 'utf8'), 'made');
      assert.match(output.join(''), /make build-Runtime/);
    } finally {
      await layers.dispose();
    }
  });

  it("keeps a session's layer folders when its layers are built again; a failed build leaves them as they were", async (t) => {
    if (!which('make')) return t.skip('needs make');
    const folder = await files(path.join(dir, 'kept'), {
      Makefile:
        'build-Runtime:\n\ttest ! -e fail\n\tmkdir -p $(ARTIFACTS_DIR)/bin\n\tcp tool.txt $(ARTIFACTS_DIR)/bin/tool\n',
      'tool.txt': 'first',
    });
    const source = { kind: 'local' as const, folder, built: true, name: 'Runtime', buildMethod: 'makefile' };
    const keep = new KeptLayerFolders();
    const first = await resolveLayers('Fn', [source], { keep });
    const [kept] = first.folders;
    assert.deepEqual(first.built, [{ source: folder, output: kept }]);
    await writeFile(path.join(folder, 'tool.txt'), 'second');
    const second = await resolveLayers('Fn', [source], { keep });
    assert.deepEqual(second.folders, [kept], 'the rebuild moved the layer to another folder');
    assert.deepEqual(second.built, [{ source: folder, output: kept }]);
    assert.equal(await readFile(path.join(kept, 'bin', 'tool'), 'utf8'), 'second');
    // The earlier build's own files go with it, not the folder the later one now holds.
    await first.dispose();
    assert.equal(await readFile(path.join(kept, 'bin', 'tool'), 'utf8'), 'second');
    await writeFile(path.join(folder, 'tool.txt'), 'third');
    await writeFile(path.join(folder, 'fail'), '');
    await assert.rejects(resolveLayers('Fn', [source], { keep }), LayerError);
    assert.equal(await readFile(path.join(kept, 'bin', 'tool'), 'utf8'), 'second');
    await second.dispose();
    await keep.dispose();
    await assert.rejects(stat(kept));
  });

  it('names a layer given by ARN and how to map it; a missing folder is named too', async () => {
    const arn = 'arn:aws:lambda:eu-west-1:111122223333:layer:php:9';
    await assert.rejects(resolveLayers('Fn', [{ kind: 'unknown', reference: arn }]), (error: Error) => {
      assert.ok(error instanceof LayerError);
      assert.match(error.message, new RegExp(`Fn: its layer ${arn} is not in this template`));
      assert.match(error.message, /--layer arn:aws:lambda:eu-west-1:111122223333:layer:php:9=PATH/);
      assert.equal(error.fixIn, 'mapping');
      return true;
    });
    await assert.rejects(
      resolveLayers('Fn', [{ kind: 'local', folder: path.join(dir, 'absent'), built: false, name: 'Gone' }]),
      (error: Error) => {
        assert.match(error.message, /The content of the layer Gone, .*absent, does not exist/);
        assert.equal((error as LayerError).fixIn, 'layer');
        return true;
      },
    );
    // A mapping to nothing is the mapping's to fix.
    await assert.rejects(
      resolveLayers('Fn', [{ kind: 'unknown', reference: arn }], { overrides: { [arn]: path.join(dir, 'nowhere') } }),
      (error: Error) =>
        error instanceof LayerError && error.fixIn === 'mapping' && /nowhere, does not exist/.test(error.message),
    );
  });

  it("says a failing layer build is the layer's to fix, not a setting's", async (t) => {
    if (!which('make')) return t.skip('needs make');
    const folder = await files(path.join(dir, 'broken'), { Makefile: 'build-Broken:\n\texit 3\n' });
    await assert.rejects(
      resolveLayers('Fn', [{ kind: 'local', folder, built: true, name: 'Broken', buildMethod: 'makefile' }]),
      (error: Error) =>
        error instanceof LayerError && error.fixIn === 'layer' && /Fn: the layer Broken/.test(error.message),
    );
  });
});

describe('path mappings', () => {
  it('maps /var/task and /opt both ways, the last layer first', async () => {
    const code = await files(path.join(dir, 'code'), { 'handler.py': '' });
    const l1 = await files(path.join(dir, 'l1'), { 'bin/php': '', 'runtime/a.py': '' });
    const l2 = await files(path.join(dir, 'l2'), { bootstrap: '', 'runtime/b.py': '' });
    const mappings = sandboxMappings(code, [l1, l2]);
    assert.equal(toLocal(mappings, '/var/task/handler.py'), path.join(code, 'handler.py'));
    assert.equal(toLocal(mappings, '/opt/bin/php'), path.join(l1, 'bin', 'php'));
    assert.equal(toLocal(mappings, '/opt/bootstrap'), path.join(l2, 'bootstrap'));
    assert.equal(toLocal(mappings, '/usr/lib/x.py'), '/usr/lib/x.py');
    assert.equal(toRuntime(mappings, path.join(l1, 'runtime', 'a.py')), '/opt/runtime/a.py');
    assert.equal(toRuntime(mappings, path.join(code, 'handler.py')), '/var/task/handler.py');
    assert.equal(toRuntime(mappings, '/elsewhere/x'), '/elsewhere/x');
    // As pairs: the shared folder /opt/runtime is split by file, the rest maps whole.
    const pairs = mappingPairs(mappings);
    assert.deepEqual(
      pairs.map((pair) => `${pair.runtime}=${pair.local}`).sort(),
      [
        `/opt/bin=${path.join(l1, 'bin')}`,
        `/opt/bootstrap=${path.join(l2, 'bootstrap')}`,
        `/opt/runtime/a.py=${path.join(l1, 'runtime', 'a.py')}`,
        `/opt/runtime/b.py=${path.join(l2, 'runtime', 'b.py')}`,
        `/var/task=${code}`,
      ].sort(),
    );
  });
});

describe("bwrap's command line", () => {
  it('binds the code and layers read-only, sizes /tmp, keeps the network and maps the command', () => {
    const code = '/work/fn';
    const command = sandboxCommand(
      { file: '/bin/bash', args: ['/work/fn/bootstrap'] },
      { bwrap: '/usr/bin/bwrap', taskRoot: code, opt: '/tmp/lrk-opt-1', tmpSizeMb: 600 },
      sandboxMappings(code, ['/work/layer']),
    );
    const line = command.args.join(' ');
    assert.equal(command.file, '/usr/bin/bwrap');
    assert.match(line, /--ro-bind \/ \/ /);
    assert.match(line, /--size 629145600 --tmpfs \/tmp/);
    assert.match(line, /--ro-bind \/work\/fn \/var\/task/);
    assert.match(line, /--ro-bind \/tmp\/lrk-opt-1 \/opt/);
    assert.match(line, /--unshare-pid --die-with-parent --chdir \/var\/task -- \/bin\/bash \/var\/task\/bootstrap$/);
    assert.doesNotMatch(line, /--unshare-net|--unshare-all/);
  });

  it("under LLDB: this machine's process ids, and the program started by its own path, shown there", () => {
    const code = '/work/fn';
    const command = sandboxCommand(
      { file: '/bin/sh', args: ['-c', 'script', '/usr/bin/lldb-server', '/work/fn/bootstrap'] },
      {
        bwrap: '/usr/bin/bwrap',
        taskRoot: code,
        tmpSizeMb: 512,
        hostPaths: [{ path: '/work/fn/bootstrap' }],
        sharePids: true,
      },
      sandboxMappings(code, []),
    );
    const line = command.args.join(' ');
    assert.doesNotMatch(line, /--unshare-pid/);
    assert.match(line, /--ro-bind \/work\/fn \/var\/task/);
    assert.match(line, /--ro-bind \/work\/fn\/bootstrap \/work\/fn\/bootstrap/);
    assert.match(
      line,
      /--die-with-parent --chdir \/var\/task -- \/bin\/sh -c script \/usr\/bin\/lldb-server \/work\/fn\/bootstrap$/,
    );
  });
});

describe('a runtime killed by a signal inside the sandbox', () => {
  it("is reported by the signal, as Lambda does, not by bwrap's 128 + N", () => {
    assert.deepEqual(sandboxExit(137, null), { exitCode: null, signal: 'SIGKILL' });
    assert.deepEqual(sandboxExit(3, null), { exitCode: 3, signal: null });
    assert.deepEqual(sandboxExit(null, 'SIGTERM'), { exitCode: null, signal: 'SIGTERM' });
  });
});

describe("path mappings in each debugger's words", () => {
  it('gives js-debug the task root, debugpy, Delve and LLDB every pair, and nothing without a sandbox', async () => {
    const code = await files(path.join(dir, 'dbg-code'), { 'handler.js': '' });
    const layer = await files(path.join(dir, 'dbg-layer'), { bootstrap: '' });
    const mappings = sandboxMappings(code, [layer]);
    assert.deepEqual(jsDebugRoots(mappings, code), { localRoot: code, remoteRoot: '/var/task', unmapped: [] });
    assert.deepEqual(debugpyPathMappings(mappings), [
      { localRoot: code, remoteRoot: '/var/task' },
      { localRoot: layer, remoteRoot: '/opt' },
    ]);
    assert.deepEqual(delveSubstitutePath(mappings), [
      { from: code, to: '/var/task' },
      { from: layer, to: '/opt' },
    ]);
    assert.deepEqual(lldbSourceMap(mappings), [
      ['/var/task', code],
      ['/opt', layer],
    ]);
    assert.deepEqual(jsDebugRoots([], code), { unmapped: [] });
    assert.deepEqual(debugpyPathMappings(undefined), []);
  });
});

describe('mappings for compiled programs', () => {
  it('keeps only the runtime folders the binary names (a build made there), none for a local build', async () => {
    const mappings = sandboxMappings('/work/fn', ['/work/layer']);
    const local = path.join(dir, 'local-build');
    await writeFile(local, Buffer.concat([Buffer.alloc(100), Buffer.from('/work/fn/main.go'), Buffer.alloc(100)]));
    assert.deepEqual(mappingsNamedIn(local, mappings), []);
    const there = path.join(dir, 'built-in-task-root');
    await writeFile(there, Buffer.concat([Buffer.alloc(100), Buffer.from('/var/task/main.go'), Buffer.alloc(100)]));
    assert.deepEqual(
      mappingsNamedIn(there, mappings).map((mapping) => mapping.runtime),
      ['/var/task'],
    );
  });
});
