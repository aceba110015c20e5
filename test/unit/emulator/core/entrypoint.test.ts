// What is started, and with what: Lambda's entrypoint errors, #!/bin/sh under bash, debug launches.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { harness, noCurlOrBash, noPython, PYTHON_BOOTSTRAP, pythonFunction, survivors } from './helpers';

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lrk-entrypoint-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string, mode = 0o755): string {
  const file = path.join(dir, name);
  writeFileSync(file, body);
  chmodSync(file, mode);
  return file;
}

async function invokeOnce(bootstrap: string) {
  const h = await harness({ functions: [{ name: 'entry', bootstrap }] });
  try {
    const result = await h.invokeJson({});
    return { result, h };
  } finally {
    await h.stop();
  }
}

describe('invalid entrypoints answer Runtime.InvalidEntrypoint with the text Lambda gives', () => {
  it('a missing bootstrap', async () => {
    const missing = path.join(dir, 'nothing-here', 'bootstrap');
    const { result } = await invokeOnce(missing);
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.errorType, 'Runtime.InvalidEntrypoint');
    assert.deepEqual(result.json, {
      errorMessage: `RequestId: ${result.requestId} Error: Couldn't find valid bootstrap(s): [${missing}]`,
      errorType: 'Runtime.InvalidEntrypoint',
    });
    assert.match(result.logs, /\tStatus: error\tError Type: Runtime.InvalidEntrypoint\n$/);
  });

  it('a bootstrap without the executable bit', async () => {
    const file = script('not-executable', '#!/bin/sh\necho hi\n', 0o644);
    const { result } = await invokeOnce(file);
    assert.equal(result.errorType, 'Runtime.InvalidEntrypoint');
    assert.deepEqual(result.json, {
      errorMessage: `RequestId: ${result.requestId} Error: fork/exec ${file}: permission denied`,
      errorType: 'Runtime.InvalidEntrypoint',
    });
  });

  it('an executable that is neither a script with #! nor a binary', async () => {
    const file = script('no-shebang', 'echo hi\n');
    const { result } = await invokeOnce(file);
    assert.equal(result.errorType, 'Runtime.InvalidEntrypoint');
    assert.match(String((result.json as { errorMessage: string }).errorMessage), /: exec format error$/);
  });

  it('a Linux binary of another architecture (or any ELF binary on macOS)', async () => {
    // An ELF header for the architecture this machine is not; its body does not matter, it must never run.
    const foreign = process.arch === 'arm64' ? 0x3e : 0xb7;
    const header = Buffer.alloc(64);
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(header);
    header.writeUInt16LE(2, 16);
    header.writeUInt16LE(foreign, 18);
    const file = path.join(dir, 'foreign-elf');
    writeFileSync(file, header);
    chmodSync(file, 0o755);
    const qemu = `/proc/sys/fs/binfmt_misc/qemu-${foreign === 0x3e ? 'x86_64' : 'aarch64'}`;
    if (process.platform === 'linux' && existsSync(qemu)) return;
    const { result } = await invokeOnce(file);
    assert.equal(result.errorType, 'Runtime.InvalidEntrypoint');
    assert.equal(
      (result.json as { errorMessage: string }).errorMessage,
      `RequestId: ${result.requestId} Error: fork/exec ${file}: exec format error`,
    );
  });

  it('a #! interpreter that does not exist', async () => {
    const file = script('bad-interpreter', '#!/no/such/interpreter\n');
    const { result } = await invokeOnce(file);
    assert.equal(result.errorType, 'Runtime.InvalidEntrypoint');
    assert.equal(
      (result.json as { errorMessage: string }).errorMessage,
      `RequestId: ${result.requestId} Error: fork/exec ${file}: no such file or directory`,
    );
  });
});

describe('#!/bin/sh bootstraps', { skip: noCurlOrBash }, () => {
  it('run under bash, as on Amazon Linux where sh is bash', async () => {
    // pipefail, `source`, `function` and $BASH_VERSION: none of them is POSIX sh (Debian's dash lacks most).
    writeFileSync(path.join(dir, 'lib.sh'), 'function answer () { echo "bash ${BASH_VERSION%%.*}"; }\n');
    const file = script(
      'sh-bootstrap',
      [
        '#!/bin/sh',
        'set -euo pipefail',
        'source "$LAMBDA_TASK_ROOT/lib.sh"',
        'API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"',
        'while true; do',
        '  H="$(mktemp)"',
        '  curl -sS -D "$H" -o /dev/null "$API/next"',
        '  ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$H" | tr -d "[:space:]" | cut -d: -f2)',
        '  curl -sS -o /dev/null "$API/$ID/response" -d "\\"$(answer)\\""',
        'done',
        '',
      ].join('\n'),
    );
    const { result } = await invokeOnce(file);
    assert.equal(result.functionError, undefined, Buffer.from(result.payload).toString());
    assert.match(String(result.json), /^bash \d+$/);
  });
});

describe('debug launches', { skip: noPython }, () => {
  it('run a custom command with extra environment, and no timeout stops a paused runtime', async () => {
    const h = await harness({
      functions: [pythonFunction({ timeoutSeconds: 1 })],
      debug: {
        command: ['python3', '-X', 'faulthandler', PYTHON_BOOTSTRAP],
        environment: { DEBUG_MARKER: 'attached', AWS_LAMBDA_RUNTIME_API: 'must-not-win' },
        noTimeouts: true,
      },
    });
    try {
      const started = Date.now();
      const slow = await h.invokeJson({ action: 'sleep', seconds: 1.5 });
      assert.deepEqual(slow.json, { slept: 1.5 }, 'no timeout while debugging');
      assert.ok(Date.now() - started >= 1500);
      const env = (await h.invokeJson({ action: 'env' })).json as { env: Record<string, string> };
      assert.equal(env.env.DEBUG_MARKER, 'attached');
      assert.match(env.env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
      const headers = (await h.invokeJson({ action: 'headers' })).json as Record<string, string>;
      const remaining = Number(headers['lambda-runtime-deadline-ms']) - Date.now();
      assert.ok(
        remaining > 800_000 && remaining <= 900_000,
        `deadline ${remaining} ms ahead: Lambda's largest timeout`,
      );
    } finally {
      await h.stop();
      assert.deepEqual(await survivors(h.pids), []);
    }
  });
});
