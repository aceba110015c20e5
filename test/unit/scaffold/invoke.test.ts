// Each language whose toolchain is here: the zip scaffold is built (its own `build`, offline) and run by the
// emulator as Lambda would: the sample event answers with the request id and the time left, an event without a
// string name is the handler's error, and a _HANDLER that names nothing is an init error for the first invoke.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { runCheck, SCENARIOS } from '../../../src/core/check';
import { LANGUAGES } from '../../../src/core/scaffold';
import type { Language, Scaffold } from '../../../src/core/scaffold/types';
import { harness, survivors, type Harness } from '../emulator/core/helpers';
import { BUILD_ENV, FUNCTION_NAME, missingToolchain, optionsFor, writeTemp } from './support';

const TIMEOUT_SECONDS = 10;
const TRACE = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
/** The handler's error for an event without a string name, as each language names it. */
const ERROR_TYPES: Record<Language, string> = {
  bash: 'InvalidEvent',
  node: 'TypeError',
  python: 'ValueError',
  go: 'InvalidEvent',
  rust: 'InvalidEvent',
  cpp: 'InvalidEvent',
};
/** The scaffolds that run one worker per AWS_LAMBDA_MAX_CONCURRENCY unit (bash and C++ run one). */
const MANAGED_INSTANCES: readonly Language[] = ['node', 'python', 'go', 'rust'];
/** The init error when _HANDLER names a file that does not exist (compiled languages look names up in a table). */
const MISSING_FILE: Partial<Record<Language, string>> = {
  bash: 'Runtime.ImportModuleError',
  node: 'Runtime.ImportModuleError',
  python: 'Runtime.ImportModuleError',
};

async function withEmulator<T>(bootstrap: string, handler: string, run: (h: Harness) => Promise<T>): Promise<T> {
  const h = await harness({
    functions: [{ name: FUNCTION_NAME, bootstrap, handler, timeoutSeconds: TIMEOUT_SECONDS }],
  });
  try {
    return await run(h);
  } finally {
    await h.stop();
    assert.deepEqual(await survivors(h.pids), [], 'no process of the runtime survives');
  }
}

