// The bash debugger in Lambda's file system: bash runs /opt/bootstrap and sources /var/task/handler.sh, while the
// breakpoint is set on the workspace's handler.sh; the session maps bash's paths, so it binds and the stack shows
// the workspace's file.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { prepareTemplateFunction } from '../../../../src/core/environment';
import { probeSandbox } from '../../../../src/core/emulator/sandbox/probe';
import { readTemplateFunctions } from '../../../../src/core/project';
import { REPO_ROOT } from '../../helpers';
import { debugBash, lineOf, nextStop, noBashOrCurl } from './support';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'layered');

describe('bash debugger in the sandbox', { skip: noBashOrCurl }, () => {
  test('a breakpoint on the workspace handler binds where bash sees /var/task/handler.sh', async (t) => {
    const probe = await probeSandbox();
    if (!probe.available) return t.skip(`needs bubblewrap: ${probe.reason}`);
    const { functions } = await readTemplateFunctions(path.join(FIXTURE, 'template.yaml'));
    const prepared = await prepareTemplateFunction(functions[0], { sandbox: 'on' });
    const handler = path.join(FIXTURE, 'function', 'handler.sh');
    const line = lineOf(handler, 'printf');
    const run = await debugBash(prepared.config, {
      breakpoints: { [handler]: [{ line }] },
      pathMappings: prepared.pathMappings,
    });
    try {
      const answer = run.runtime.invokeJson({});
      const stop = await nextStop(run.client);
      assert.equal(stop.frames[0].source?.path, handler);
      assert.equal(stop.frames[0].line, line);
      // The bootstrap's frame opens the layer's file, not /opt/bootstrap.
      const bootstrapFrame = stop.frames.find((frame) => frame.source?.path?.endsWith('bootstrap'));
      assert.equal(bootstrapFrame?.source?.path, path.join(FIXTURE, 'runtime-layer', 'bootstrap'));
      await run.client.continueRequest({ threadId: stop.threadId });
      assert.match((await answer).text, /"taskRoot":"\/var\/task"/);
    } finally {
      await run.stop();
      await prepared.dispose();
    }
  });
});
