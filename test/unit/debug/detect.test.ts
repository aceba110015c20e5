import assert from 'node:assert/strict';
import { chmod, copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  detectDebugger,
  hasGoSections,
  findHandlerFile,
  handOffProgram,
  interpreterKind,
  shebangProgram,
} from '../../../src/core/debug/detect';
import { which } from '../../../src/core/debug/adapters/find-tool';
import { guessHandler } from '../../../src/core/debug/handler-guess';

async function scratch(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lrk-detect-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

describe('debugger: auto', () => {
  test('reads shebangs, env -S included', () => {
    assert.equal(shebangProgram('#!/usr/bin/env node\n'), 'node');
    assert.equal(shebangProgram('#!/usr/bin/env -S python3 -u\n'), 'python3');
    assert.equal(shebangProgram('#!/bin/sh\nexec node x'), '/bin/sh');
    assert.equal(shebangProgram('echo hi'), undefined);
    assert.equal(interpreterKind('/var/lang/bin/node'), 'node');
    assert.equal(interpreterKind('python3.12'), 'python');
    assert.equal(interpreterKind('ruby'), undefined);
  });

  test('finds what a shell bootstrap hands off to, past comments and assignments', () => {
    assert.equal(handOffProgram('#!/bin/sh\n# node is great\nexec node "$LAMBDA_TASK_ROOT/index.js"\n'), 'node');
    assert.equal(
      handOffProgram('#!/bin/sh\nset -e\nexport X=1\nPYTHONPATH=$LAMBDA_TASK_ROOT exec /usr/bin/python3 -m runner\n'),
      'python',
    );
    assert.equal(handOffProgram('#!/bin/sh\nexec "${LAMBDA_RUNTIME_DIR}/node" runner.js\n'), 'node');
    assert.equal(handOffProgram('#!/bin/bash\nwhile true; do curl -s x; done\n'), undefined);
  });

  test('decides from the bootstrap, then from the handler file', async () => {
    const dir = await scratch({
      'node-boot': '#!/bin/sh\nexec node runner.js\n',
      'py-boot': '#!/usr/bin/env python3\nprint(1)\n',
      'sh-boot': '#!/bin/sh\nwhile true; do source ./$HANDLER; done\n',
      'function.sh': 'handler() { echo; }\n',
      'app.py': 'def handler(event, context):\n    return 1\n',
      'ruby-boot': '#!/usr/bin/ruby\n',
    });
    const at = (name: string) => path.join(dir, name);
    assert.equal(detectDebugger(at('node-boot')), 'node');
    assert.equal(detectDebugger(at('py-boot')), 'python');
    assert.equal(detectDebugger(at('sh-boot'), at('function.sh')), 'bash');
    assert.equal(detectDebugger(at('sh-boot'), at('app.py')), 'python');
    assert.equal(detectDebugger(at('ruby-boot')), undefined);
    assert.equal(detectDebugger(at('missing')), undefined);
  });

  test('recognises a real Go binary by its sections (dlv is written in Go)', (t) => {
    const dlv = which('dlv');
    if (!dlv) return t.skip('dlv (a Go program) is not on PATH');
    assert.equal(hasGoSections(dlv), true);
    assert.equal(detectDebugger(dlv), 'go');
    assert.equal(hasGoSections(process.execPath), false);
  });

  test('tells a Go binary from another ELF', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lrk-detect-'));
    // Any ELF on this machine that is no Go program: node itself.
    await copyFile(process.execPath, path.join(dir, 'native'));
    assert.equal(detectDebugger(path.join(dir, 'native')), 'native');
    const goLike = Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
      Buffer.alloc(100),
      Buffer.from('\xff Go buildinf:', 'latin1'),
    ]);
    await writeFile(path.join(dir, 'go'), goLike);
    await chmod(path.join(dir, 'go'), 0o755);
    assert.equal(detectDebugger(path.join(dir, 'go')), 'go');
  });

  test('finds the handler file a handler names', async () => {
    const dir = await scratch({ 'function.sh': '', 'app.py': '', 'index.mjs': '' });
    assert.equal(findHandlerFile(dir, 'function.handler'), path.join(dir, 'function.sh'));
    assert.equal(findHandlerFile(dir, 'app.lambda_handler'), path.join(dir, 'app.py'));
    assert.equal(findHandlerFile(dir, 'index.handler'), path.join(dir, 'index.mjs'));
    assert.equal(findHandlerFile(dir, 'nothere.handler'), undefined);
    assert.equal(findHandlerFile(dir, 'bootstrap'), undefined);
  });

  test('guesses the handler of an open file', async () => {
    const dir = await scratch({
      'app.py': 'import json\n\ndef lambda_handler(event, context):\n    return 1\n',
      'index.js': 'exports.main = async () => 1;\n',
      'index2.mjs': 'export const handler = async () => 1;\n',
      'function.sh': 'handler () {\n  echo\n}\n',
      'empty.js': '',
    });
    assert.equal(guessHandler(path.join(dir, 'app.py'), dir), 'app.lambda_handler');
    assert.equal(guessHandler(path.join(dir, 'index.js'), dir), 'index.main');
    assert.equal(guessHandler(path.join(dir, 'index2.mjs'), dir), 'index2.handler');
    assert.equal(guessHandler(path.join(dir, 'function.sh'), dir), 'function.handler');
    assert.equal(guessHandler(path.join(dir, 'empty.js'), dir), 'empty.handler');
  });
});
