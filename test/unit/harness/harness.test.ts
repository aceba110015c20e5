// The in-editor runners' own logic: when a run counts as passed, and stopping a whole process group.
import { execa } from 'execa';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestResults } from '../../integration/results';
import { groupAlive, stopGroup, waitFor } from '../../vscode/processes';
import { reportResults } from '../../vscode/report';

function results(states: ('passed' | 'failed' | 'skipped')[]): TestResults {
  const count = (state: string) => states.filter((candidate) => candidate === state).length;
  return {
    vscodeVersion: '1.100.3',
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    tests: states.map((state, index) => ({ title: `test ${index}`, state })),
  };
}

describe('the in-editor test harness', () => {
  it('counts a run as passed only when a test ran and none failed', (t) => {
    t.mock.method(console, 'log', () => undefined);
    t.mock.method(console, 'error', () => undefined);
    assert.equal(reportResults(results(['passed', 'skipped']), 'editor'), true);
    assert.equal(reportResults(results(['passed', 'failed']), 'editor'), false);
    assert.equal(reportResults(results([]), 'editor'), false, 'no test ran');
    assert.equal(reportResults(results(['skipped', 'skipped']), 'editor'), false, 'only skipped tests');
  });

  it('stops every process of a group, children that ignore SIGTERM included', async () => {
    // A leader with two children, one of which ignores SIGTERM, as a stubborn extension host might.
    const leader = execa('sh', ['-c', "sleep 300 & (trap '' TERM; sleep 300) & wait"], {
      detached: true,
      reject: false,
    });
    assert.ok(leader.pid);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(groupAlive(leader.pid), true);
    await stopGroup(leader.pid, 500);
    assert.equal(groupAlive(leader.pid), false);
    await leader;
  });

  it('waitFor gives up at its deadline or when told why, with the reason', async () => {
    await assert.rejects(
      waitFor('nothing', async () => undefined, 200, undefined, 20),
      /gave up waiting for nothing after/,
    );
    await assert.rejects(
      waitFor(
        'nothing',
        async () => undefined,
        10_000,
        () => 'the server exited',
        20,
      ),
      /gave up waiting for nothing: the server exited/,
    );
    assert.equal(await waitFor('a value', async () => 42, 1000), 42);
  });
});
