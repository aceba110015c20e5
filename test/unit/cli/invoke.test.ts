// `lambda-runtime-kit invoke`, run in this process through runInvoke and once as a real process.
import { execa } from 'execa';
import assert from 'node:assert/strict';
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it, type TestContext } from 'node:test';
import { runInvoke } from '../../../src/cli/invoke';
import {
  awsLambdaRicForTests,
  bashTutorial,
  captureIO,
  eventually,
  newMarker,
  NODE_RIC,
  processesWithMarker,
  ricEnvLines,
} from '../emulator/conformance/support';
import { REPO_ROOT } from '../helpers';

const ric = awsLambdaRicForTests();
const need = (t: TestContext) => ric.need(t);
let dir: string;
let ricEnv: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-invoke-'));
  ricEnv = path.join(dir, 'ric.env');
  // Not ric.folder: this hook runs alongside the one that finds (or builds) aws-lambda-ric, not after it.
  const folder = await ric.ready();
  if (folder) await writeFile(ricEnv, ricEnvLines(folder));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function invoke(args: string[], stdin?: string) {
  const capture = captureIO();
  const status = await runInvoke(args, capture.io, stdin === undefined ? {} : { stdin: Readable.from([stdin]) });
  return { status, stdout: capture.stdout(), stderr: capture.stderr() };
}

const RIC_BOOTSTRAP = path.join(NODE_RIC, 'bootstrap');

describe('invoke: bad usage exits 2 with a message', () => {
  it('without --bootstrap', async () => {
    const { status, stdout, stderr } = await invoke(['--event', 'x.json']);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /missing --bootstrap PATH.*lambda-runtime-kit invoke --help/);
  });

  it('with a bootstrap that does not exist', async () => {
    const { status, stderr } = await invoke(['--bootstrap', path.join(dir, 'nope', 'bootstrap')]);
    assert.equal(status, 2);
    assert.match(stderr, /bootstrap not found: .*nope\/bootstrap \(no such file\)/);
  });

  it('with an event file that does not exist', async () => {
    const { status, stderr } = await invoke(['--bootstrap', RIC_BOOTSTRAP, '--event', path.join(dir, 'missing.json')]);
    assert.equal(status, 2);
    assert.match(stderr, /cannot read the event .*missing\.json: no such file/);
  });

  it('with an event that is not JSON, as Lambda refuses it', async () => {
    const { status, stderr } = await invoke(['--bootstrap', RIC_BOOTSTRAP, '--event', '-'], '{"unterminated": ');
    assert.equal(status, 2);
    assert.match(stderr, /the event in standard input is not JSON/);
  });

  it('with options serve has but invoke does not', async () => {
    const { status, stderr } = await invoke(['--bootstrap', RIC_BOOTSTRAP, '--port', '9000']);
    assert.equal(status, 2);
    assert.match(stderr, /unknown option '--port'/);
  });
});

