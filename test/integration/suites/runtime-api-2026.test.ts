// F5's 2026 attributes in a real editor: maxConcurrency, logLevel and tenantId reach the runtime through a
// lambda-runtime session, and every invoke of the session names the tenant.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import type { InvocationRecord } from '../../../src/debug/runs';
import { EXTENSION_ID, eventually, startLambdaSession, stopSession } from '../debug-support';

interface WorkerAnswer {
  tenantId: string | null;
  invocationId: string | null;
  env: Record<string, string>;
}

describe('Runtime API 2026 in F5: maxConcurrency, logLevel, tenantId', function () {
  this.timeout(60_000);

  it('reach the runtime, its JSON lines are filtered, and lambdaRuntime.invoke names the tenant', async () => {
    const extension = vscode.extensions.getExtension<LambdaRuntimeKitApi>(EXTENSION_ID);
    assert.ok(extension);
    const api = await extension.activate();
    const bootstrap = path.join(extension.extensionPath, 'test', 'fixtures', 'runtimes', 'python-workers', 'bootstrap');
    const finished: InvocationRecord[] = [];
    const subscription = api.runs.onDidFinishInvocation((record) => finished.push(record));
    const session = await startLambdaSession(
      {
        bootstrap,
        debugger: 'none',
        event: { action: 'levels' },
        maxConcurrency: 2,
        logLevel: 'WARN',
        tenantId: 'blue',
      },
      { noDebug: true },
    );
    try {
      await eventually('the event to be answered', async () => finished.length >= 1, 30_000);
      const first = finished[0].result!;
      const answer = JSON.parse(new TextDecoder().decode(first.payload)) as WorkerAnswer;
      assert.equal(answer.tenantId, 'blue');
      assert.match(answer.invocationId ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(answer.env.AWS_LAMBDA_MAX_CONCURRENCY, '2');
      assert.equal(answer.env.AWS_LAMBDA_LOG_LEVEL, 'WARN');
      assert.match(first.logs, /"a warn line"/);
      assert.doesNotMatch(first.logs, /"a debug line"|"handling"/);
      assert.match(first.logs, /"type":"platform\.start"/);

      const again = (await vscode.commands.executeCommand('lambdaRuntime.invoke', {
        event: {},
        functionName: finished[0].functionName,
      })) as { payload: string };
      assert.equal((JSON.parse(again.payload) as WorkerAnswer).tenantId, 'blue');
    } finally {
      subscription.dispose();
      await stopSession(session);
    }
  });
});
