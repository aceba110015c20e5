// `lambda-runtime-kit serve`, run in this process through runServe and, for signals, as a real process.
import { execa } from 'execa';
import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it, type TestContext } from 'node:test';
import { runServe } from '../../../src/cli/serve';
import { packageTarget } from '../../../src/core/package';
import {
  awsLambdaRicForTests,
  BASH_TUTORIAL,
  bashTutorial,
  captureIO,
  eventually,
  newMarker,
  NODE_RIC,
  postInvoke,
  processesWithMarker,
  ricEnvLines,
} from '../emulator/conformance/support';
import { REPO_ROOT } from '../helpers';

const ric = awsLambdaRicForTests();
const need = (t: TestContext) => ric.need(t);
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-serve-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const running = new Map<AbortController, Promise<number>>();
afterEach(async () => {
  for (const [controller, status] of running) {
    controller.abort();
    await status;
  }
});

/** Starts runServe in this process; resolves once it listens, with what stops it and its exit status. */
async function serve(args: string[]) {
  const capture = captureIO();
  const controller = new AbortController();
  let listening: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (listening = resolve));
  const status = runServe(args, capture.io, { signal: controller.signal, onListening: listening });
  // A test that fails half-way must not leave a server running (its file would never end): afterEach stops it.
  running.set(controller, status);
  status.finally(() => running.delete(controller)).catch(() => undefined);
  const first = await Promise.race([url, status.then((code) => ({ code }))]);
  if (typeof first !== 'string') {
    throw new Error(`serve exited ${first.code} before listening:\n${capture.stdout()}\n${capture.stderr()}`);
  }
  return {
    url: first,
    ...capture,
    stop: async () => {
      controller.abort();
      return status;
    },
  };
}

async function usage(args: string[]) {
  const capture = captureIO();
  const status = await runServe(args, capture.io);
  return { status, stdout: capture.stdout(), stderr: capture.stderr() };
}

describe('serve: bad usage exits 2 with a message', () => {
  const cases: [string, string[], RegExp][] = [
    ['no bootstrap or template', [], /missing --bootstrap PATH/],
    [
      'both bootstrap and template',
      ['--bootstrap', 'b', '--template', 't.yaml'],
      /give one of --bootstrap PATH, --zip FILE or --template/,
    ],
    ['an unknown option', ['--bootstrap', 'b', '--verbose'], /unknown option '--verbose'/],
    [
      'a port that is no port',
      ['--bootstrap', 'b', '--port', '70000'],
      /--port must be a whole number from 0 to 65535/,
    ],
    ['a timeout of zero', ['--bootstrap', 'b', '--timeout', '0'], /--timeout must be a number of seconds above 0/],
    [
      'memory below Lambda’s minimum',
      ['--bootstrap', 'b', '--memory', '64'],
      /--memory must be a whole number from 128/,
    ],
    [
      'a concurrency of zero',
      ['--bootstrap', 'b', '--concurrency', '0'],
      /--concurrency must be a whole number from 1/,
    ],
    ['a stray argument', ['--bootstrap', 'b', 'extra'], /unexpected argument 'extra'/],
    ['--handler with --template', ['--template', 't.yaml', '--handler', 'h'], /--handler goes with --bootstrap/],
    [
      'a bootstrap that does not exist',
      ['--bootstrap', '/nonexistent/bootstrap'],
      /bootstrap not found: \/nonexistent\/bootstrap/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const { status, stdout, stderr } = await usage(args);
      assert.equal(status, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.match(stderr, /lambda-runtime-kit serve --help/);
    });
  }

  it('an env-vars file with a mistake, naming its line', async () => {
    const envFile = path.join(dir, 'bad.env');
    await writeFile(envFile, 'GOOD=1\nnot an assignment\n');
    const { status, stderr } = await usage(['--bootstrap', path.join(NODE_RIC, 'bootstrap'), '--env-vars', envFile]);
    assert.equal(status, 2);
    assert.match(stderr, new RegExp(`${envFile.replace(/[.]/g, '\\.')}:2: expected KEY=VALUE`));
  });

  it('a port already in use', async (t) => {
    const { fn, skip } = await bashTutorial();
    if (!fn) return t.skip(skip);
    const first = await serve(['--bootstrap', fn.bootstrap, '--port', '0']);
    try {
      const port = new URL(first.url).port;
      const { status, stderr } = await usage(['--bootstrap', fn.bootstrap, '--port', port]);
      assert.equal(status, 2);
      assert.match(stderr, new RegExp(`port ${port} is in use; pass --port N`));
    } finally {
      await first.stop();
    }
  });
});

