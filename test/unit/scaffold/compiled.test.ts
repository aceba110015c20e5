// The compiled languages' scaffolds (go, rust, cpp), for real: written to a folder, linted, built with their own
// Makefile (offline), then run by the emulator as Lambda would: the sample event, the handler's error, tricky
// JSON through the runtime's own reader and escaper, an unknown _HANDLER, and the Makefile's `sam build` target.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { runLint } from '../../../src/cli/lint';
import type { Architecture } from '../../../src/core/lint/types';
import { readExecutableHeader } from '../../../src/core/lint/binary/header';
import type { LanguageTemplate } from '../../../src/core/scaffold/language';
import { cpp } from '../../../src/core/scaffold/languages/cpp';
import { go } from '../../../src/core/scaffold/languages/go';
import { rust } from '../../../src/core/scaffold/languages/rust';
import type { Packaging, ScaffoldOptions } from '../../../src/core/scaffold/types';
import { harness, survivors, type Harness } from '../emulator/core/helpers';

const HOST_ARCH: Architecture = process.arch === 'arm64' ? 'arm64' : 'x86_64';
const OTHER_ARCH: Architecture = HOST_ARCH === 'arm64' ? 'x86_64' : 'arm64';
const FUNCTION = 'HelloFunction';
const TIMEOUT_SECONDS = 30;
const DEAD_PROXY = 'http://127.0.0.1:9';
const TRACE = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v "${command}"`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why `language` cannot be built here (a missing program, by name), or undefined. */
function missingToolchain(language: LanguageTemplate): string | undefined {
  const missing = [...new Set([...language.toolchain, 'make'])].filter((command) => !has(command));
  return missing.length === 0 ? undefined : `${language.label}: ${missing.join(', ')} not installed`;
}

/** Builds stay offline and work for root in CI, even without HOME (Go's cache needs a folder). */
const BUILD_ENV: Record<string, string> = {
  CARGO_NET_OFFLINE: 'true',
  GOPROXY: 'off',
  GOFLAGS: '',
  GOTOOLCHAIN: 'local',
  ...(process.env.HOME || process.env.GOCACHE ? {} : { GOCACHE: path.join(tmpdir(), 'lrk-go-cache') }),
};

function options(language: LanguageTemplate, packaging: Packaging, architecture: Architecture): ScaffoldOptions {
  return { language: language.id, packaging, architecture, base: 'provided.al2023', functionName: FUNCTION };
}

// Until the shared files come from the core's renderer, the test writes the smallest template.yaml that gives
// the linter the function's architecture, handler and build method.
function template(language: LanguageTemplate, opts: ScaffoldOptions): string {
  const properties =
    opts.packaging === 'zip'
      ? `      CodeUri: .\n      Handler: ${language.handler(opts)}\n      Runtime: ${opts.base}\n      Architectures: [${opts.architecture}]\n    Metadata:\n      BuildMethod: makefile\n`
      : `      PackageType: Image\n      Architectures: [${opts.architecture}]\n    Metadata:\n      Dockerfile: Dockerfile\n      DockerContext: .\n      DockerTag: latest\n`;
  return `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  ${FUNCTION}:\n    Type: AWS::Serverless::Function\n    Properties:\n${properties}`;
}

/** Writes the language's files (plus Dockerfile, template.yaml, .gitignore) into a fresh folder. */
async function writeProject(language: LanguageTemplate, opts: ScaffoldOptions): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `lrk-${language.id}-${opts.packaging}-`));
  const files = [...language.files(opts)];
  if (opts.packaging === 'image')
    files.push({ path: 'Dockerfile', content: language.dockerfile(opts), role: 'dockerfile' });
  files.push({ path: 'template.yaml', content: template(language, opts), role: 'template' });
  files.push({ path: '.gitignore', content: `${language.gitignore.join('\n')}\n`, role: 'gitignore' });
  for (const file of files) {
    assert.ok(!file.content.includes('\r'), `${file.path} has LF endings`);
    await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
    await writeFile(path.join(dir, file.path), file.content);
  }
  return dir;
}

async function lint(dir: string): Promise<Array<{ file: string; severity: string; code: string; message: string }>> {
  let out = '';
  await runLint(['--format', 'json', dir], { out: (text) => (out += text), err: (text) => (out += text) });
  return JSON.parse(out);
}

async function make(dir: string, ...args: string[]) {
  return execa('make', args, { cwd: dir, env: BUILD_ENV, reject: false, all: true });
}

/** The body of a `Hello` answer, checked for the shared shape. */
function hello(result: { json: unknown; requestId: string; functionError?: string }): string {
  assert.equal(result.functionError, undefined, JSON.stringify(result.json));
  const body = result.json as { message: string; requestId: string; remainingMs: number };
  assert.deepEqual(Object.keys(body), ['message', 'requestId', 'remainingMs']);
  assert.equal(body.requestId, result.requestId);
  assert.ok(Number.isInteger(body.remainingMs), `remainingMs ${body.remainingMs}`);
  assert.ok(body.remainingMs > 0 && body.remainingMs <= TIMEOUT_SECONDS * 1000, `remainingMs ${body.remainingMs}`);
  return body.message;
}

const INVALID = { errorMessage: 'event.name must be a string', errorType: 'InvalidEvent' };

/** Events whose `name` the runtime's JSON reader must find (or not) exactly as JSON.parse does. */
const TRICKY: Array<{ title: string; event: string }> = [
  {
    title: 'escapes, surrogate pairs, a nested name, brackets in strings',
    event: String.raw`{"nested":{"name":"inner"},"list":[1,{"name":2},"]}"],"name":"Wor\"ld\\ \u00e9 \ud83d\ude00 <b>&amp; \u0001\t\/"}`,
  },
  { title: 'raw UTF-8', event: '{ "name" : "Zürich 東京 🦀" }' },
  { title: 'the last duplicate key wins', event: '{"name":"first","name":"second"}' },
  { title: 'control characters come back escaped', event: String.raw`{"name":"a\nb\rc\u001fd\"e"}` },
];
const NOT_A_NAME: Array<{ title: string; event: string }> = [
  { title: 'only a nested name', event: '{"nested":{"name":"inner"}}' },
  { title: 'a number', event: '{"name":5}' },
  { title: 'null', event: '{"name":null}' },
  { title: 'an array', event: '["name"]' },
  { title: 'a trailing comma', event: '{"name":"x",}' },
  { title: 'text after the object', event: '{"name":"x"} {}' },
  { title: 'a leading zero', event: '{"n":01,"name":"x"}' },
  { title: 'nesting 100000 deep', event: `{"a":${'['.repeat(100000)}${']'.repeat(100000)},"name":"deep"}` },
];

/**
 * A second handler added to the written project before it is built, to see the runtime survive a panic or an
 * exception: the file to change, the text to add it after, the text added, the error type the runtime reports.
 */
const FAILING: Record<string, { file: string; after: string; add: string; errorType: string }> = {
  go: {
    file: 'handler.go',
    after: '"hello": Hello,',
    add: '\n\t"fail": func(*Context, []byte) (interface{}, error) { panic("boom") },',
    errorType: 'Runtime.Panic',
  },
  rust: {
    file: 'src/handler.rs',
    after: '("hello", hello)',
    add: ', ("fail", |_, _| panic!("boom"))',
    errorType: 'Runtime.Panic',
  },
  cpp: {
    file: 'handler.cpp',
    after: '{"hello", hello},',
    add: '\n    {"fail", [](const lambda::Context&, const std::string&) -> std::string { throw std::out_of_range("boom"); }},',
    errorType: 'std::out_of_range',
  },
};

for (const language of [go, rust, cpp]) {
  describe(`${language.label} scaffold, built and invoked`, { skip: missingToolchain(language) }, () => {
    let dir: string;
    let h: Harness;
    before(async () => {
      dir = await writeProject(language, options(language, 'zip', HOST_ARCH));
      const failing = FAILING[language.id];
      const handlerFile = path.join(dir, failing.file);
      const source = await readFile(handlerFile, 'utf8');
      assert.ok(source.includes(failing.after), `${failing.file} registers the handler as ${failing.after}`);
      await writeFile(handlerFile, source.replace(failing.after, failing.after + failing.add));
      const started = Date.now();
      const build = await make(dir);
      assert.equal(build.exitCode, 0, build.all);
      console.log(`# ${language.label}: make built ./bootstrap in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      h = await harness({
        functions: [
          {
            name: FUNCTION,
            bootstrap: path.join(dir, 'bootstrap'),
            handler: language.handler(options(language, 'zip', HOST_ARCH)),
            timeoutSeconds: TIMEOUT_SECONDS,
            architecture: HOST_ARCH,
            // A proxy for the function's own calls must not catch the runtime's calls to the local Runtime API.
            environment: {
              http_proxy: DEAD_PROXY,
              HTTP_PROXY: DEAD_PROXY,
              https_proxy: DEAD_PROXY,
              all_proxy: DEAD_PROXY,
            },
          },
        ],
      });
    });
    after(async () => {
      await h?.stop();
      if (h) assert.deepEqual(await survivors(h.pids), []);
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('answers the sample event with the message, the request id and the time left', async () => {
      const result = await h.emulator.invoke({ payload: Buffer.from('{"name": "World"}'), traceId: TRACE });
      const json = JSON.parse(Buffer.from(result.payload).toString('utf8'));
      assert.equal(hello({ ...result, json }), 'Hello, World!');
      assert.match(
        result.logs,
        new RegExp(`request ${result.requestId}, trace ${TRACE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`),
      );
    });

    it('gives each invocation its own _X_AMZN_TRACE_ID', async () => {
      const other = 'Root=1-00000000-000000000000000000000001;Sampled=0';
      const result = await h.emulator.invoke({ payload: Buffer.from('{"name":"again"}'), traceId: other });
      assert.match(result.logs, new RegExp(`, trace ${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    });

    it('posts an event without a string name as an InvalidEvent error and keeps serving', async () => {
      const failed = await h.invokeJson({});
      assert.equal(failed.functionError, 'Unhandled');
      assert.equal(failed.errorType, 'InvalidEvent', 'Lambda-Runtime-Function-Error-Type');
      assert.deepEqual(failed.json, INVALID);
      assert.match(failed.logs, /InvalidEvent: event.name must be a string\n/);
      assert.equal(hello(await h.invokeJson({ name: 'after' })), 'Hello, after!');
      assert.equal(h.pids.length, 1, 'one runtime process served every invocation');
    });

    for (const { title, event } of TRICKY) {
      it(`reads the name as JSON.parse does: ${title}`, async () => {
        const result = await h.emulator.invoke({ payload: Buffer.from(event) });
        const text = Buffer.from(result.payload).toString('utf8');
        assert.equal(hello({ ...result, json: JSON.parse(text) }), `Hello, ${JSON.parse(event).name}!`);
      });
    }

    it('reads a lone surrogate as U+FFFD', async () => {
      const result = await h.emulator.invoke({ payload: Buffer.from(String.raw`{"name":"\ud800x"}`) });
      assert.equal(
        hello({ ...result, json: JSON.parse(Buffer.from(result.payload).toString('utf8')) }),
        'Hello, \ufffdx!',
      );
    });

    for (const { title, event } of NOT_A_NAME) {
      it(`finds no string name in ${title}`, async () => {
        const result = await h.emulator.invoke({ payload: Buffer.from(event) });
        assert.equal(result.functionError, 'Unhandled');
        assert.deepEqual(JSON.parse(Buffer.from(result.payload).toString('utf8')), INVALID);
      });
    }

    it(`reports a ${FAILING[language.id].errorType} from the handler and keeps serving`, async () => {
      const fail = await harness({
        functions: [{ name: 'fail', bootstrap: path.join(dir, 'bootstrap'), handler: 'fail', timeoutSeconds: 5 }],
      });
      try {
        const result = await fail.invokeJson({ name: 'World' });
        assert.equal(result.functionError, 'Unhandled');
        assert.equal(result.errorType, FAILING[language.id].errorType);
        const body = result.json as { errorMessage: string; errorType: string };
        assert.equal(body.errorType, FAILING[language.id].errorType);
        assert.equal(body.errorMessage, 'boom');
        assert.equal((await fail.invokeJson({})).errorType, FAILING[language.id].errorType);
        assert.equal(fail.pids.length, 1, 'the same runtime process served both');
      } finally {
        await fail.stop();
        assert.deepEqual(await survivors(fail.pids), []);
      }
    });

    it('is still the same process after every bad event', () => {
      assert.equal(h.pids.length, 1);
    });

    it('posts an init error when _HANDLER names no handler, and the invocation gets it', async () => {
      const name = 'no"such\\handler';
      const broken = await harness({
        functions: [{ name: 'broken', bootstrap: path.join(dir, 'bootstrap'), handler: name, timeoutSeconds: 5 }],
      });
      try {
        const result = await broken.invokeJson({ name: 'World' });
        assert.equal(result.functionError, 'Unhandled');
        assert.equal(result.errorType, 'Runtime.HandlerNotFound');
        const body = result.json as { errorMessage: string; errorType: string };
        assert.equal(body.errorType, 'Runtime.HandlerNotFound');
        assert.ok(body.errorMessage.includes(JSON.stringify(name)), body.errorMessage);
        assert.ok(body.errorMessage.includes(language.handlerPath), body.errorMessage);
        assert.ok(result.initDurationMs !== undefined);
      } finally {
        await broken.stop();
        assert.deepEqual(await survivors(broken.pids), []);
      }
    });

    it('opens the handler file the template names as handlerPath, and it defines the handler', async () => {
      const text = await readFile(path.join(dir, language.handlerPath), 'utf8');
      assert.ok(text.includes(`"${language.handler(options(language, 'zip', HOST_ARCH))}"`));
    });
  });
}

describe('the Makefiles build for Lambda (sam build runs build-<Function>)', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(`Go cross-compiles a static ${OTHER_ARCH} bootstrap`, { skip: missingToolchain(go) }, async () => {
    const dir = await writeProject(go, options(go, 'zip', OTHER_ARCH));
    dirs.push(dir);
    const artifacts = path.join(dir, 'artifacts');
    const build = await make(dir, `build-${FUNCTION}`, `ARTIFACTS_DIR=${artifacts}`);
    assert.equal(build.exitCode, 0, build.all);
    const header = readExecutableHeader(readFileSync(path.join(artifacts, 'bootstrap')));
    assert.equal(header.format, 'elf');
    assert.equal(header.arch, OTHER_ARCH);
    assert.equal(header.interpreter, undefined, 'statically linked');
  });

  it(
    'C++ links libstdc++ into the Lambda build',
    { skip: missingToolchain(cpp) ?? (has('objdump') ? undefined : 'objdump is not installed') },
    async () => {
      const dir = await writeProject(cpp, options(cpp, 'zip', HOST_ARCH));
      dirs.push(dir);
      const artifacts = path.join(dir, 'artifacts');
      const build = await make(dir, `build-${FUNCTION}`, `ARTIFACTS_DIR=${artifacts}`);
      assert.equal(build.exitCode, 0, build.all);
      const needed = execFileSync('objdump', ['-p', path.join(artifacts, 'bootstrap')], { encoding: 'utf8' });
      assert.match(needed, /NEEDED\s+libcurl\.so\.4/);
      assert.doesNotMatch(needed, /NEEDED\s+libstdc\+\+/);
      assert.equal(readExecutableHeader(readFileSync(path.join(artifacts, 'bootstrap'))).arch, HOST_ARCH);
    },
  );

  it('Rust builds the static musl target, or says how to install it', { skip: missingToolchain(rust) }, async () => {
    const dir = await writeProject(rust, options(rust, 'zip', HOST_ARCH));
    dirs.push(dir);
    const artifacts = path.join(dir, 'artifacts');
    const triple = `${HOST_ARCH === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-musl`;
    const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
    const build = await make(dir, `build-${FUNCTION}`, `ARTIFACTS_DIR=${artifacts}`);
    if (existsSync(path.join(sysroot, 'lib', 'rustlib', triple))) {
      assert.equal(build.exitCode, 0, build.all);
      const header = readExecutableHeader(readFileSync(path.join(artifacts, 'bootstrap')));
      assert.equal(header.arch, HOST_ARCH);
      assert.equal(header.interpreter, undefined, 'statically linked');
    } else {
      assert.equal(build.exitCode, 2, build.all);
      assert.match(build.all ?? '', new RegExp(`rustup target add ${triple}`));
      assert.equal(existsSync(path.join(artifacts, 'bootstrap')), false);
    }
  });

  it('Rust: the JSON reader passes its own cargo tests', { skip: missingToolchain(rust) }, async () => {
    const dir = await writeProject(rust, options(rust, 'zip', HOST_ARCH));
    dirs.push(dir);
    const test = await execa('cargo', ['test', '--offline', '--quiet'], {
      cwd: dir,
      env: BUILD_ENV,
      reject: false,
      all: true,
    });
    assert.equal(test.exitCode, 0, test.all);
    assert.match(test.all ?? '', /test result: ok\. [1-9]\d* passed; 0 failed/);
  });

  it(
    'refuses to build for sam without ARTIFACTS_DIR',
    { skip: has('make') ? undefined : 'make is not installed' },
    async () => {
      const dir = await writeProject(go, options(go, 'zip', HOST_ARCH));
      dirs.push(dir);
      const build = await make(dir, `build-${FUNCTION}`, 'ARTIFACTS_DIR=');
      assert.equal(build.exitCode, 2);
      assert.match(build.all ?? '', /ARTIFACTS_DIR is not set/);
    },
  );
});

describe('the compiled scaffolds lint clean', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  for (const language of [go, rust, cpp]) {
    for (const packaging of ['zip', 'image'] as const) {
      for (const architecture of ['x86_64', 'arm64'] as const) {
        it(`${language.label}, ${packaging}, ${architecture}: nothing above info`, async () => {
          const dir = await writeProject(language, options(language, packaging, architecture));
          dirs.push(dir);
          const findings = await lint(dir);
          const serious = findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
          assert.deepEqual(serious, []);
          if (packaging === 'image') {
            const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
            const platform = architecture === 'arm64' ? 'linux/arm64' : 'linux/amd64';
            const froms = dockerfile.split('\n').filter((line) => line.startsWith('FROM '));
            assert.equal(froms.length, 2, 'a build stage and the Lambda stage');
            for (const from of froms) assert.ok(from.startsWith(`FROM --platform=${platform} `), from);
            assert.match(froms[1], / public\.ecr\.aws\/lambda\/provided:al2023$/);
          }
        });
      }
    }
  }

  it('would have seen a broken Dockerfile (the lint is not blind)', async () => {
    const dir = await writeProject(go, options(go, 'image', HOST_ARCH));
    dirs.push(dir);
    const file = path.join(dir, 'Dockerfile');
    await writeFile(file, (await readFile(file, 'utf8')).replace('CMD [ "hello" ]', 'CMD hello world'));
    const codes = (await lint(dir)).map((finding) => finding.code);
    assert.ok(codes.includes('docker-cmd-handler'), codes.join(', '));
  });

  it('gives al2 images their own base and build stage', () => {
    for (const language of [go, rust, cpp]) {
      const text = language.dockerfile({ ...options(language, 'image', 'arm64'), base: 'provided.al2' });
      assert.match(text, /^FROM --platform=linux\/arm64 public\.ecr\.aws\/lambda\/provided:al2$/m);
    }
    assert.match(
      cpp.dockerfile({ ...options(cpp, 'image', 'x86_64'), base: 'provided.al2' }),
      /amazonlinux:2 AS build\nRUN yum /,
    );
  });
});
