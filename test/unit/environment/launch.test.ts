// F5 with `functionName` on a layered template: the launch configuration resolves to the layer's bootstrap (the
// function's code has none) and carries the layers and the ephemeral storage to the session.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resolveLaunch } from '../../../src/core/debug/launch-config';
import { prepareFunction } from '../../../src/core/environment';
import { REPO_ROOT } from '../helpers';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'layered');

describe('resolveLaunch on a layered template', () => {
  it('takes /opt/bootstrap from the last layer that has one and keeps the layers for the session', async () => {
    const resolved = await resolveLaunch(
      { functionName: 'LayeredFunction', template: 'template.yaml' },
      { folder: FIXTURE },
    );
    assert.equal(resolved.fn.bootstrap, path.join(FIXTURE, 'runtime-layer', 'bootstrap'));
    assert.equal(resolved.fn.taskRoot, path.join(FIXTURE, 'function'));
    assert.equal(resolved.debugger, 'bash');
    assert.equal(resolved.layers?.length, 2);
    assert.equal(resolved.ephemeralStorageMb, 600);

    const run = await prepareFunction(resolved.fn, resolved.layers ?? [], { sandbox: 'off' });
    try {
      assert.equal(run.config.bootstrap, path.join(FIXTURE, 'runtime-layer', 'bootstrap'));
      assert.deepEqual(run.config.layers, [path.join(FIXTURE, 'runtime-layer'), path.join(FIXTURE, 'extra-layer')]);
      assert.deepEqual(run.pathMappings, []);
    } finally {
      await run.dispose();
    }
  });
});
