import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from '../helpers';

it('src/core never imports vscode (it must run on plain Node)', () => {
  const core = path.join(REPO_ROOT, 'src', 'core');
  const files = readdirSync(core, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'));
  assert.ok(files.length > 0, 'src/core has no TypeScript file');
  const importsVscode = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]vscode['"]/;
  const offenders = files.filter((file) => importsVscode.test(readFileSync(path.join(core, file), 'utf8')));
  assert.deepEqual(offenders, []);
});
