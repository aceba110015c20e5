// check's scenarios against real runtimes: one that passes everything, the same made to fail each scenario in
// turn (CHECK_FAULT), and the AWS tutorial's bootstrap, whose missing error reporting check must name.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCheck, type ScenarioResult } from '../../../src/core/check';
import type { FunctionConfig } from '../../../src/core/emulator';
import { bashTutorial } from '../emulator/conformance/support';
import { REPO_ROOT } from '../helpers';

const FAULTS = path.join(REPO_ROOT, 'test/fixtures/runtimes/check-faults/bootstrap');

function faulty(fault?: string): FunctionConfig {
  return {
    name: 'function',
    bootstrap: FAULTS,
    handler: 'function.handler',
    timeoutSeconds: 10,
    environment: fault ? { CHECK_FAULT: fault } : {},
  };
}

function byId(results: readonly ScenarioResult[]): Record<string, ScenarioResult> {
  return Object.fromEntries(results.map((result) => [result.id, result]));
}

describe('check on a runtime that does everything right', () => {
  it('passes every scenario it can observe, and says why it skips the others', async () => {
    const results = byId(await runCheck({ fn: faulty(), errorHandler: 'fail.handler' }));
    for (const id of [
      'answers-event',
      'non-object-events',
      'large-event',
      'steady-resources',
      'unknown-handler',
      'error-reporting',
      'trace-header',
      'invocation-id',
      'managed-instances',
      'sigterm',
    ]) {
      assert.equal(results[id].status, 'pass', `${id}: ${results[id].evidence}`);
      assert.equal(results[id].fix, undefined);
    }
    assert.match(results['steady-resources'].evidence, /open file descriptors (\d+) → \d+ → \d+/);
    assert.match(results['unknown-handler'].evidence, /posted \/init\/error \(202, type Runtime\.HandlerNotFound\)/);
    assert.match(results['error-reporting'].evidence, /ValueError: failing on purpose/);
    assert.match(
      results['managed-instances'].evidence,
      /4 workers waited on \/next at once; 4 invokes sent together: 4 answered/,
    );
    for (const result of Object.values(results)) {
      assert.notEqual(result.status, 'fail', `${result.id}: ${result.evidence}`);
      if (result.status === 'skip') assert.ok(result.evidence.length > 20, `${result.id} says why it skipped`);
    }
  });

  it('skips error reporting without --error-handler, naming the option', async () => {
    const [result] = await runCheck({ fn: faulty() }, { only: ['error-reporting'] });
    assert.equal(result.status, 'skip');
    assert.match(result.evidence, /--error-handler/);
  });
});

