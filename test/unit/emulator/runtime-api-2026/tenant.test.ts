// Tenant isolation: Lambda-Runtime-Aws-Tenant-Id on /next, an environment per tenant, and the invokes Lambda refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvokeRequestError } from '../../../../src/core/emulator';
import { postInvoke } from '../conformance/support';
import { harness, noPython } from '../core/helpers';
import { answer, event, workersFunction } from './support';

describe('tenant isolation', { skip: noPython }, () => {
  it('gives each tenant a runtime process of its own, and the header only to invokes that name one', async () => {
    const h = await harness({ functions: [workersFunction()] });
    try {
      const blue = answer(await h.emulator.invoke({ payload: event({}), tenantId: 'blue' }));
      const blueAgain = answer(await h.emulator.invoke({ payload: event({}), tenantId: 'blue' }));
      const green = answer(await h.emulator.invoke({ payload: event({}), tenantId: 'green' }));
      const none = answer(await h.emulator.invoke({ payload: event({}) }));
      assert.deepEqual(
        [blue.tenantId, blueAgain.tenantId, green.tenantId, none.tenantId],
        ['blue', 'blue', 'green', null],
      );
      assert.equal(blue.pid, blueAgain.pid, 'a tenant’s environment is reused for that tenant');
      assert.notEqual(green.pid, blue.pid, 'never for another tenant');
      assert.notEqual(none.pid, green.pid);
    } finally {
      await h.stop();
    }
  });

  it('refuses an invoke without a tenant when isolation is on, and one with a tenant when it is off', async () => {
    const on = await harness({ functions: [workersFunction({ tenantIsolation: true })] });
    try {
      await assert.rejects(on.emulator.invoke({ payload: event({}) }), (error: unknown) => {
        assert.ok(error instanceof InvokeRequestError);
        assert.equal(error.code, 'InvalidParameterValueException');
        assert.match(error.message, /has tenant isolation enabled/);
        return true;
      });
      const api = await postInvoke(on.emulator.url, '{}', {}, 'workers');
      assert.equal(api.status, 400);
      assert.equal(api.headers.get('x-amzn-errortype'), 'InvalidParameterValueException');
      const ok = await postInvoke(on.emulator.url, '{}', { 'X-Amz-Tenant-Id': 'blue' }, 'workers');
      assert.equal(ok.status, 200);
    } finally {
      await on.stop();
    }
    const off = await harness({ functions: [workersFunction({ tenantIsolation: false })] });
    try {
      const api = await postInvoke(off.emulator.url, '{}', { 'X-Amz-Tenant-Id': 'blue' }, 'workers');
      assert.equal(api.status, 400);
      assert.match(JSON.parse(api.body).message, /does not have tenant isolation enabled/);
    } finally {
      await off.stop();
    }
  });
});