describe('invoke', () => {
  it('prints the response body on stdout and the log on stderr, and exits 0', async (t) => {
    if (!need(t)) return;
    const event = path.join(dir, 'event.json');
    await writeFile(event, '{"order": 17, "items": ["a", "b"]}');
    const { status, stdout, stderr } = await invoke([
      '--bootstrap',
      RIC_BOOTSTRAP,
      '--handler',
      'echo.handler',
      '--event',
      event,
      '--env-vars',
      ricEnv,
    ]);
    assert.equal(status, 0, stderr);
    assert.equal(stdout, '{"order":17,"items":["a","b"]}');
    assert.match(stderr, /^START RequestId: \S+ Version: \$LATEST$/m);
    assert.match(stderr, /^END RequestId: /m);
    assert.match(stderr, /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/m);
  });

  it('reads the event from standard input with --event -, and passes --memory', async (t) => {
    if (!need(t)) return;
    const { status, stdout } = await invoke(
      [
        '--bootstrap',
        RIC_BOOTSTRAP,
        '--handler',
        'echo.context',
        '--event',
        '-',
        '--env-vars',
        ricEnv,
        '--memory',
        '1024',
      ],
      '{"from":"stdin"}',
    );
    assert.equal(status, 0);
    const seen = JSON.parse(stdout);
    assert.deepEqual(seen.event, { from: 'stdin' });
    assert.equal(seen.memoryLimitInMB, '1024');
  });

  it('sends {} when no event is given', async (t) => {
    if (!need(t)) return;
    const { status, stdout } = await invoke([
      '--bootstrap',
      RIC_BOOTSTRAP,
      '--handler',
      'echo.handler',
      '--env-vars',
      ricEnv,
    ]);
    assert.equal(status, 0);
    assert.equal(stdout, '{}');
  });

  it('exits 1 on a function error, with the error JSON as the body and a summary on stderr', async (t) => {
    if (!need(t)) return;
    const { status, stdout, stderr } = await invoke([
      '--bootstrap',
      RIC_BOOTSTRAP,
      '--handler',
      'error.handler',
      '--env-vars',
      ricEnv,
    ]);
    assert.equal(status, 1);
    assert.equal(JSON.parse(stdout).errorType, 'OrderError');
    assert.match(stderr, /^Function error: OrderError: order 42 not found$/m);
  });

  it('exits 1 on a timeout, saying so', async (t) => {
    if (!need(t)) return;
    const started = Date.now();
    const { status, stderr } = await invoke([
      '--bootstrap',
      RIC_BOOTSTRAP,
      '--handler',
      'slow.handler',
      '--timeout',
      '1',
      '--env-vars',
      ricEnv,
    ]);
    assert.equal(status, 1);
    assert.match(stderr, /Task timed out after 1\.00 seconds/);
    assert.match(stderr, /^Function error: Sandbox\.Timedout/m);
    assert.ok(Date.now() - started < 8000);
  });

  it('prints a streamed response as it comes', async (t) => {
    if (!need(t)) return;
    const { status, stdout } = await invoke(
      ['--bootstrap', RIC_BOOTSTRAP, '--handler', 'streaming.handler', '--event', '-', '--env-vars', ricEnv],
      '{"gapMs": 50}',
    );
    assert.equal(status, 0);
    assert.equal(stdout, 'first chunk\nsecond chunk\n');
  });

  it('exits 1 with Runtime.InvalidEntrypoint for a bootstrap without the executable bit', async () => {
    const bootstrap = path.join(await mkdtemp(path.join(dir, 'not-executable-')), 'bootstrap');
    await copyFile(RIC_BOOTSTRAP, bootstrap);
    await chmod(bootstrap, 0o644);
    const { status, stdout, stderr } = await invoke(['--bootstrap', bootstrap]);
    assert.equal(status, 1);
    assert.equal(JSON.parse(stdout).errorType, 'Runtime.InvalidEntrypoint');
    assert.match(stderr, /Function error: Runtime\.InvalidEntrypoint: .*permission denied/);
  });

  it('runs the AWS tutorial’s bash bootstrap', async (t) => {
    const { fn, skip } = await bashTutorial();
    if (!fn) return t.skip(skip);
    const { status, stdout } = await invoke(
      ['--bootstrap', fn.bootstrap, '--handler', 'function.handler', '--event', '-'],
      '{"k":1}',
    );
    assert.equal(status, 0);
    assert.match(stdout, /\{"k":1\}/);
  });

  it('as a process: reads stdin, prints the body, exits 0 and leaves nothing running', async (t) => {
    if (!need(t)) return;
    const { marker } = newMarker();
    const envFile = path.join(dir, 'marker.env');
    await writeFile(envFile, `${ricEnvLines(ric.folder!, { LRK_TEST_MARKER: marker })}\n`);
    const entry = `import { runInvoke } from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'cli', 'invoke.ts'))};
import { processIO } from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'cli', 'io.ts'))};
runInvoke(process.argv.slice(1), processIO).then((status) => { process.exitCode = status; });`;
    const result = await execa(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        entry,
        '--',
        '--bootstrap',
        RIC_BOOTSTRAP,
        '--handler',
        'echo.handler',
        '--event',
        '-',
        '--env-vars',
        envFile,
      ],
      { cwd: REPO_ROOT, input: '{"process":true}', reject: false },
    );
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, '{"process":true}');
    assert.match(result.stderr, /^REPORT RequestId: /m);
    assert.ok(await eventually(async () => ((await processesWithMarker(marker)) ?? []).length === 0), 'nothing left');
  });
});