for (const language of LANGUAGES) {
  describe(`the ${language.label} scaffold runs under the emulator`, { skip: missingToolchain(language) }, () => {
    let dir: string;
    let scaffold: Scaffold;
    let bootstrap: string;

    before(async () => {
      ({ dir, scaffold } = await writeTemp(optionsFor(language, 'zip')));
      bootstrap = path.join(dir, scaffold.bootstrapPath);
      if (scaffold.build !== undefined) {
        const [command, ...args] = scaffold.build;
        const build = await execa(command, args, { cwd: dir, env: BUILD_ENV, reject: false, all: true });
        assert.equal(build.exitCode, 0, build.all);
      }
    });
    after(async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('answers the sample event with its request id and the time left, and serves the handler error', async () => {
      await withEmulator(bootstrap, scaffold.handler, async (h) => {
        const event = await readFile(path.join(dir, scaffold.eventPath));
        const ok = await h.emulator.invoke({ payload: event, traceId: TRACE });
        const text = Buffer.from(ok.payload).toString('utf8');
        assert.equal(ok.functionError, undefined, text);
        const body = JSON.parse(text);
        assert.equal(body.message, 'Hello, World!');
        assert.equal(body.requestId, ok.requestId);
        assert.ok(Number.isInteger(body.remainingMs), text);
        assert.ok(body.remainingMs > 0 && body.remainingMs <= TIMEOUT_SECONDS * 1000, text);
        assert.ok(ok.logs.includes(TRACE), `the handler sees _X_AMZN_TRACE_ID:\n${ok.logs}`);

        const failed = await h.invokeJson({});
        assert.equal(failed.functionError, 'Unhandled');
        assert.equal(failed.errorType, ERROR_TYPES[language.id], 'Lambda-Runtime-Function-Error-Type');
        const error = failed.json as { errorMessage: string; errorType: string };
        assert.equal(error.errorMessage, 'event.name must be a string');
        assert.equal(error.errorType, ERROR_TYPES[language.id]);

        const again = await h.invokeJson({ name: 'again' });
        assert.equal((again.json as { message: string }).message, 'Hello, again!', 'the loop goes on after an error');
        assert.equal(h.pids.length, 1, 'one runtime process served every invocation');
      });
    });

    it('reports a _HANDLER that names nothing as an init error to the first invocation', async () => {
      const handler = language.compiled ? 'missing' : 'missing.handler';
      await withEmulator(bootstrap, handler, async (h) => {
        const result = await h.invokeJson({ name: 'World' });
        assert.equal(result.functionError, 'Unhandled');
        assert.ok(result.initDurationMs !== undefined, 'the failure happened during init');
        const body = result.json as { errorMessage: string; errorType: string };
        assert.equal(body.errorType, result.errorType, 'the header and the body agree');
        assert.equal(result.errorType, MISSING_FILE[language.id] ?? 'Runtime.HandlerNotFound');
        assert.ok(body.errorMessage.includes(handler), body.errorMessage);
        const status = h.events.find((event) => event.type === 'environment-stopped');
        assert.ok(status?.type === 'environment-stopped' && status.reason === 'init-error', JSON.stringify(status));
      });
    });

    it('passes lambda-runtime-kit check (Managed Instances workers in Node.js, Python, Go and Rust)', async () => {
      // The sample handler fails on an event without a name, so it is its own --error-handler (check sends {}).
      const results = await runCheck({
        fn: { name: FUNCTION_NAME, bootstrap, handler: scaffold.handler, timeoutSeconds: TIMEOUT_SECONDS },
        errorHandler: scaffold.handler,
      });
      const workers = MANAGED_INSTANCES.includes(language.id);
      for (const result of results) {
        const expected = result.id === 'managed-instances' && !workers ? 'skip' : 'pass';
        assert.equal(result.status, expected, `${result.id}: ${result.evidence}`);
      }
      assert.equal(results.length, SCENARIOS.length);
    });

    if (!language.compiled) {
      it('reports a handler file without that function as Runtime.HandlerNotFound', async () => {
        const handler = `${scaffold.handler.split('.')[0]}.nothere`;
        await withEmulator(bootstrap, handler, async (h) => {
          const result = await h.invokeJson({ name: 'World' });
          assert.equal(result.errorType, 'Runtime.HandlerNotFound');
          assert.match((result.json as { errorMessage: string }).errorMessage, /nothere/);
        });
      });
    }
  });
}

describe('the bash runtime with handlers that push it', { skip: missingToolchain(LANGUAGES[0]) }, () => {
  let dir: string;
  before(async () => {
    ({ dir } = await writeTemp(optionsFor(LANGUAGES[0], 'zip')));
    await writeFile(
      path.join(dir, 'edge.sh'),
      [
        '# shellcheck shell=bash',
        `odd() { lambda_error Odd $'line 1\\n"quoted"\\ttab\\\\ \\x01'; return 1; }`,
        'quits() { echo partial; exit 3; }',
        `at() { printf '@/etc/passwd'; }`,
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('escapes the error message as JSON (quotes, newline, tab, backslash, control characters)', async () => {
    await withEmulator(path.join(dir, 'bootstrap'), 'edge.odd', async (h) => {
      const result = await h.invokeJson({});
      assert.equal(result.errorType, 'Odd');
      assert.deepEqual(result.json, { errorMessage: 'line 1\n"quoted"\ttab\\  ', errorType: 'Odd' });
    });
  });

  it('reports a handler that exits without naming an error as HandlerError with its status', async () => {
    await withEmulator(path.join(dir, 'bootstrap'), 'edge.quits', async (h) => {
      const result = await h.invokeJson({});
      assert.equal(result.errorType, 'HandlerError');
      assert.match((result.json as { errorMessage: string }).errorMessage, /"edge\.quits" failed with exit status 3/);
      assert.equal((await h.invokeJson({})).errorType, 'HandlerError', 'the runtime survived the exit');
      assert.equal(h.pids.length, 1);
    });
  });

  it('posts a response that starts with @ as it is (curl does not read it as a file name)', async () => {
    await withEmulator(path.join(dir, 'bootstrap'), 'edge.at', async (h) => {
      const result = await h.emulator.invoke({ payload: Buffer.from('{}') });
      assert.equal(Buffer.from(result.payload).toString('utf8'), '@/etc/passwd');
    });
  });
});
