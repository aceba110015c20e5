// The parser's .wasm files are found from source (node_modules) and from a CommonJS bundle with the files next to
// it and no node_modules around, as in dist/ of the extension.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { BASH_WASM, locateWasm, RUNTIME_WASM, wasmCandidates } from '../../../../src/core/lint/shell/wasm';
import { REPO_ROOT } from '../../helpers';

const run = promisify(execFile);

describe('the shell parser files', () => {
  it('are found in node_modules when running from source', () => {
    assert.equal(locateWasm(BASH_WASM), path.join(REPO_ROOT, 'node_modules', 'tree-sitter-bash', BASH_WASM));
    assert.equal(locateWasm(RUNTIME_WASM), path.join(REPO_ROOT, 'node_modules', 'web-tree-sitter', RUNTIME_WASM));
  });

  it('say where they looked when they are missing', () => {
    assert.throws(() => locateWasm('no-such-grammar.wasm'), /Cannot find no-such-grammar\.wasm .*looked in/);
    assert.ok(wasmCandidates(BASH_WASM).length > 0);
  });

  it('are found next to a CommonJS bundle, which esbuild builds without warnings', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'lrk-wasm-'));
    try {
      const entry = path.join(folder, 'entry.ts');
      const shellIndex = path.join(REPO_ROOT, 'src', 'core', 'lint', 'shell', 'index.ts').split(path.sep).join('/');
      await writeFile(
        entry,
        `import { lintShellBootstrap } from '${shellIndex}';
const text = '#!/bin/sh\\nwhile true\\n  echo hi\\ndone\\n';
lintShellBootstrap(
  { file: '/tmp/bootstrap', bytes: new TextEncoder().encode(text), text },
  { base: 'provided.al2023', shIsBash: true, architecture: 'x86_64', installedTools: new Set(), source: 'test' },
  { trusted: false, shellcheck: { enabled: false, path: 'shellcheck' }, defaultTarget: 'provided.al2023', rules: {} },
).then((findings) => console.log(JSON.stringify(findings.map((finding) => finding.code))));
`,
      );
      const dist = path.join(folder, 'dist');
      const result = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        outfile: path.join(dist, 'entry.js'),
        logLevel: 'silent',
        absWorkingDir: REPO_ROOT,
      });
      assert.deepEqual(
        result.warnings.map((warning) => warning.text),
        [],
      );
      await writeFile(path.join(dist, 'package.json'), '{ "type": "commonjs" }\n');
      await copyFile(
        path.join(REPO_ROOT, 'node_modules', 'web-tree-sitter', RUNTIME_WASM),
        path.join(dist, RUNTIME_WASM),
      );
      await copyFile(path.join(REPO_ROOT, 'node_modules', 'tree-sitter-bash', BASH_WASM), path.join(dist, BASH_WASM));
      // Run from a folder with no node_modules above it: only the files next to the bundle can be found.
      const { stdout } = await run(process.execPath, [path.join(dist, 'entry.js')], { cwd: folder, timeout: 30_000 });
      assert.deepEqual(JSON.parse(stdout), ['syntax']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
