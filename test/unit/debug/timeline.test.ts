// The marks a debug session keeps of its steps (what `npm run bench:debug` prints): the configuration carries the
// marks made before the session exists, a phase keeps its first time, and the log line shows the steps in order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SessionTimeline, TIMELINE_KEY, withMark } from '../../../src/debug/timeline';

describe('session timeline', () => {
  test('carries the configuration marks, keeps the first time of a phase, prints the steps', () => {
    const configuration = withMark(withMark({ type: 'lambda-runtime' }, 'resolve', 10), 'resolved', 25);
    assert.equal(configuration.type, 'lambda-runtime');
    assert.equal((configuration as Record<string, unknown>)[TIMELINE_KEY] !== undefined, true);
    const timeline = new SessionTimeline(configuration);
    timeline.mark('launch');
    const launch = timeline.marks.at(-1)?.at;
    timeline.mark('launch');
    assert.deepEqual(
      timeline.marks.map((mark) => mark.phase),
      ['resolve', 'resolved', 'launch'],
    );
    assert.equal(timeline.marks.at(-1)?.at, launch);
    assert.match(timeline.toString(), /^resolve \+0 ms, resolved \+15 ms, launch \+\d+ ms$/);
    assert.deepEqual(new SessionTimeline({ [TIMELINE_KEY]: 'nonsense' }).marks, []);
  });

  test('places a step told later (a runtime started before its session) at the time it happened', () => {
    const timeline = new SessionTimeline(withMark({}, 'resolved', 10));
    timeline.mark('launch', 40);
    timeline.mark('emulator', 20);
    timeline.mark('runtime started', 30);
    assert.deepEqual(
      timeline.marks.map((mark) => `${mark.phase}@${mark.at}`),
      ['resolved@10', 'emulator@20', 'runtime started@30', 'launch@40'],
    );
  });
});
