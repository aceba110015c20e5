// Checks the .vsix that `npm run package` built (npm test runs this after packaging): what it holds, and
// that a real VS Code (the offline code-server) installs it.
import { execa } from 'execa';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { manifest, REPO_ROOT } from '../unit/helpers';
import { installedCodeServer } from '../vscode/code-server';

const vsix = path.join(REPO_ROOT, 'dist-vsix', `${manifest.name}-${manifest.version}.vsix`);

describe(`the packaged extension (dist-vsix/${path.basename(vsix)})`, () => {
  it('holds the bundles, media, snippets and docs, and nothing from src/ or test/', async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run 'npm run package' first`);
    const { stdout } = await execa('unzip', ['-Z1', vsix]);
    const entries = stdout.split('\n').filter(Boolean);
    for (const required of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/cli.js',
      'extension/dist/tree-sitter.wasm',
      'extension/dist/tree-sitter-bash.wasm',
      'extension/dist/bash-debug-harness.bash',
      'extension/docs/rules.md',
      `extension/${manifest.icon}`,
      'extension/snippets/shellscript.json',
      'extension/readme.md',
      'extension/changelog.md',
    ]) {
      assert.ok(
        entries.some((entry) => entry.toLowerCase() === required.toLowerCase()),
        `${required} is not in the .vsix`,
      );
    }
    const strays = entries.filter((entry) => /^extension\/(src|test|node_modules|out|scripts)\//.test(entry));
    assert.deepEqual(strays, [], 'the .vsix holds files that are not for users');
    assert.deepEqual(
      entries.filter((entry) => entry.endsWith('.map') || entry.endsWith('.ts')),
      [],
    );
  });

  it('installs into VS Code (code-server --install-extension)', async (t) => {
    const entry = installedCodeServer();
    if (!entry) {
      t.skip('the offline VS Code is not installed: run npm run vscode:install');
      return;
    }
    const extensions = await mkdtemp(path.join(tmpdir(), 'lrk-vsix-'));
    try {
      const env = { XDG_CONFIG_HOME: path.join(extensions, 'config'), XDG_DATA_HOME: path.join(extensions, 'data') };
      const common = ['--extensions-dir', extensions, '--user-data-dir', path.join(extensions, 'user-data')];
      await execa(process.execPath, [entry, ...common, '--install-extension', vsix], { env });
      const { stdout } = await execa(process.execPath, [entry, ...common, '--list-extensions', '--show-versions'], {
        env,
      });
      assert.match(stdout, new RegExp(`^${manifest.publisher}\\.${manifest.name}@${manifest.version}$`, 'm'));
    } finally {
      await rm(extensions, { recursive: true, force: true });
    }
  });
});
