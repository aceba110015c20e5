// `invoke --zip FILE` and `serve --zip FILE`: the deployment zip run as Lambda runs it, in this process and through
// the built dist/cli.js. The zips hold the AWS tutorial's bash runtime, with the modes each case needs.
import { execa } from 'execa';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { runInvoke } from '../../../src/cli/invoke';
import { runServe } from '../../../src/cli/serve';
import { BASH_TUTORIAL, bashTutorial, captureIO, eventually } from '../emulator/conformance/support';
import { builtFile } from '../helpers';
import { makeZip, renameEntry, withoutUnixModes, type TestEntry } from '../lint/zip/helpers';

let work: string;
let bootstrap: Buffer;
let handler: Buffer;
let skip: string | undefined;
let count = 0;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lrk-invoke-zip-'));
  skip = (await bashTutorial()).skip;
  bootstrap = await readFile(path.join(BASH_TUTORIAL, 'bootstrap'));
  handler = await readFile(path.join(BASH_TUTORIAL, 'function.sh'));
});
after(() => rm(work, { recursive: true, force: true }));

function need(t: TestContext): boolean {
  if (skip !== undefined) t.skip(skip);
  return skip === undefined;
}

/** The tutorial's runtime zipped with the bootstrap's `mode`, at the root or under `folder/`. */
async function tutorialZip(mode: number, folder = ''): Promise<string> {
  count += 1;
  const entries: TestEntry[] = [
    { name: `${folder}bootstrap`, data: bootstrap, mode: 0o100000 | mode },
    { name: `${folder}function.sh`, data: handler, mode: 0o100644 },
  ];
  return makeZip(path.join(work, `function-${count}.zip`), entries);
}

async function invoke(args: string[]) {
  const capture = captureIO();
  const status = await runInvoke(args, capture.io);
  return { status, stdout: capture.stdout(), stderr: capture.stderr() };
}

/** The task root the command said it extracted to. */
function extractedTo(stderr: string): string {
  const match = /Extracted .* to (\S+), which stands for \/var\/task/.exec(stderr);
  assert.ok(match, `no extraction line in:\n${stderr}`);
  return match[1]!;
}

const ARGS = ['--handler', 'function.handler', '--timeout', '10'];

describe('invoke --zip', () => {
  it('runs a zip whose bootstrap is 0755, answers, exits 0 and removes the extracted folder', async (t) => {
    if (!need(t)) return;
    const file = await tutorialZip(0o755);
    const { status, stdout, stderr } = await invoke(['--zip', file, ...ARGS]);
    assert.equal(status, 0, stderr);
    assert.equal(stdout, `Echoing request: '{}'`);
    assert.equal(existsSync(extractedTo(stderr)), false, 'the temporary task root is removed');
  });

  it('answers Runtime.InvalidEntrypoint for a 0644 bootstrap, as Lambda does, and exits 1', async (t) => {
    if (!need(t)) return;
    const { status, stdout, stderr } = await invoke(['--zip', await tutorialZip(0o644), ...ARGS]);
    assert.equal(status, 1);
    const body = JSON.parse(stdout) as { errorType: string; errorMessage: string };
    assert.equal(body.errorType, 'Runtime.InvalidEntrypoint');
    assert.match(body.errorMessage, /permission denied/);
    assert.match(stderr, /Function error: Runtime\.InvalidEntrypoint/);
    assert.equal(existsSync(extractedTo(stderr)), false);
  });

  it('warns that a bootstrap executable only for its owner (0744) fails in Lambda, where another user runs it', async (t) => {
    if (!need(t)) return;
    const { status, stderr } = await invoke(['--zip', await tutorialZip(0o744), ...ARGS]);
    assert.equal(status, 0, stderr);
    assert.match(
      stderr,
      /Warning: the bootstrap is 744 in the zip, executable only for its owner.*Runtime\.InvalidEntrypoint/,
    );
  });

  it('answers Runtime.InvalidEntrypoint for a zip made on Windows (no Unix modes: no execute bit)', async (t) => {
    if (!need(t)) return;
    const file = await tutorialZip(0o755);
    await withoutUnixModes(file);
    const { status, stdout } = await invoke(['--zip', file, ...ARGS]);
    assert.equal(status, 1);
    assert.match(stdout, /permission denied.*Runtime\.InvalidEntrypoint/);
  });

  it('answers Runtime.InvalidEntrypoint for a zip of the folder (no bootstrap at the root)', async () => {
    const { status, stdout } = await invoke(['--zip', await tutorialZip(0o755, 'code/'), ...ARGS]);
    assert.equal(status, 1);
    assert.match(stdout, /Couldn't find valid bootstrap.*Runtime\.InvalidEntrypoint/);
  });

  it('refuses a zip slip entry with a clear error and exit 2, running nothing', async () => {
    count += 1;
    const file = await makeZip(path.join(work, `slip-${count}.zip`), [
      { name: 'bootstrap', data: bootstrap, mode: 0o100755 },
      { name: 'xx/x', data: 'x' },
    ]);
    await renameEntry(file, 'xx/x', '../x');
    const { status, stdout, stderr } = await invoke(['--zip', file]);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /lambda-runtime-kit invoke: .*slip-\d+\.zip: the entry \.\.\/x would be written outside/);
    assert.equal(existsSync(path.join(work, 'x')), false);
  });

  it('refuses --zip with --bootstrap, and a missing zip, with exit 2', async () => {
    const both = await invoke(['--zip', 'a.zip', '--bootstrap', 'b']);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--bootstrap PATH or --zip FILE, not both/);
    const missing = await invoke(['--zip', path.join(work, 'none.zip')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /The zip \S*none\.zip does not exist/);
    const folder = await invoke(['--zip', work]);
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /is a folder, not a zip file/);
    const text = path.join(work, 'not-a.zip');
    await writeFile(text, 'hello\n');
    const notZip = await invoke(['--zip', text]);
    assert.equal(notZip.status, 2);
    assert.match(notZip.stderr, /not-a\.zip is not a zip file/);
  });
});

