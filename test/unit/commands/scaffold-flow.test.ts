// The step model of New Custom Runtime's prompts: forwards, Back, Escape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACK, outcomeOf, runSteps, type StepOutcome } from '../../../src/commands/scaffold/flow';

/** Steps that answer from a script, recording which step was shown. */
function scripted(script: StepOutcome[]) {
  const shown: number[] = [];
  let call = 0;
  const steps = [0, 1, 2].map((index) => async () => {
    shown.push(index);
    const outcome = script[call++];
    assert.ok(outcome, `step ${index} was shown more often than scripted`);
    return outcome;
  });
  return { steps, shown };
}

describe('runSteps', () => {
  it('runs every step once when each answers', async () => {
    const { steps, shown } = scripted(['next', 'next', 'next']);
    assert.equal(await runSteps(steps), true);
    assert.deepEqual(shown, [0, 1, 2]);
  });

  it('goes back one step on Back and forwards again', async () => {
    const { steps, shown } = scripted(['next', 'next', 'back', 'back', 'next', 'next', 'next']);
    assert.equal(await runSteps(steps), true);
    assert.deepEqual(shown, [0, 1, 2, 1, 0, 1, 2]);
  });

  it('stays on the first step when it says back (it has no Back button)', async () => {
    const { steps, shown } = scripted(['back', 'next', 'next', 'next']);
    assert.equal(await runSteps(steps), true);
    assert.deepEqual(shown, [0, 0, 1, 2]);
  });

  it('stops at once on cancel, at any step', async () => {
    const { steps, shown } = scripted(['next', 'cancel']);
    assert.equal(await runSteps(steps), false);
    assert.deepEqual(shown, [0, 1]);
  });
});

describe('outcomeOf', () => {
  it('stores a value and moves on; Back and Escape store nothing', () => {
    const stored: string[] = [];
    assert.equal(
      outcomeOf('zip', (value) => stored.push(value)),
      'next',
    );
    assert.equal(
      outcomeOf<string>(BACK, (value) => stored.push(value)),
      'back',
    );
    assert.equal(
      outcomeOf<string>(undefined, (value) => stored.push(value)),
      'cancel',
    );
    assert.deepEqual(stored, ['zip']);
  });
});
