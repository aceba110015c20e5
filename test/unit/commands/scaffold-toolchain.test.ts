// The language picker says which toolchains this machine lacks.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isOnPath, languageDescription, missingToolchains } from '../../../src/commands/scaffold/toolchain';
import type { LanguageInfo } from '../../../src/core/scaffold/types';

let bin: string;

const language = (toolchain: string[]): LanguageInfo => ({
  id: 'go',
  label: 'Go',
  description: 'standard library only',
  compiled: true,
  toolchain,
});

describe('toolchain detection', () => {
  before(() => {
    bin = mkdtempSync(path.join(tmpdir(), 'lrk-toolchain-'));
    writeFileSync(path.join(bin, 'fake-go'), '#!/bin/sh\n');
    chmodSync(path.join(bin, 'fake-go'), 0o755);
    writeFileSync(path.join(bin, 'not-executable'), '#!/bin/sh\n');
    chmodSync(path.join(bin, 'not-executable'), 0o644);
  });
  after(() => rmSync(bin, { recursive: true, force: true }));

  it('finds an executable in a PATH folder, not a plain file, not an absent one', async () => {
    const PATH = ['/nonexistent-folder', bin].join(path.delimiter);
    assert.equal(await isOnPath('fake-go', PATH), true);
    assert.equal(await isOnPath('not-executable', PATH), false);
    assert.equal(await isOnPath('absent-tool', PATH), false);
    assert.equal(await isOnPath(path.join(bin, 'fake-go'), ''), true, 'a path is taken as it is');
  });

  it('names the missing tools per language and says so in the description', async () => {
    const missing = await missingToolchains([language(['fake-go', 'absent-tool', 'other-absent'])], bin);
    assert.deepEqual(missing.get('go'), ['absent-tool', 'other-absent']);
    assert.equal(
      languageDescription(language([]), missing.get('go')),
      'standard library only — absent-tool, other-absent not found on PATH',
    );
    assert.equal(languageDescription(language([]), []), 'standard library only');
  });

  it('finds the real sh of this machine on its PATH', async () => {
    assert.equal(await isOnPath('sh'), true);
  });
});
