// Back-to-back queued invocations on one environment: START is logged after the event is handed to the runtime,
// yet every log and the event stream keep Lambda's order, even when a listener stops the emulator in between.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EmulatorEvent } from '../../../../src/core/emulator';
import { harness, noPython, pythonFunction, survivors } from './helpers';

type LogEvent = Extract<EmulatorEvent, { type: 'log' }>;

describe('queued invocations', { skip: noPython }, () => {
  it('keep START, output, END, REPORT in order, per invocation and in the event stream', async () => {
    const h = await harness({ functions: [pythonFunction({ timeoutSeconds: 5 })] });
    try {
      await h.invokeJson({ warm: true });
      const from = h.events.length;
      const results = await Promise.all(Array.from({ length: 8 }, () => h.invokeJson({ action: 'log', lines: 2 })));
      for (const result of results) {
        assert.equal(result.functionError, undefined);
        const lines = result.logs.trimEnd().split('\n');
        assert.equal(lines[0], `START RequestId: ${result.requestId} Version: $LATEST`);
        assert.deepEqual(lines.slice(1, -2).sort(), ['err line 0', 'err line 1', 'out line 0', 'out line 1']);
        assert.equal(lines.at(-2), `END RequestId: ${result.requestId}`);
        assert.match(lines.at(-1) as string, new RegExp(`^REPORT RequestId: ${result.requestId}\\t`));
      }
      // One environment: its invocations follow each other without overlapping, in the events too.
      let open: string | undefined;
      const finished = new Set<string>();
      for (const event of h.events.slice(from)) {
        if (event.type === 'invocation-finished') {
          assert.equal(open, undefined, 'an invocation finishes after its REPORT');
          finished.add(event.result.requestId);
          continue;
        }
        if (event.type !== 'log') continue;
        const log = event as LogEvent;
        if (log.line.startsWith('START ')) {
          assert.equal(open, undefined, `START of ${log.requestId} while ${open} has not reported`);
          open = log.requestId;
        } else {
          assert.equal(log.requestId, open, `"${log.line}" belongs to the invocation that runs`);
          if (log.line.startsWith('REPORT ')) open = undefined;
        }
      }
      assert.equal(finished.size, 8);
      assert.equal(h.pids.length, 1);
    } finally {
      await h.stop();
      assert.deepEqual(await survivors(h.pids), []);
    }
  });

  it('an emulator stopped by a listener between two queued invocations still logs START before END', async () => {
    const h = await harness({ functions: [pythonFunction({ timeoutSeconds: 5 })] });
    try {
      await h.invokeJson({ warm: true });
      let stopping: Promise<void> | undefined;
      h.emulator.on((event) => {
        if (event.type === 'invocation-finished' && !stopping) stopping = h.emulator.stop();
      });
      const results = await Promise.all([0, 1, 2].map((n) => h.invokeJson({ n })));
      await stopping;
      assert.equal(results[0].functionError, undefined, 'the first invocation answered before the stop');
      for (const result of results.slice(1)) {
        assert.equal(result.functionError, 'Unhandled', 'the stop fails what had not run');
        const lines = result.logs.trimEnd().split('\n');
        assert.match(lines[0], /^START RequestId: /);
        assert.equal(lines.at(-2), `END RequestId: ${result.requestId}`);
        assert.match(lines.at(-1) as string, /^REPORT RequestId: /);
      }
    } finally {
      await h.stop();
      assert.deepEqual(await survivors(h.pids), []);
    }
  });
});
