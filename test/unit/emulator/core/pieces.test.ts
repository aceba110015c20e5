// The emulator's small pure pieces: ids, header safety, loopback names, Lambda's texts, log lines.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { functionNameOf } from '../../../../src/core/emulator/emulator';
import { headerSafe } from '../../../../src/core/emulator/header-safe';
import { isLoopbackHost } from '../../../../src/core/emulator/http-util';
import { functionArn, newLogStreamName, newRequestId, newTraceId } from '../../../../src/core/emulator/ids';
import { logTail } from '../../../../src/core/emulator/invoke-api';
import { lambdaEnvironment, launchCommand, resolveFunction } from '../../../../src/core/emulator/launch';
import { postedErrorPayload, runtimeExitReason } from '../../../../src/core/emulator/lambda-errors';
import { LineSplitter, reportLine } from '../../../../src/core/emulator/log-format';
import { processTreeSync, signalTreeSync } from '../../../../src/core/emulator/process-tree';

describe('identifiers', () => {
  it('are shaped like Lambda and X-Ray ones', () => {
    assert.match(newRequestId(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(newTraceId(Date.UTC(2024, 0, 1)), /^Root=1-65920080-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    assert.match(newLogStreamName(new Date(Date.UTC(2024, 1, 3))), /^2024\/02\/03\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(functionArn('us-west-2', 'f'), 'arn:aws:lambda:us-west-2:012345678912:function:f');
    assert.notEqual(newRequestId(), newRequestId());
  });

  it('finds the function name in names, qualified names and ARNs', () => {
    assert.equal(functionNameOf('fn'), 'fn');
    assert.equal(functionNameOf('fn:$LATEST'), 'fn');
    assert.equal(functionNameOf('123456789012:function:fn'), 'fn');
    assert.equal(functionNameOf('arn:aws:lambda:us-east-1:123456789012:function:fn:prod'), 'fn');
  });
});

describe('header values', () => {
  it('keep plain ASCII as is and escape non-ASCII JSON without changing its meaning', () => {
    assert.equal(headerSafe('Root=1-a;Sampled=0'), 'Root=1-a;Sampled=0');
    const json = '{\n  "name": "héllo ✓"\n}';
    const safe = headerSafe(json);
    assert.match(safe, /^[\x20-\x7e]*$/);
    assert.deepEqual(JSON.parse(safe), JSON.parse(json));
    assert.equal(headerSafe('line\r\nbreak'), 'linebreak');
  });
});

describe('loopback host names', () => {
  it('accept localhost, 127.0.0.1 and [::1] with any port, and nothing else', () => {
    for (const host of ['localhost', 'LocalHost:3000', '127.0.0.1', '127.0.0.1:9001', '[::1]', '[::1]:1']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of [
      undefined,
      '',
      'example.com',
      'localhost.example.com',
      '127.0.0.1.nip.io',
      '[::1]x',
      'localhost:abc',
      '0.0.0.0',
    ]) {
      assert.equal(isLoopbackHost(host), false, String(host));
    }
  });
});

describe("Lambda's texts", () => {
  it('describe runtime exits as Go does', () => {
    assert.equal(runtimeExitReason(1, null), 'Runtime exited with error: exit status 1');
    assert.equal(runtimeExitReason(null, 'SIGKILL'), 'Runtime exited with error: signal: killed');
    assert.equal(runtimeExitReason(null, 'SIGSEGV'), 'Runtime exited with error: signal: segmentation fault');
    assert.equal(runtimeExitReason(0, null), 'Runtime exited without providing a reason');
  });

  it('keep a posted JSON error as is and wrap anything else', () => {
    assert.equal(Buffer.from(postedErrorPayload(Buffer.from('{"a":1}'), 'T')).toString(), '{"a":1}');
    assert.deepEqual(JSON.parse(Buffer.from(postedErrorPayload(Buffer.from('boom'), 'T')).toString()), {
      errorMessage: 'boom',
      errorType: 'T',
    });
    assert.equal(JSON.parse(Buffer.from(postedErrorPayload(Buffer.alloc(0), 'T')).toString()).errorType, 'T');
  });

  it('write REPORT with tabs, two decimals, and Init Duration / Status only when they apply', () => {
    const base = { requestId: 'r', durationMs: 12.345, billedDurationMs: 13, memorySizeMb: 128, maxMemoryUsedMb: 35 };
    assert.equal(
      reportLine(base),
      'REPORT RequestId: r\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 35 MB',
    );
    assert.equal(
      reportLine({ ...base, initDurationMs: 56.784, status: 'error', errorType: 'Runtime.ExitError' }),
      'REPORT RequestId: r\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 35 MB\tInit Duration: 56.78 ms\tStatus: error\tError Type: Runtime.ExitError',
    );
  });

  it('tail the last 4 KB of a log in base64', () => {
    const log = `${'a'.repeat(5000)}END\n`;
    const tail = Buffer.from(logTail(log), 'base64').toString();
    assert.equal(tail.length, 4096);
    assert.ok(tail.endsWith('END\n'));
    assert.equal(Buffer.from(logTail('short\n'), 'base64').toString(), 'short\n');
  });
});

describe('output lines', () => {
  it('split on LF and CRLF, keep UTF-8 characters cut across chunks, flush a partial line on demand', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const text = Buffer.from('one\r\ntwo é\nthr');
    splitter.write(text.subarray(0, 9));
    splitter.write(text.subarray(9));
    assert.deepEqual(lines, ['one', 'two é']);
    splitter.flush();
    splitter.write(Buffer.from('ee\nlast'));
    splitter.end();
    assert.deepEqual(lines, ['one', 'two é', 'thr', 'ee', 'last']);
  });
});

describe("the runtime's variables", () => {
  it('never let the user override a reserved one, and keep the Runtime API address from the debugger', () => {
    const fn = resolveFunction({
      name: 'f',
      bootstrap: '/tmp/x/bootstrap',
      environment: {
        AWS_LAMBDA_FUNCTION_NAME: 'g',
        LAMBDA_TASK_ROOT: '/elsewhere',
        PATH: '/custom/bin',
        LANG: 'fr_FR.UTF-8',
      },
    });
    const env = lambdaEnvironment(
      fn,
      '127.0.0.1:1',
      'stream',
      {
        noTimeouts: true,
        environment: { NODE_OPTIONS: '--inspect', AWS_LAMBDA_RUNTIME_API: 'x' },
      },
      { PATH: '/usr/bin', HOME: '/root', SECRET: 's' },
    );
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'f');
    assert.equal(env.LAMBDA_TASK_ROOT, '/tmp/x');
    assert.equal(env.PATH, '/custom/bin');
    assert.equal(env.LANG, 'fr_FR.UTF-8');
    assert.equal(env.HOME, '/root');
    assert.equal(env.SECRET, undefined);
    assert.equal(env.NODE_OPTIONS, '--inspect');
    assert.equal(env.AWS_LAMBDA_RUNTIME_API, '127.0.0.1:1');
  });

  it('run a native binary of this machine as it is', () => {
    const fn = resolveFunction({ name: 'f', bootstrap: process.execPath });
    assert.deepEqual(launchCommand(fn), { file: process.execPath, args: [] });
  });

  it('fill in Lambda defaults: 3 s, 128 MB, us-east-1, task root = bootstrap folder', () => {
    const fn = resolveFunction({ name: 'f', bootstrap: 'relative/dir/bootstrap' });
    assert.equal(fn.timeoutSeconds, 3);
    assert.equal(fn.memoryMb, 128);
    assert.equal(fn.region, 'us-east-1');
    assert.equal(fn.taskRoot, `${process.cwd()}/relative/dir`);
    assert.equal(fn.runtimeDir, fn.taskRoot);
  });
});

describe('process trees', { skip: process.platform !== 'linux' ? 'reads /proc' : undefined }, () => {
  it('find children and grandchildren through the children files and through a /proc scan alike', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const viaFiles = processTreeSync(process.pid, false);
      const viaScan = processTreeSync(process.pid, true);
      assert.ok(viaFiles.includes(child.pid as number));
      assert.ok(viaFiles.length >= 3, 'this process, sh and sleep');
      assert.deepEqual([...viaScan].sort(), [...viaFiles].sort());
    } finally {
      signalTreeSync(child.pid as number, 'SIGKILL');
    }
  });
});