/** The fault, the scenario it must fail, and what the evidence must say. */
const CASES: readonly [fault: string, scenario: string, evidence: RegExp][] = [
  ['crash-on-event', 'answers-event', /exited instead of answering.*exit status 1/],
  ['objects-only', 'non-object-events', /Not answered: a string, an array, null, a number/],
  ['small-buffer', 'large-event', /6291456-byte event.*exit status 2/],
  ['leak-fds', 'steady-resources', /more descriptors are open/],
  ['leak-memory', 'steady-resources', /memory grew by/],
  ['init-crash', 'unknown-handler', /exited without posting \/init\/error/],
  ['error-as-text', 'error-reporting', /the body is not JSON: failing on purpose/],
  ['error-as-response', 'error-reporting', /answered as a success/],
  ['stale-trace', 'trace-header', /carried the other's trace id/],
  ['ignore-sigterm', 'sigterm', /killed \(SIGKILL\)/],
  ['no-echo', 'invocation-id', /\/next gave Lambda-Runtime-Invocation-Id \S+; \/response came without it/],
];

describe('check on runtimes made to fail one scenario each', () => {
  for (const [fault, scenario, evidence] of CASES) {
    it(`${scenario} fails for CHECK_FAULT=${fault}, with the evidence and a fix`, async () => {
      const [result] = await runCheck({ fn: faulty(fault), errorHandler: 'fail.handler' }, { only: [scenario] });
      assert.equal(result.status, 'fail', result.evidence);
      assert.match(result.evidence, evidence);
      assert.ok(result.fix && result.fix.length > 20, 'a failure comes with a fix');
    });
  }

  it('managed-instances: one worker is a skip, or a failure for a runtime meant for Managed Instances', async () => {
    const [skipped] = await runCheck({ fn: faulty('one-worker') }, { only: ['managed-instances'] });
    assert.equal(skipped.status, 'skip', skipped.evidence);
    assert.match(skipped.evidence, /1 worker waited on \/next at once.*not made for Lambda Managed Instances/);
    const [failed] = await runCheck(
      { fn: faulty('one-worker'), managedInstances: true },
      { only: ['managed-instances'] },
    );
    assert.equal(failed.status, 'fail', failed.evidence);
    assert.match(failed.fix ?? '', /AWS_LAMBDA_MAX_CONCURRENCY/);
  });

  it('bounds a scenario that outlasts its budget: a failure, and the runtime is stopped', async () => {
    const started = Date.now();
    const [result] = await runCheck({ fn: faulty() }, { only: ['steady-resources'], timeScale: 0.002 });
    assert.equal(result.status, 'fail');
    assert.match(result.evidence, /did not finish within/);
    assert.ok(Date.now() - started < 5_000, 'the budget ended it');
  });
});

describe('check on the AWS tutorial runtime', () => {
  it('reports what it lacks: error reporting, init errors, large events and the invocation id', async (t) => {
    const tutorial = await bashTutorial();
    if (!tutorial.fn) return t.skip(tutorial.skip);
    const results = byId(
      await runCheck(
        { fn: tutorial.fn, errorHandler: 'failing.handler' },
        {
          only: [
            'answers-event',
            'non-object-events',
            'large-event',
            'unknown-handler',
            'error-reporting',
            'invocation-id',
            'trace-header',
            'sigterm',
          ],
        },
      ),
    );
    assert.equal(results['answers-event'].status, 'pass', results['answers-event'].evidence);
    assert.equal(results['non-object-events'].status, 'pass', results['non-object-events'].evidence);
    assert.equal(results.sigterm.status, 'pass', results.sigterm.evidence);
    assert.equal(results['error-reporting'].status, 'fail');
    assert.match(results['error-reporting'].evidence, /did not report the error: the runtime exited/);
    assert.match(results['error-reporting'].fix ?? '', /\/runtime\/invocation\/\{id\}\/error/);
    assert.equal(results['unknown-handler'].status, 'fail');
    assert.match(results['unknown-handler'].evidence, /lrk_check_missing\.sh: No such file/);
    assert.equal(results['large-event'].status, 'fail');
    assert.match(results['large-event'].evidence, /Argument list too long/);
    assert.equal(results['trace-header'].status, 'skip');
    assert.equal(results['invocation-id'].status, 'fail');
    assert.match(results['invocation-id'].evidence, /\/response came without it/);
  });
});

describe('check on a runtime that does not start', () => {
  it('fails answers-event with the reason and skips the scenarios that cannot be judged', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lrk-check-noexec-'));
    try {
      const bootstrap = path.join(dir, 'bootstrap');
      await writeFile(bootstrap, '#!/bin/sh\necho never\n', { mode: 0o644 });
      const results = await runCheck({ fn: { name: 'function', bootstrap } }, { only: ['answers-event', 'sigterm'] });
      assert.deepEqual(
        results.map((result) => [result.id, result.status]),
        [
          ['answers-event', 'fail'],
          ['sigterm', 'skip'],
        ],
      );
      assert.match(results[0].evidence, /Runtime\.InvalidEntrypoint/);
      assert.match(results[0].fix ?? '', /never asked for an event.*lint/);
      assert.match(results[1].evidence, /does not start.*see answers-event/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('check on a function with tenant isolation', () => {
  it('names a tenant in its invokes, as such a function requires', async () => {
    const [result] = await runCheck({ fn: { ...faulty(), tenantIsolation: true } }, { only: ['answers-event'] });
    assert.equal(result.status, 'pass', result.evidence);
  });
});
