import { execa } from 'execa';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { manifest, REPO_ROOT } from './helpers';

describe('package.json as an extension manifest', () => {
  it('carries the names and fields that DESIGN.md and the marketplace need', () => {
    assert.equal(manifest.name, 'lambda-runtime-kit');
    for (const field of ['displayName', 'description', 'publisher', 'version', 'license']) {
      assert.equal(typeof manifest[field], 'string', `${field} is missing`);
      assert.ok(manifest[field].length > 0, `${field} is empty`);
    }
    assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
    assert.equal(manifest.engines.vscode, '^1.91.0');
    assert.equal(manifest.main, './dist/extension.js');
    assert.deepEqual(manifest.bin, { 'lambda-runtime-kit': 'dist/cli.js' });
    assert.ok(manifest.categories.length > 0 && manifest.keywords.length > 0);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /untrusted/);
    // A workspace setting could point ShellCheck's path at a program of the workspace's choosing.
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [
      'lambdaRuntime.lint.shellcheck.path',
    ]);
  });

  it('has a 128x128 PNG icon in media/', () => {
    assert.match(manifest.icon, /^media\/.+\.png$/);
    const png = readFileSync(path.join(REPO_ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    // The IHDR chunk holds width and height as big-endian 32-bit numbers at bytes 16 and 20.
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('declares commands only as lambdaRuntime.* in category Lambda Runtime', () => {
    const commands: { command: string; title: string; category: string }[] = manifest.contributes.commands;
    assert.ok(commands.some((entry) => entry.command === 'lambdaRuntime.showOutput'));
    for (const entry of commands) {
      assert.match(entry.command, /^lambdaRuntime\.[a-zA-Z]+$/);
      assert.equal(entry.category, 'Lambda Runtime');
      assert.ok(entry.title.length > 0);
    }
  });

  it('contributes snippet files that exist, parse, and expand to valid bash', async () => {
    const snippets: { language: string; path: string }[] = manifest.contributes.snippets;
    assert.ok(snippets.length > 0);
    const dir = await mkdtemp(path.join(tmpdir(), 'lrk-snippet-'));
    try {
      for (const contribution of snippets) {
        const file = path.join(REPO_ROOT, contribution.path);
        assert.ok(existsSync(file), `${contribution.path} is missing`);
        const entries: Record<string, { prefix: string | string[]; body: string[] }> = JSON.parse(
          readFileSync(file, 'utf8'),
        );
        for (const [name, snippet] of Object.entries(entries)) {
          assert.ok(snippet.prefix.length > 0 && snippet.body.length > 0, name);
          if (contribution.language !== 'shellscript') continue;
          // Expand as the editor would with the defaults: ${1:x} -> x, $0 -> '', \$ -> $.
          const expanded = snippet.body
            .join('\n')
            .replace(/\$\{\d+:([^}]*)\}/g, '$1')
            .replace(/(?<!\\)\$\d+/g, '')
            .replace(/\\\$/g, '$');
          const script = path.join(dir, 'snippet.sh');
          await writeFile(script, `handler() { echo ok; }\n${expanded}\n`);
          const check = await execa('bash', ['-n', script], { reject: false });
          assert.equal(check.exitCode, 0, `${name} does not expand to valid bash: ${check.stderr}`);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the .vsix an allow-list: only dist, media, snippets and the docs', () => {
    const lines = readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'));
    assert.equal(lines[0], '**', 'the first pattern must exclude everything');
    const allowed = lines.slice(1).map((line) => line.replace(/^!/, ''));
    assert.deepEqual(
      allowed.filter((line) => /^(src|test|out|node_modules|scripts)\b/.test(line)),
      [],
    );
    for (const folder of ['dist/**', 'media/**', 'snippets/**']) assert.ok(allowed.includes(folder), folder);
  });
});

describe('the getting-started walkthrough', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  const commands = new Set(manifest.contributes.commands.map((entry: { command: string }) => entry.command));

  it('has steps whose pages exist and whose own command links name declared commands', () => {
    assert.ok(walkthrough.steps.length >= 3);
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(path.join(REPO_ROOT, step.media.markdown)), `${step.media.markdown} is missing`);
      for (const [, id] of step.description.matchAll(/\(command:(lambdaRuntime\.[A-Za-z]+)/g)) {
        assert.ok(commands.has(id), `${step.id} links to ${id}, which package.json does not declare`);
      }
    }
  });
});
