// The command line's 2026 options: invoke --tenant-id, --max-concurrency, --log-format/--log-level, and serve
// --template with a function's LoggingConfig and CapacityProviderConfig.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runInvoke } from '../../../../src/cli/invoke';
import { runServe } from '../../../../src/cli/serve';
import { captureIO, postInvoke } from '../conformance/support';
import { noPython } from '../core/helpers';
import { WORKERS_BOOTSTRAP, type WorkerAnswer } from './support';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-2026-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function invoke(args: string[]) {
  const capture = captureIO();
  const status = await runInvoke(args, capture.io);
  return { status, stdout: capture.stdout(), stderr: capture.stderr() };
}

describe('invoke: --tenant-id, --max-concurrency, --log-format, --log-level', { skip: noPython }, () => {
  it('gives the tenant to the runtime as Lambda-Runtime-Aws-Tenant-Id, and no header without one', async () => {
    const withTenant = await invoke(['--bootstrap', WORKERS_BOOTSTRAP, '--tenant-id', 'blue']);
    assert.equal(withTenant.status, 0, withTenant.stderr);
    assert.equal((JSON.parse(withTenant.stdout) as WorkerAnswer).tenantId, 'blue');
    const without = await invoke(['--bootstrap', WORKERS_BOOTSTRAP]);
    assert.equal((JSON.parse(without.stdout) as WorkerAnswer).tenantId, null);
  });

  it('sets AWS_LAMBDA_MAX_CONCURRENCY, AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL, and writes JSON records', async () => {
    const result = await invoke(['--bootstrap', WORKERS_BOOTSTRAP, '--max-concurrency', '3', '--log-level', 'warn']);
    assert.equal(result.status, 0, result.stderr);
    const env = (JSON.parse(result.stdout) as WorkerAnswer).env;
    assert.equal(env.AWS_LAMBDA_MAX_CONCURRENCY, '3');
    assert.equal(env.AWS_LAMBDA_LOG_FORMAT, 'JSON');
    assert.equal(env.AWS_LAMBDA_LOG_LEVEL, 'WARN');
    // The application level drops the runtime's INFO lines; Lambda's own records follow SystemLogLevel (INFO).
    assert.doesNotMatch(result.stderr, /"handling"/);
    assert.match(result.stderr, /"type":"platform\.start"/);
    assert.doesNotMatch(result.stderr, /^START RequestId/m);
  });

  it('refuses what Lambda refuses, with exit status 2', async () => {
    for (const [args, message] of [
      [['--log-format', 'xml'], /--log-format must be Text or JSON, not 'xml'/],
      [['--log-level', 'loud'], /--log-level must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL/],
      [['--log-format', 'Text', '--log-level', 'DEBUG'], /needs the JSON log format/],
      [['--max-concurrency', '2', '--log-format', 'Text'], /Managed Instances\) needs the JSON log format/],
      [['--max-concurrency', '0'], /--max-concurrency must be a whole number from 1/],
      [['--tenant-id', ''], /--tenant-id needs a value/],
    ] as const) {
      const result = await invoke(['--bootstrap', WORKERS_BOOTSTRAP, ...args]);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, message);
    }
  });
});

describe('serve --template: LoggingConfig and CapacityProviderConfig', { skip: noPython }, () => {
  it('runs a Managed Instances function with JSON logs filtered at its levels', async () => {
    const app = path.join(dir, 'app');
    await mkdir(path.join(app, 'fn'), { recursive: true });
    await copyFile(WORKERS_BOOTSTRAP, path.join(app, 'fn', 'bootstrap'));
    const template = path.join(app, 'template.yaml');
    await writeFile(
      template,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Workers:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: provided.al2023',
        '      Handler: unused',
        '      CodeUri: fn',
        '      LoggingConfig: {LogFormat: JSON, ApplicationLogLevel: DEBUG, SystemLogLevel: DEBUG}',
        '      CapacityProviderConfig:',
        '        Arn: arn:aws:lambda:us-east-1:123456789012:capacity-provider:mine',
        '        PerExecutionEnvironmentMaxConcurrency: 2',
        '',
      ].join('\n'),
    );
    const capture = captureIO();
    const controller = new AbortController();
    let url = '';
    const listening = new Promise<void>((resolve) => {
      void runServe(['--template', template, '--port', '0'], capture.io, {
        signal: controller.signal,
        onListening: (at) => {
          url = at;
          resolve();
        },
      });
    });
    await listening;
    try {
      const answer = await postInvoke(
        url,
        JSON.stringify({ action: 'levels' }),
        { 'X-Amz-Log-Type': 'Tail' },
        'Workers',
      );
      assert.equal(answer.status, 200, answer.body);
      assert.match(capture.stdout(), /Workers runs as Lambda Managed Instances: up to 2 invocations at once/);
      const env = (JSON.parse(answer.body) as WorkerAnswer).env;
      assert.equal(env.AWS_LAMBDA_MAX_CONCURRENCY, '2');
      assert.equal(env.AWS_LAMBDA_LOG_LEVEL, 'DEBUG');
      const log = Buffer.from(answer.headers.get('x-amz-log-result') ?? '', 'base64').toString('utf8');
      const records = log
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level?: string; type?: string; message?: string; record?: unknown });
      const levels = records.filter((r) => r.message?.startsWith('a ')).map((r) => r.level);
      assert.deepEqual(levels, ['DEBUG', 'INFO', 'WARN', 'ERROR'], 'TRACE is below DEBUG');
      assert.match(log, /^a plain text line$/m);
      const types = records.filter((r) => r.type).map((r) => r.type);
      assert.deepEqual(types, ['platform.start', 'platform.runtimeDone', 'platform.report']);
      const report = records.find((r) => r.type === 'platform.report')?.record as {
        status: string;
        metrics: Record<string, number>;
      };
      assert.equal(report.status, 'success');
      assert.equal(report.metrics.memorySizeMB, 128);
      assert.ok(report.metrics.durationMs >= 0 && report.metrics.billedDurationMs >= 1);
    } finally {
      controller.abort();
    }
  });
});
