// Lambda's own log lines in each LoggingConfig, and the application log-level filter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlatformLog } from '../../../../src/core/emulator/platform-log';

const figures = {
  requestId: 'r-1',
  durationMs: 12.3456,
  billedDurationMs: 13,
  memorySizeMb: 256,
  maxMemoryUsedMb: 40,
  initDurationMs: 100.5,
};

describe('PlatformLog', () => {
  it('writes the text lines Lambda writes in the Text format', () => {
    const log = new PlatformLog({ logFormat: 'Text' });
    assert.equal(log.start('r-1'), 'START RequestId: r-1 Version: $LATEST');
    assert.equal(log.end('r-1', 'success'), 'END RequestId: r-1');
    assert.match(log.report(figures) ?? '', /^REPORT RequestId: r-1\tDuration: 12\.35 ms\tBilled Duration: 13 ms/);
    assert.match(log.initReport(50, 'error', 'Runtime.ExitError') ?? '', /^INIT_REPORT Init Duration: 50\.00 ms/);
    assert.equal(log.keeps('{"level":"TRACE"}'), true, 'the Text format filters nothing');
  });

  it('writes platform records in the JSON format, with the tenant when there is one', () => {
    const log = new PlatformLog({ logFormat: 'JSON', systemLogLevel: 'DEBUG' });
    const start = JSON.parse(log.start('r-1', 'blue') ?? '');
    assert.equal(start.type, 'platform.start');
    assert.ok(!Number.isNaN(Date.parse(start.time)));
    assert.deepEqual(start.record, { requestId: 'r-1', tenantId: 'blue', version: '$LATEST' });
    assert.deepEqual(JSON.parse(log.end('r-1', 'timeout') ?? '').record, { requestId: 'r-1', status: 'timeout' });
    const report = JSON.parse(log.report({ ...figures, status: 'error', errorType: 'Runtime.ExitError' }) ?? '');
    assert.equal(report.type, 'platform.report');
    assert.deepEqual(report.record, {
      requestId: 'r-1',
      status: 'error',
      errorType: 'Runtime.ExitError',
      metrics: {
        durationMs: 12.346,
        billedDurationMs: 13,
        memorySizeMB: 256,
        maxMemoryUsedMB: 40,
        initDurationMs: 100.5,
      },
    });
    const init = JSON.parse(log.initReport(50, 'timeout') ?? '');
    assert.equal(init.type, 'platform.initReport');
    assert.deepEqual(init.record, {
      initializationType: 'on-demand',
      phase: 'init',
      status: 'timeout',
      metrics: { durationMs: 50 },
    });
  });

  it('leaves out records below SystemLogLevel: runtimeDone is DEBUG, start and report INFO', () => {
    const info = new PlatformLog({ logFormat: 'JSON' });
    assert.equal(info.end('r-1', 'success'), undefined);
    assert.ok(info.start('r-1'));
    const warn = new PlatformLog({ logFormat: 'JSON', systemLogLevel: 'WARN' });
    assert.equal(warn.start('r-1'), undefined);
    assert.equal(warn.report(figures), undefined);
  });

  it('filters JSON lines by their level, any case; a missing or unknown level, or no JSON, counts as INFO', () => {
    const log = new PlatformLog({ logFormat: 'JSON', applicationLogLevel: 'WARN' });
    assert.equal(log.keeps('{"level":"error","message":"x"}'), true);
    assert.equal(log.keeps('{"level":"Warn"}'), true);
    assert.equal(log.keeps('{"level":"DEBUG"}'), false);
    assert.equal(log.keeps('{"level":"verbose"}'), false);
    assert.equal(log.keeps('{"message":"no level"}'), false);
    assert.equal(log.keeps('plain text'), false);
    const debug = new PlatformLog({ logFormat: 'JSON', applicationLogLevel: 'DEBUG' });
    assert.equal(debug.keeps('{"level":"TRACE"}'), false);
    assert.equal(debug.keeps('plain text'), true);
    assert.equal(debug.keeps('[1, 2]'), true, 'JSON that is no object is a line like any other');
  });
});
