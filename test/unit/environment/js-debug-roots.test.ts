// js-debug takes one localRoot/remoteRoot pair, and only that pair binds a breakpoint set before its script loads:
// the pair chosen is the folder with most of the breakpoints (the task root, or a layer's own folder, a built
// layer's too through the files its build copied), and the breakpoints it leaves out are named for the user.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareFunction } from '../../../src/core/environment';
import { builtLayerMappings } from '../../../src/core/environment/built-layer-mappings';
import { sandboxMappings } from '../../../src/core/emulator/sandbox/bwrap';
import { jsDebugRoots } from '../../../src/core/debug/path-mapping-args';
import { toLocal } from '../../../src/core/path-mappings';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-js-roots-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(root: string, entries: Record<string, string>): Promise<string> {
  for (const [name, content] of Object.entries(entries)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  return root;
}

describe("js-debug's one pair of roots in Lambda's file system", () => {
  it('is the task root with no breakpoint, on a tie, and when the breakpoints are there', async () => {
    const code = await files(path.join(dir, 'a-code'), { 'function.mjs': '', 'lib/util.js': '' });
    const layer = await files(path.join(dir, 'a-layer'), { bootstrap: '', 'lib/loop.js': '' });
    const mappings = sandboxMappings(code, [layer]);
    const task = { localRoot: code, remoteRoot: '/var/task' };
    assert.deepEqual(jsDebugRoots(mappings, code), { ...task, unmapped: [] });
    assert.deepEqual(jsDebugRoots(mappings, code, [path.join(code, 'lib', 'util.js')]), { ...task, unmapped: [] });
    assert.deepEqual(jsDebugRoots(mappings, code, [path.join(code, 'function.mjs'), path.join(layer, 'bootstrap')]), {
      ...task,
      unmapped: [path.join(layer, 'bootstrap')],
    });
    // Breakpoints of other projects of the workspace, outside every mapping, neither win nor are named.
    const elsewhere = ['x.js', 'y.js', 'z.js'].map((name) => path.join(dir, 'another-project', name));
    assert.deepEqual(jsDebugRoots(mappings, code, [path.join(code, 'function.mjs'), ...elsewhere]), {
      ...task,
      unmapped: [],
    });
  });

  it("is the layer's folder at /opt when most breakpoints are in the layer's runtime", async () => {
    const code = await files(path.join(dir, 'b-code'), { 'function.mjs': '' });
    const first = await files(path.join(dir, 'b-first'), { 'bin/tool': '' });
    const runtime = await files(path.join(dir, 'b-runtime'), { bootstrap: '', 'lib/loop.js': '' });
    const mappings = sandboxMappings(code, [first, runtime]);
    const roots = jsDebugRoots(mappings, code, [
      path.join(runtime, 'bootstrap'),
      path.join(runtime, 'lib', 'loop.js'),
      path.join(code, 'function.mjs'),
    ]);
    assert.deepEqual(roots, { localRoot: runtime, remoteRoot: '/opt', unmapped: [path.join(code, 'function.mjs')] });
  });
});

describe("a built layer's files map to the layer's own folder", () => {
  it('maps each file the build copied unchanged, not what it made or changed, nor what a later layer replaced', async () => {
    const source = await files(path.join(dir, 'c-source'), {
      bootstrap: 'loop()\n',
      'lib/loop.js': 'exports.loop = 1;\n',
      'lib/changed.js': 'before\n',
    });
    const output = await files(path.join(dir, 'c-output'), {
      bootstrap: 'loop()\n',
      'lib/loop.js': 'exports.loop = 1;\n',
      'lib/changed.js': 'after the build\n',
      'lib/made.js': 'generated\n',
    });
    const later = await files(path.join(dir, 'c-later'), { 'lib/loop.js': 'replaced\n' });
    const built = [{ source, output }];
    const sandboxed = builtLayerMappings([output, later], built, true);
    assert.deepEqual(sandboxed, [{ runtime: '/opt/bootstrap', local: [path.join(source, 'bootstrap')] }]);
    assert.deepEqual(
      builtLayerMappings([output], built, true)
        .map((mapping) => mapping.runtime)
        .sort(),
      ['/opt/bootstrap', '/opt/lib/loop.js'],
    );
    // In place the runtime reads the build's output where it is.
    assert.deepEqual(
      builtLayerMappings([output], built, false)
        .map((mapping) => [mapping.runtime, mapping.local[0]])
        .sort(),
      [
        [path.join(output, 'bootstrap'), path.join(source, 'bootstrap')],
        [path.join(output, 'lib', 'loop.js'), path.join(source, 'lib', 'loop.js')],
      ],
    );
  });

  it("through prepareFunction: /opt/bootstrap is the layer folder's, and js-debug maps /opt to it for its breakpoints", async () => {
    const code = await files(path.join(dir, 'd-code'), { 'function.mjs': 'export const handler = async () => 1;\n' });
    const source = await files(path.join(dir, 'd-runtime'), {
      bootstrap: '#!/usr/bin/env node\nrequire("./lib/loop.js");\n',
      'lib/loop.js': 'module.exports = 1;\n',
      Makefile:
        'build-Runtime:\n\tcp -R bootstrap lib "$(ARTIFACTS_DIR)/"\n\techo made > "$(ARTIFACTS_DIR)/made.txt"\n',
    });
    let output = '';
    const run = await prepareFunction(
      { name: 'Greeter', bootstrap: path.join(code, 'bootstrap'), taskRoot: code, handler: 'function.handler' },
      [{ kind: 'local', folder: source, built: true, name: 'Runtime', buildMethod: 'makefile' }],
      { sandbox: 'auto', output: (text) => (output += text) },
    );
    try {
      const built = run.config.layers![0];
      assert.notEqual(built, source, output);
      if (run.config.sandbox !== undefined) {
        assert.equal(toLocal(run.pathMappings, '/opt/bootstrap'), path.join(source, 'bootstrap'));
        assert.equal(toLocal(run.pathMappings, '/opt/made.txt'), path.join(built, 'made.txt'));
        assert.deepEqual(
          jsDebugRoots(run.pathMappings, code, [path.join(source, 'bootstrap'), path.join(source, 'lib', 'loop.js')]),
          {
            localRoot: source,
            remoteRoot: '/opt',
            unmapped: [],
          },
        );
      } else {
        // In place (no bubblewrap here): the runtime reads the copy, which maps back to the layer's folder.
        assert.equal(toLocal(run.pathMappings, path.join(built, 'bootstrap')), path.join(source, 'bootstrap'));
        assert.deepEqual(jsDebugRoots(run.pathMappings, code, [path.join(source, 'bootstrap')]), {
          localRoot: source,
          remoteRoot: built,
          unmapped: [],
        });
      }
    } finally {
      await run.dispose();
    }
  });

  it("in place, with the handler's breakpoints too, keeps no pair: the handler is where the runtime reads it", () => {
    const mappings = [{ runtime: '/tmp/out/bootstrap', local: ['/work/runtime/bootstrap'] }];
    assert.deepEqual(jsDebugRoots(mappings, '/work/fn', ['/work/fn/function.mjs', '/work/runtime/bootstrap']), {
      unmapped: ['/work/runtime/bootstrap'],
    });
  });
});
