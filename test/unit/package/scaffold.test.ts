// The scaffolds of `new`, packaged: the zip holds what the function runs and none of the project around it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packageTarget, readTemplateTargets } from '../../../src/core/package';
import { renderScaffold, writeScaffold } from '../../../src/core/scaffold';
import type { Language } from '../../../src/core/scaffold/types';
import { tempFolder } from './fixture';
import { readZip } from './zip-read';

let dir: string;
let cleanup: () => Promise<void>;
before(async () => ({ dir, cleanup } = await tempFolder('scaffold')));
after(() => cleanup());

// Interpreted scaffolds need no build, so the test stays fast; the compiled ones differ only by their Makefile's
// build-<Function> target (see build.test.ts).
describe('package: the interpreted scaffolds', () => {
  for (const language of ['bash', 'node', 'python'] as Language[]) {
    it(`${language}: the bootstrap (0755) and the handler, without template, README, events, .vscode or git files`, async () => {
      const root = path.join(dir, language);
      const scaffold = renderScaffold({
        language,
        packaging: 'zip',
        architecture: 'x86_64',
        base: 'provided.al2023',
        functionName: 'Hello',
      });
      await writeScaffold(root, scaffold.files, async () => 'keep');
      const { targets } = await readTemplateTargets(path.join(root, 'template.yaml'));
      assert.deepEqual(
        targets.map((target) => target.name),
        ['Hello'],
      );
      const result = await packageTarget(targets[0]!, {
        outDir: path.join(dir, 'out', language),
        output: () => undefined,
      });
      const entries = await readZip(result.file);
      const names = entries.map((entry) => entry.name);
      const runtimeFiles = scaffold.files
        .filter((file) => ['bootstrap', 'handler', 'source'].includes(file.role))
        .map((file) => file.path)
        .sort();
      assert.deepEqual(names, runtimeFiles);
      assert.equal(entries.find((entry) => entry.name === 'bootstrap')?.mode.toString(8), '100755');
      for (const left of ['template.yaml', 'README.md', 'events/event.json', '.vscode/launch.json', '.gitignore']) {
        assert.ok(!names.includes(left), `${left} is not in the zip`);
      }
    });
  }
});