describe('serve --bootstrap', () => {
  it('prints the Invoke API URL, serves invokes, prints every log line as it comes, and stops with 0', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const { marker } = newMarker();
    const envFile = path.join(dir, 'ric.env');
    await writeFile(envFile, `# for the node-ric bootstrap\n${ricEnvLines(folder, { LRK_TEST_MARKER: marker })}\n`);
    const server = await serve([
      '--bootstrap',
      path.join(NODE_RIC, 'bootstrap'),
      '--handler',
      'echo.context',
      '--port',
      '0',
      '--memory',
      '512',
      '--timeout',
      '9',
      '--env-vars',
      envFile,
    ]);
    assert.match(
      server.stdout(),
      new RegExp(`^Invoke API: ${server.url}/2015-03-31/functions/function/invocations$`, 'm'),
    );
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);

    // As with the official emulator, any function name reaches the one function.
    const answer = await postInvoke(server.url, '{"via":"serve"}', {}, 'anything');
    assert.equal(answer.status, 200, answer.body);
    const seen = JSON.parse(answer.body);
    assert.deepEqual(seen.event, { via: 'serve' });
    assert.equal(seen.marker, marker, 'the --env-vars file reached the runtime');
    assert.equal(seen.memoryLimitInMB, '512');
    assert.ok(seen.remainingTimeInMillis <= 9000 && seen.remainingTimeInMillis > 4000, `${seen.remainingTimeInMillis}`);
    // Printed while serving, not only at the end.
    assert.match(server.stdout(), new RegExp(`^START RequestId: ${seen.awsRequestId} Version: \\$LATEST$`, 'm'));
    // END and REPORT follow the answer by a moment, as on Lambda.
    const report = new RegExp(`^REPORT RequestId: ${seen.awsRequestId}\\tDuration: `, 'm');
    assert.ok(await eventually(async () => report.test(server.stdout())), server.stdout());
    assert.match(server.stdout(), /Executing 'echo\.context' in function directory/);

    assert.equal(await server.stop(), 0);
    assert.match(server.stderr(), /Stopped\./);
    assert.ok(await eventually(async () => ((await processesWithMarker(marker)) ?? []).length === 0), 'nothing left');
  });

  it('takes a folder holding a bootstrap for --bootstrap', async (t) => {
    const { fn, skip } = await bashTutorial();
    if (!fn) return t.skip(skip);
    const server = await serve([
      '--bootstrap',
      path.dirname(fn.bootstrap),
      '--handler',
      'function.handler',
      '--port',
      '0',
    ]);
    try {
      const answer = await postInvoke(server.url, '{"folder":true}');
      assert.equal(answer.status, 200);
      assert.match(answer.body, /\{"folder":true\}/);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('--watch: a changed handler file is picked up by the next invoke', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const root = await mkdtemp(path.join(dir, 'watch-'));
    await copyFile(path.join(NODE_RIC, 'bootstrap'), path.join(root, 'bootstrap'));
    const handlerFile = path.join(root, 'app.mjs');
    await writeFile(handlerFile, "export const handler = async () => 'version 1';\n");
    const envFile = path.join(dir, 'watch.env');
    await writeFile(envFile, ricEnvLines(folder));
    const server = await serve([
      '--bootstrap',
      path.join(root, 'bootstrap'),
      '--handler',
      'app.handler',
      '--port',
      '0',
      '--env-vars',
      envFile,
      '--watch',
    ]);
    try {
      assert.equal((await postInvoke(server.url, '{}')).body, '"version 1"');
      // An ES module stays cached in a running Node: only a fresh environment can answer version 2.
      await writeFile(handlerFile, "export const handler = async () => 'version 2';\n");
      assert.ok(await eventually(async () => /app\.mjs changed/.test(server.stderr())), server.stderr());
      assert.equal((await postInvoke(server.url, '{}')).body, '"version 2"');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});

describe('serve --template', () => {
  it('serves every provided.* function by its logical id, prefixes its log lines, and 404s other names', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const templateDir = await mkdtemp(path.join(dir, 'template-'));
    const codeUri = path.relative(templateDir, NODE_RIC);
    const template = path.join(templateDir, 'template.yaml');
    await writeFile(
      template,
      `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 5
    Environment:
      Variables:
        LRK_AWS_LAMBDA_RIC: ${JSON.stringify(folder)}
        LRK_NODE: ${JSON.stringify(process.execPath)}
Resources:
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      CodeUri: ${codeUri}
      Handler: echo.context
      MemorySize: 256
  FailFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      CodeUri: ${codeUri}
      Handler: error.handler
`,
    );
    const envVars = path.join(templateDir, 'env.json');
    await writeFile(
      envVars,
      JSON.stringify({ Parameters: { LRK_TEST_MARKER: 'all' }, EchoFunction: { LRK_TEST_MARKER: 'echo' } }),
    );
    // In place: the runtime interface client is a host folder named by LRK_AWS_LAMBDA_RIC, and its cache may be
    // under /tmp, which Lambda's file system replaces with its own (the sandbox has tests of its own).
    const server = await serve(['--template', template, '--port', '0', '--env-vars', envVars, '--sandbox', 'off']);
    try {
      assert.match(
        server.stdout(),
        new RegExp(`^Invoke API: ${server.url}/2015-03-31/functions/EchoFunction/invocations$`, 'm'),
      );
      assert.match(
        server.stdout(),
        new RegExp(`^Invoke API: ${server.url}/2015-03-31/functions/FailFunction/invocations$`, 'm'),
      );

      const echo = await postInvoke(server.url, '{"to":"echo"}', {}, 'EchoFunction');
      assert.equal(echo.status, 200, echo.body);
      assert.equal(JSON.parse(echo.body).functionName, 'EchoFunction');
      assert.equal(JSON.parse(echo.body).memoryLimitInMB, '256');
      assert.equal(JSON.parse(echo.body).marker, 'echo', "SAM env-vars JSON: the function's own object wins");

      const fail = await postInvoke(server.url, '{"order":5}', {}, 'FailFunction');
      assert.equal(fail.headers.get('x-amz-function-error'), 'Unhandled');
      assert.equal(JSON.parse(fail.body).errorMessage, 'order 5 not found');

      const unknown = await postInvoke(server.url, '{}', {}, 'NoSuchFunction');
      assert.equal(unknown.status, 404);
      assert.match(unknown.body, /ResourceNotFoundException|Function not found/);

      assert.match(server.stdout(), /^\[EchoFunction\] START RequestId: /m);
      assert.ok(
        await eventually(async () => /^\[FailFunction\] END RequestId: /m.test(server.stdout())),
        server.stdout(),
      );
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it("--watch: a change in a layer's folder rebuilds the layer, and the next invoke runs it", async () => {
    // The layered fixture, its runtime layer built by make (BuildMethod makefile): the function runs the build's
    // output (a copy), in the sandbox or in place, so only a rebuild shows the changed tool.
    const project = await mkdtemp(path.join(dir, 'watch-layer-'));
    await cp(path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'layered'), project, { recursive: true });
    const template = path.join(project, 'template.yaml');
    const text = await readFile(template, 'utf8');
    await writeFile(
      template,
      text.replace(
        '      CompatibleRuntimes: [provided.al2023]\n',
        '      CompatibleRuntimes: [provided.al2023]\n    Metadata:\n      BuildMethod: makefile\n',
      ),
    );
    await writeFile(
      path.join(project, 'runtime-layer', 'Makefile'),
      'build-RuntimeLayer:\n\tcp -R bootstrap bin "$(ARTIFACTS_DIR)/"\n',
    );
    const server = await serve(['--template', template, '--port', '0', '--watch']);
    const greeting = async () => {
      const answer = await postInvoke(server.url, '{}', {}, 'LayeredFunction');
      assert.equal(answer.status, 200, answer.body);
      return /"greeting":"([^"]*)"/.exec(answer.body)?.[1];
    };
    try {
      assert.match(server.stderr(), /Watching .*runtime-layer/);
      assert.equal(await greeting(), 'shouted: hello');
      await writeFile(
        path.join(project, 'runtime-layer', 'bin', 'shout'),
        '#!/bin/sh\nsed \'s/"greeting":"/"greeting":"whispered: /\'\n',
      );
      assert.ok(
        await eventually(async () => /shout changed: rebuilding the layers of LayeredFunction/.test(server.stderr())),
        server.stderr(),
      );
      assert.ok(await eventually(async () => (await greeting()) === 'whispered: hello', 20_000), server.stderr());
      // Built twice: at the start and once for the change (the build's own writes start no other).
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(server.stderr().match(/\$ make build-RuntimeLayer/g)?.length, 2, server.stderr());
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('--watch: a new deployment zip for a function whose CodeUri is one is extracted again for the next invoke', async (t) => {
    const { skip } = await bashTutorial();
    if (skip !== undefined) return t.skip(skip);
    const project = await mkdtemp(path.join(dir, 'watch-zip-'));
    const code = path.join(project, 'fn');
    await mkdir(code);
    await copyFile(path.join(BASH_TUTORIAL, 'bootstrap'), path.join(code, 'bootstrap'));
    await copyFile(path.join(BASH_TUTORIAL, 'function.sh'), path.join(code, 'function.sh'));
    const build = () =>
      packageTarget(
        { name: 'Hello', kind: 'function', folder: code },
        { outDir: path.join(project, 'dist'), output: () => undefined },
      );
    await build();
    const template = path.join(project, 'template.yaml');
    await writeFile(
      template,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Hello:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: provided.al2023',
        '      CodeUri: dist/Hello.zip',
        '      Handler: function.handler',
        '',
      ].join('\n'),
    );
    const server = await serve(['--template', template, '--port', '0', '--watch', '--sandbox', 'off']);
    const answer = async () => (await postInvoke(server.url, '{}', {}, 'Hello')).body;
    try {
      assert.match(server.stderr(), /Watching .*dist\/Hello\.zip/);
      assert.equal(await answer(), "Echoing request: '{}'");
      // The handler changes in the folder only: nothing happens until the zip is built again.
      const handler = path.join(code, 'function.sh');
      await writeFile(handler, (await readFile(handler, 'utf8')).replace('Echoing request', 'Echoed again'));
      assert.equal(await answer(), "Echoing request: '{}'");
      await build();
      assert.ok(
        await eventually(async () => /Hello\.zip changed: extracting it again for Hello/.test(server.stderr())),
        server.stderr(),
      );
      assert.ok(await eventually(async () => (await answer()) === "Echoed again: '{}'", 20_000), server.stderr());
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('exits 2 when the template has no function to serve', async () => {
    const template = path.join(dir, 'empty.yaml');
    await writeFile(template, "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
    const { status, stderr } = await usage(['--template', template]);
    assert.equal(status, 2);
    assert.match(stderr, /no custom-runtime \(provided\.\*\) function to serve/);
  });
});

describe('serve as a process', () => {
  // runServe through a real Node process (not the lead's command table), so real signals reach it.
  const entry = `import { runServe } from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'cli', 'serve.ts'))};
import { processIO } from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'cli', 'io.ts'))};
runServe(process.argv.slice(1), processIO).then((status) => { process.exitCode = status; });`;

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops cleanly on ${signal}, with every runtime process, and exits 0`, async (t) => {
      const { fn, skip } = await bashTutorial();
      if (!fn) return t.skip(skip);
      const { marker } = newMarker();
      const envFile = path.join(dir, `${signal}.env`);
      await writeFile(envFile, `LRK_TEST_MARKER=${marker}\n`);
      const child = execa(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          entry,
          '--',
          '--bootstrap',
          fn.bootstrap,
          '--handler',
          'function.handler',
          '--port',
          '0',
          '--env-vars',
          envFile,
        ],
        { cwd: REPO_ROOT, reject: false, all: false },
      );
      let stdout = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      t.after(() => {
        if (child.exitCode === null) child.kill('SIGTERM');
      });
      const listening = await eventually(async () => /Invoke API: (\S+)\/2015-03-31/.test(stdout), 15_000);
      assert.ok(listening, `no URL printed:\n${stdout}`);
      const url = /Invoke API: (\S+)\/2015-03-31/.exec(stdout)![1];
      const answer = await postInvoke(url, '{"signal":"test"}');
      assert.equal(answer.status, 200);
      assert.ok(((await processesWithMarker(marker)) ?? [1]).length > 0 || process.platform !== 'linux');

      child.kill(signal);
      const result = await child;
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stderr, /Stopped\./);
      assert.match(stdout, /^END RequestId: /m);
      const left = await processesWithMarker(marker);
      assert.deepEqual(left ?? [], [], 'no runtime process outlives serve');
    });
  }
});
