// The language server and the files a bootstrap sources: an open sourced file shows the findings inside it (from
// linting the bootstrap), and is checked again when the open bootstrap changes.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers';
import { LspHarness, withCode } from './lsp-harness';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'shell', 'sourced', 'unset-variable');

let root: string;
let harness: LspHarness;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lrk-sourced-server-'));
  await cp(FIXTURE, root, { recursive: true });
  harness = await LspHarness.start({ settings: { shellcheck: { enabled: false } } });
});

after(async () => {
  await harness.stop();
  await rm(root, { recursive: true, force: true });
});

describe('a file the bootstrap sources, open in the editor', () => {
  it('shows the findings inside it, and loses them when the open bootstrap assigns the variable', async () => {
    const library = path.join(root, 'lib.sh');
    const bootstrap = path.join(root, 'bootstrap');
    const libraryUri = await harness.open(library, await readFile(library, 'utf8'));
    const found = await harness.diagnostics(libraryUri, (all) => withCode(all, 'unset-variable').length > 0);
    const [unset] = withCode(found, 'unset-variable');
    assert.match(String(unset!.message), /`SALUTATION`.*lib\.sh is sourced by bootstrap/s);
    assert.equal(unset!.range.start.line, 2);

    const bootstrapUri = await harness.open(bootstrap, await readFile(bootstrap, 'utf8'));
    await harness.diagnostics(bootstrapUri, () => true);
    // Unsaved: the sourced file is checked against the bootstrap's text in the editor.
    await harness.edit(
      bootstrapUri,
      { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
      'SALUTATION="and welcome"\n',
    );
    await harness.diagnostics(libraryUri, (all) => withCode(all, 'unset-variable').length === 0);
    await harness.close(bootstrapUri);
    await harness.close(libraryUri);
  });
});
