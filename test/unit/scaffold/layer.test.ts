// `new LANGUAGE DIR --layer`: the runtime in a LayerVersion, the function with only its handler. Each is written,
// linted and invoked through its template, in Lambda's file system where bubblewrap runs (the default) and in place.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, realpath, rm, stat, symlink } from 'node:fs/promises';
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

/**
 * This machine's interpreter, linked where the layer's Makefile downloads its own (`runtime/bin/node`): the
 * Makefile then skips the download, as its README says to do offline. The tests run offline.
 */
async function linkLocalInterpreter(dir: string, command: string): Promise<void> {
  const script = command === 'node' ? ['-p', 'process.execPath'] : ['-c', 'import sys; print(sys.executable)'];
  const executable = execFileSync(command, script, { encoding: 'utf8' }).trim();
  await mkdir(path.join(dir, 'runtime', 'bin'), { recursive: true });
  await symlink(await realpath(executable), path.join(dir, 'runtime', 'bin', command));
}

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

      // Linted as written, before any build: not even an info or a hint. The node and python layers bring their
      // interpreter (the Makefile puts it in bin/, /opt/bin on Lambda), so the bootstrap's shebang finds it.
      const linted = await cli(['lint', '--format', 'json', dir]);
      assert.equal(linted.status, 0, linted.stdout);
      assert.deepEqual(JSON.parse(linted.stdout), []);

      const interpreter = INTERPRETERS[language];
      if (interpreter !== undefined) {
        const template = await readFile(path.join(dir, 'template.yaml'), 'utf8');
        assert.match(template, /GreeterRuntime:\n(?: {4}.*\n)*? {4}Metadata:\n {6}BuildMethod: makefile\n/);
        const makefile = await readFile(path.join(dir, 'runtime', 'Makefile'), 'utf8');
        assert.match(makefile, new RegExp(`^build-GreeterRuntime: bin/${interpreter}$`, 'm'));
        const ignored = await readFile(path.join(dir, '.gitignore'), 'utf8');
        assert.match(ignored, new RegExp(`^/runtime/(bin/${interpreter}|bin/)$`, 'm'), 'the download is not committed');
        await linkLocalInterpreter(dir, interpreter);
      } else {
        await assert.rejects(access(path.join(dir, 'runtime', 'Makefile')), 'bash runs on the base: nothing to bring');
      }

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

  for (const [language, architecture, url] of [
    ['node', 'x86_64', /https:\/\/nodejs\.org\/dist\/v[\d.]+\/node-v[\d.]+-linux-x64\.tar\.gz/],
    ['node', 'arm64', /https:\/\/nodejs\.org\/dist\/v[\d.]+\/node-v[\d.]+-linux-arm64\.tar\.gz/],
    [
      'python',
      'x86_64',
      /\/releases\/download\/\d+\/cpython-[\d.]+\+\d+-x86_64-unknown-linux-gnu-install_only_stripped\.tar\.gz/,
    ],
    [
      'python',
      'arm64',
      /\/releases\/download\/\d+\/cpython-[\d.]+\+\d+-aarch64-unknown-linux-gnu-install_only_stripped\.tar\.gz/,
    ],
  ] as const) {
    it(`${language} ${architecture}: the layer's build downloads the interpreter for the function's CPU, checked`, async () => {
      const dir = path.join(root, `${language}-${architecture}`);
      const made = await cli(['new', language, dir, '--layer', '--name', 'Greeter', '--arch', architecture]);
      assert.equal(made.status, 0, made.stderr);
      // What make would run, not run: the tests are offline.
      const dry = execFileSync('make', ['-n', 'build-GreeterRuntime', 'ARTIFACTS_DIR=/out'], {
        cwd: path.join(dir, 'runtime'),
        encoding: 'utf8',
      });
      assert.match(dry, url);
      assert.match(dry, /sha256sum -c -/);
      assert.match(dry, /cp bootstrap "\/out\/"/);
    });
  }

  it('refuses a Node.js layer on provided.al2, whose glibc cannot run the node it would bring', async () => {
    const refused = await cli(['new', 'node', path.join(root, 'node-al2'), '--layer', '--base', 'provided.al2']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /glibc 2\.28.*provided\.al2 has 2\.26/);
    await assert.rejects(access(path.join(root, 'node-al2')));
  });

  it('refuses --layer for a compiled language, and --image with --layer', async () => {
    const compiled = await cli(['new', 'go', path.join(root, 'go'), '--layer']);
    assert.equal(compiled.status, 2);
    assert.match(compiled.stderr, /layer is scaffolded for bash, node, python/);
    const both = await cli(['new', 'bash', path.join(root, 'both'), '--layer', '--image']);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--image or --layer, not both/);
  });
});
