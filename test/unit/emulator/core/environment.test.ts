// The variables and working directory a runtime gets, exactly as Lambda sets them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { harness, noPython, PYTHON_BOOTSTRAP, pythonFunction, type Harness } from './helpers';

interface EnvReply {
  env: Record<string, string>;
  cwd: string;
}

describe("the runtime's environment", { skip: noPython }, () => {
  let h: Harness;
  let otherRoot: string;
  before(async () => {
    otherRoot = mkdtempSync(path.join(tmpdir(), 'lrk-task-root-'));
    h = await harness({
      functions: [
        pythonFunction({
          name: 'env-fn',
          handler: 'app.handler',
          memoryMb: 256,
          region: 'eu-central-1',
          environment: { GREETING: 'hello', TZ: 'Europe/Paris', AWS_REGION: 'xx-fake-1', _HANDLER: 'hijack' },
        }),
        pythonFunction({ name: 'rooted', taskRoot: otherRoot, runtimeDir: '/opt/runtime-dir' }),
      ],
    });
  });
  after(async () => {
    await h.stop();
    rmSync(otherRoot, { recursive: true, force: true });
  });

  it("sets Lambda's variables, with the user's on top except the reserved ones", async () => {
    const { env, cwd } = (await h.invokeJson({ action: 'env' }, 'env-fn')).json as EnvReply;
    const root = path.dirname(PYTHON_BOOTSTRAP);
    assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
    assert.equal(env._HANDLER, 'app.handler');
    assert.equal(env.LAMBDA_TASK_ROOT, root);
    assert.equal(env.LAMBDA_RUNTIME_DIR, root);
    assert.equal(cwd, root);
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'env-fn');
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
    assert.equal(env.AWS_REGION, 'eu-central-1');
    assert.equal(env.AWS_DEFAULT_REGION, 'eu-central-1');
    assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/env-fn');
    assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
    assert.equal(env.GREETING, 'hello');
    assert.equal(env.TZ, 'Europe/Paris', 'TZ is not reserved: the user may set it');
    assert.ok(env.PATH && env.LANG, 'PATH and LANG are set');
    assert.equal(env._X_AMZN_TRACE_ID, undefined, 'the runtime sets the trace id per invocation itself');
  });

  it('defaults TZ to :UTC, and uses a configured task root as LAMBDA_TASK_ROOT and working directory', async () => {
    const { env, cwd } = (await h.invokeJson({ action: 'env' }, 'rooted')).json as EnvReply;
    assert.equal(env.TZ, ':UTC');
    assert.equal(env.LAMBDA_TASK_ROOT, otherRoot);
    assert.equal(cwd, otherRoot);
    assert.equal(env.LAMBDA_RUNTIME_DIR, '/opt/runtime-dir');
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '128');
    assert.equal(env.AWS_REGION, 'us-east-1');
    assert.equal(env.GREETING, undefined, "one function's variables do not leak into another's");
  });

  it('does not pass the host environment wholesale', async () => {
    process.env.LRK_HOST_ONLY = 'secret';
    try {
      await h.emulator.recycle('rooted');
      const { env } = (await h.invokeJson({ action: 'env' }, 'rooted')).json as EnvReply;
      assert.equal(env.LRK_HOST_ONLY, undefined);
    } finally {
      delete process.env.LRK_HOST_ONLY;
    }
  });
});
