// REPORT's Max Memory Used is the measured peak resident memory of the runtime's process tree.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness, noPython, pythonFunction, type Harness } from './helpers';

describe('Max Memory Used', { skip: noPython }, () => {
  let h: Harness;
  before(async () => {
    h = await harness({ functions: [pythonFunction({ memoryMb: 512, timeoutSeconds: 5 })] });
  });
  after(() => h.stop());

  it('is measured, not the configured memory size', async () => {
    const small = await h.invokeJson({ small: true });
    assert.equal(small.memorySizeMb, 512);
    assert.ok(
      small.maxMemoryUsedMb >= 3 && small.maxMemoryUsedMb < 200,
      `${small.maxMemoryUsedMb} MB for an idle Python`,
    );
    assert.match(small.logs, new RegExp(`\\tMemory Size: 512 MB\\tMax Memory Used: ${small.maxMemoryUsedMb} MB`));
  });

  it('rises with what the invocation allocates, even when it is freed before the end', async () => {
    const before = (await h.invokeJson({ small: true })).maxMemoryUsedMb;
    const big = await h.invokeJson({ action: 'memory', mb: 96 });
    assert.deepEqual(big.json, { allocated: 96 * 1024 * 1024 });
    assert.ok(
      big.maxMemoryUsedMb >= before + 90,
      `${before} MB before, ${big.maxMemoryUsedMb} MB after allocating 96 MB`,
    );
  });
});
