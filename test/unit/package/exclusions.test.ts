// What is left out of a zip: the defaults, and a .lambdaignore that adds to them or takes them back.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadExclusions, packageTarget } from '../../../src/core/package';
import { tempFolder, writeFiles } from './fixture';
import { readZip } from './zip-read';

let dir: string;
let cleanup: () => Promise<void>;
before(async () => ({ dir, cleanup } = await tempFolder('exclusions')));
after(() => cleanup());

/** A function folder with a bit of everything a project holds next to its code. */
const PROJECT = {
  bootstrap: ['#!/bin/sh\n', 0o755] as [string, number],
  'function.sh': 'handler() { echo ok; }\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.vscode/launch.json': '{}\n',
  '.aws-sam/build/x': 'x',
  'events/event.json': '{}\n',
  'test/handler.test.sh': 'x',
  'tests/test_handler.py': 'x',
  'lib/util.test.js': 'x',
  'lib/util.js': 'x',
  'lib/README.md': "kept: only the root README is the scaffold's\n",
  'lib/events/kinds.json': 'kept: only the root events/ holds samples\n',
  'README.md': '# scaffold\n',
  'template.yaml': 'Resources: {}\n',
  '.gitignore': '.aws-sam/\n',
  'node_modules/.cache/esbuild/x': 'x',
  'node_modules/pkg/index.js': 'x',
  'node_modules/pkg/test/fixture.js': 'kept: a package may load any of its files\n',
  'build/index.js': 'kept: a build folder may be the code\n',
  '__pycache__/handler.cpython-312.pyc': 'x',
};

async function zipNames(folder: string, name: string): Promise<string[]> {
  const result = await packageTarget(
    { name, kind: 'function', folder },
    { outDir: path.join(dir, 'out'), output: () => undefined },
  );
  return (await readZip(result.file)).filter((entry) => !entry.name.endsWith('/')).map((entry) => entry.name);
}

describe('package: default exclusions', () => {
  it('leaves out tools, tests, sample events, the scaffold files and caches, and keeps the code', async () => {
    const folder = path.join(dir, 'defaults');
    await writeFiles(folder, PROJECT);
    assert.deepEqual(await zipNames(folder, 'Defaults'), [
      'bootstrap',
      'build/index.js',
      'function.sh',
      'lib/README.md',
      'lib/events/kinds.json',
      'lib/util.js',
      'node_modules/pkg/index.js',
      'node_modules/pkg/test/fixture.js',
    ]);
  });

  it('answers for folders and files alike', async () => {
    const folder = path.join(dir, 'matcher');
    await writeFiles(folder, { bootstrap: '' });
    const excluded = await loadExclusions(folder);
    assert.equal(excluded('.git', true), true);
    assert.equal(excluded('events', true), true);
    assert.equal(excluded('src/events', true), false);
    assert.equal(excluded('a/b/c.test.ts', false), true);
    assert.equal(excluded('node_modules/x/c.test.js', false), false);
  });
});

describe('package: .lambdaignore', () => {
  it('adds exclusions and takes defaults back with !', async () => {
    const folder = path.join(dir, 'lambdaignore');
    await writeFiles(folder, {
      ...PROJECT,
      'docs/guide.md': 'x',
      'secrets/.env': 'x',
      '.lambdaignore': ['# gitignore syntax', '*.md', 'secrets/', '!/events/', '!/README.md', ''].join('\n'),
    });
    const names = await zipNames(folder, 'Ignored');
    assert.ok(names.includes('events/event.json'), 'events/ taken back');
    assert.ok(names.includes('README.md'), 'README.md taken back after *.md');
    assert.ok(!names.includes('docs/guide.md'), '*.md added');
    assert.ok(!names.includes('lib/README.md'));
    assert.ok(!names.some((name) => name.startsWith('secrets/')));
    assert.ok(!names.includes('.lambdaignore'), 'the file itself is not packaged');
  });
});