describe('invoke --zip and serve --zip through dist/cli.js', () => {
  const cli = (args: string[], input = '') =>
    execa(process.execPath, [builtFile('cli.js'), ...args], { reject: false, input });

  it('invoke answers from a good zip (exit 0) and fails on a 0644 bootstrap as Lambda does (exit 1)', async (t) => {
    if (!need(t)) return;
    const good = await cli(['invoke', '--zip', await tutorialZip(0o755), ...ARGS, '--event', '-'], '{"a":1}');
    assert.equal(good.exitCode, 0, good.stderr);
    assert.equal(good.stdout, `Echoing request: '{"a":1}'`);
    const bad = await cli(['invoke', '--zip', await tutorialZip(0o644), ...ARGS]);
    assert.equal(bad.exitCode, 1);
    assert.match(bad.stdout, /"errorType":"Runtime\.InvalidEntrypoint"/);
    assert.equal(existsSync(extractedTo(bad.stderr)), false);
  });

  it('serve --zip answers on the Invoke API and removes the extracted folder on Ctrl+C', async (t) => {
    if (!need(t)) return;
    const child = execa(
      process.execPath,
      [builtFile('cli.js'), 'serve', '--zip', await tutorialZip(0o755), ...ARGS, '--port', '0'],
      { reject: false },
    );
    let stderr = '';
    let stdout = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const deadline = Date.now() + 15_000;
    while (!/Press Ctrl\+C/.test(stderr) && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /Invoke API: (\S+)/.exec(stdout)?.[1];
    assert.ok(url, `no URL in:\n${stdout}\n${stderr}`);
    const response = await fetch(url, { method: 'POST', body: '{"hi":1}' });
    assert.equal(await response.text(), `Echoing request: '{"hi":1}'`);
    const root = extractedTo(stderr);
    assert.ok(existsSync(root));
    child.kill('SIGINT');
    const result = await child;
    assert.equal(result.exitCode, 0, stderr);
    assert.equal(existsSync(root), false, 'Ctrl+C removes the temporary task root');
  });
});

describe('serve --zip in this process', () => {
  it('refuses --zip with --template', async () => {
    const other = captureIO();
    assert.equal(await runServe(['--zip', 'a.zip', '--template', 't.yaml'], other.io), 2);
    assert.match(other.stderr(), /give one of --bootstrap PATH, --zip FILE or --template/);
  });

  it('--watch: the zip built anew is extracted again and answers the next invoke; a broken one changes nothing', async (t) => {
    if (!need(t)) return;
    const zip = await tutorialZip(0o755);
    const capture = captureIO();
    const controller = new AbortController();
    let listening!: (url: string) => void;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const status = runServe(['--zip', zip, ...ARGS, '--port', '0', '--watch'], capture.io, {
      signal: controller.signal,
      onListening: listening,
    });
    const invokeUrl = `${await Promise.race([url, status.then((code) => `exited ${code}: ${capture.stderr()}`)])}/2015-03-31/functions/function/invocations`;
    const answer = async () => (await fetch(invokeUrl, { method: 'POST', body: '{}' })).text();
    try {
      assert.match(capture.stderr(), new RegExp(`Watching ${zip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.equal(await answer(), "Echoing request: '{}'");
      const changed = Buffer.from(handler.toString().replace('Echoing request', 'Echoed again'));
      await makeZip(zip, [
        { name: 'bootstrap', data: bootstrap, mode: 0o100755 },
        { name: 'function.sh', data: changed, mode: 0o100644 },
      ]);
      assert.ok(
        await eventually(async () => /changed: extracted again \(2 entries\)/.test(capture.stderr())),
        capture.stderr(),
      );
      assert.ok(await eventually(async () => (await answer()) === "Echoed again: '{}'", 20_000), capture.stderr());
      // The watcher ignores what comes within 150 ms of a restart (a build's own writes): a person saves later.
      await new Promise((resolve) => setTimeout(resolve, 400));
      await writeFile(zip, 'not a zip');
      assert.ok(
        await eventually(async () =>
          /cannot be extracted, so it keeps running the previous code/.test(capture.stderr()),
        ),
        capture.stderr(),
      );
      assert.equal(await answer(), "Echoed again: '{}'");
    } finally {
      controller.abort();
      assert.equal(await status, 0, capture.stderr());
    }
  });
});
