// In-editor benchmark (LRK_TEST_SUITES=bench, run by `npm run bench:debug`): the time from startDebugging to the
// first breakpoint hit in the handler, for Node (js-debug) and Python (debugpy), over several sessions. Each figure
// is written to the file named by LRK_BENCH_DEBUG_RESULTS for bench/debug.bench.ts to summarise.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import {
  StopWatcher,
  addBreakpoint,
  copyDebugFixture,
  markedLine,
  startLambdaSession,
  stopSession,
  topFrame,
} from '../debug-support';

const RUNS = Math.max(1, Number(process.env.LRK_BENCH_RUNS ?? 5));
const figures: Record<string, number[]> = {};

describe('Debugging benchmark: startDebugging to the first breakpoint', function () {
  this.timeout(600_000);
  let folder: string;

  before(async () => {
    folder = await copyDebugFixture();
  });

  after(async () => {
    const file = process.env.LRK_BENCH_DEBUG_RESULTS;
    if (file) await writeFile(file, JSON.stringify({ vscodeVersion: vscode.version, runs: figures }, null, 2));
  });

  for (const [language, handlerFile] of [
    ['node', 'handler.js'],
    ['python', 'handler.py'],
  ] as const) {
    it(`${language}: ${RUNS} sessions`, async () => {
      const taskRoot = path.join(folder, language);
      const handler = path.join(taskRoot, handlerFile);
      const line = await markedLine(handler);
      const breakpoint = addBreakpoint(handler, line);
      const times: number[] = [];
      try {
        for (let run = 0; run < RUNS; run++) {
          const stops = new StopWatcher();
          try {
            const started = performance.now();
            const session = await startLambdaSession({
              bootstrap: path.join(taskRoot, 'bootstrap'),
              handler: 'handler.handler',
              event: { name: 'bench' },
            });
            const stop = await stops.nth(1);
            times.push(stop.at - started);
            assert.equal(stop.reason, 'breakpoint');
            assert.equal((await topFrame(stop)).line, line);
            await stop.session.customRequest('continue', { threadId: stop.threadId });
            await stopSession(session);
          } finally {
            stops.dispose();
          }
        }
      } finally {
        breakpoint.dispose();
        await vscode.debug.stopDebugging();
      }
      figures[language] = times;
    });
  }
});
