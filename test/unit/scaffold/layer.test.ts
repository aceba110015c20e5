// `new LANGUAGE DIR --layer`: the runtime in a LayerVersion, the function with only its handler. Each is written,
// linted and invoked through its template, in Lambda's file system where bubblewrap runs (the default) and in place.
import assert from 'node:assert/strict';
import { access, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/run';
import { LAYER_LANGUAGES } from '../../../src/core/scaffold';
import { captureIO } from '../emulator/conformance/support';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lrk-new-layer-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const capture = captureIO();
  const status = await runCli(args, capture.io);
  return { status, stdout: capture.stdout(), stderr: capture.stderr() };
}

const INTERPRETERS: Record<string, string> = { node: 'node', python: 'python3' };

describe('new LANGUAGE DIR --layer', () => {
  for (const language of LAYER_LANGUAGES) {
    it(`${language}: writes the layer and the function, lints without errors and answers an invoke`, async () => {
      const dir = path.join(root, language);
      const made = await cli(['new', language, dir, '--layer', '--name', 'Greeter']);
      assert.equal(made.status, 0, made.stderr);
      assert.match(made.stdout, /invoke --template .*template\.yaml --function Greeter/);
      assert.ok(
        ((await stat(path.join(dir, 'runtime', 'bootstrap'))).mode & 0o111) !== 0,
        'the bootstrap is executable',
      );
      // The function carries its handler only: Lambda runs the layer's /opt/bootstrap.
      await assert.rejects(access(path.join(dir, 'function', 'bootstrap')));

      const linted = await cli(['lint', '--format', 'json', dir]);
      const findings = JSON.parse(linted.stdout) as { code: string; severity: string }[];
      assert.equal(linted.status, 0, linted.stdout);
      assert.deepEqual(
        findings.filter((finding) => finding.severity === 'error'),
        [],
      );
      assert.ok(!findings.some((finding) => finding.code === 'sam-no-bootstrap'));
      // provided.* has no node or python3: the only warning says so, as the README does (the layer must bring it).
      const expected = INTERPRETERS[language] ? ['interpreter-missing'] : [];
      assert.deepEqual(
        findings.map((finding) => finding.code),
        expected,
      );

      for (const sandbox of ['auto', 'off']) {
        const invoked = await cli([
          'invoke',
          '--template',
          path.join(dir, 'template.yaml'),
          '--function',
          'Greeter',
          '--event',
          path.join(dir, 'events', 'event.json'),
          '--sandbox',
          sandbox,
        ]);
        assert.equal(invoked.status, 0, invoked.stderr);
        assert.match(invoked.stdout, /Hello, /);
      }
    });
  }

  it('refuses --layer for a compiled language, and --image with --layer', async () => {
    const compiled = await cli(['new', 'go', path.join(root, 'go'), '--layer']);
    assert.equal(compiled.status, 2);
    assert.match(compiled.stderr, /layer is scaffolded for bash, node, python/);
    const both = await cli(['new', 'bash', path.join(root, 'both'), '--layer', '--image']);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--image or --layer, not both/);
  });
});
