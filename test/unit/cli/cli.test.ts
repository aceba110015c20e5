import { execa } from 'execa';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../../../src/cli/run';
import { builtFile, manifest } from '../helpers';

/** Runs the CLI in this process and returns what it printed. */
async function capture(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { out: (text) => (stdout += text), err: (text) => (stderr += text) });
  return { status, stdout, stderr };
}

/** Runs the built dist/cli.js as a user would. */
function cli(args: string[]) {
  return execa(process.execPath, [builtFile('cli.js'), ...args], { reject: false });
}

describe('lambda-runtime-kit (the command-line tool)', () => {
  it('lists every subcommand of the contract in --help, with its synopsis', async () => {
    const { exitCode, stdout } = await cli(['--help']);
    assert.equal(exitCode, 0);
    for (const name of ['lint', 'serve', 'invoke', 'new', 'events']) {
      assert.match(stdout, new RegExp(`^  ${name} +\\S`, 'm'), `--help does not list ${name}`);
      assert.match(stdout, new RegExp(`lambda-runtime-kit ${name} `), `--help has no synopsis for ${name}`);
    }
    assert.match(stdout, /serve --template template\.yaml/);
    assert.match(stdout, /--format text\|json\|sarif/);
  });

  it('prints the package version with --version and -v', async () => {
    for (const flag of ['--version', '-v']) {
      const { exitCode, stdout } = await cli([flag]);
      assert.equal(exitCode, 0);
      assert.equal(stdout.trim(), manifest.version);
    }
  });

  it('is executable through its shebang, as npm links the bin', async () => {
    const { exitCode, stdout } = await execa(builtFile('cli.js'), ['--version'], { reject: false });
    assert.equal(exitCode, 0);
    assert.equal(stdout.trim(), manifest.version);
  });

  it('exits 2 with a clear message on an unknown subcommand', async () => {
    const { exitCode, stdout, stderr } = await cli(['deploy']);
    assert.equal(exitCode, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /unknown command 'deploy'.*--help/);
  });

  it('exits 2 and prints the overview on standard error when no subcommand is given', async () => {
    const { status, stdout, stderr } = await capture([]);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /Usage: lambda-runtime-kit <command>/);
  });

  it("shows one subcommand's usage with `<command> --help` and `help <command>`", async () => {
    for (const args of [
      ['serve', '--help'],
      ['help', 'serve'],
      ['serve', '-h'],
    ]) {
      const { status, stdout } = await capture(args);
      assert.equal(status, 0, args.join(' '));
      assert.match(stdout, /^lambda-runtime-kit serve: /);
      assert.match(stdout, /--concurrency N/);
      assert.doesNotMatch(stdout, /lambda-runtime-kit lint/);
    }
    const unknown = await capture(['help', 'deploy']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command 'deploy'/);
  });
});
