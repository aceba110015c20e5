import { execa } from 'execa';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { runInvoke } from '../../src/cli/invoke';
import { lintDocument, readLintDocument } from '../../src/core/lint/engine';
import { DEFAULT_LINT_OPTIONS } from '../../src/core/lint/types';
import { SAMPLE_EVENTS } from '../../src/core/scaffold/events';
import { eventSnippetPrefix, jsonSnippetFile } from '../../src/core/scaffold/events/snippets';
import { captureIO } from './emulator/conformance/support';
import { manifest, REPO_ROOT } from './helpers';
import { expandSnippet } from './snippet-expand';

interface Snippet {
  prefix: string | string[];
  description?: string;
  body: string | string[];
}

const SNIPPETS_DIR = path.join(REPO_ROOT, 'snippets');

function readSnippets(name: string): Record<string, Snippet> {
  return JSON.parse(readFileSync(path.join(SNIPPETS_DIR, name), 'utf8'));
}

function bodyText(snippet: Snippet): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lrk-snippets-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface CapturedRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Runs `script` with bash and real curl against a local HTTP server standing in for the Runtime API. */
async function runAgainstRuntimeApi(dir: string, script: string, env: Record<string, string>) {
  let request: CapturedRequest | undefined;
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      request = { url: incoming.url ?? '', headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') };
      response.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const file = path.join(dir, 'fragment.sh');
    await writeFile(file, `${script}\n`);
    const result = await execa('bash', [file], {
      reject: false,
      env: { ...env, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}` },
    });
    return { status: result.exitCode, stderr: result.stderr, request };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const shellcheckInstalled = execa('shellcheck', ['--version'], { reject: false }).then(
  (result) => result.exitCode === 0,
  () => false,
);

describe('snippets', () => {
  const files = readdirSync(SNIPPETS_DIR).filter((name) => name.endsWith('.json'));

  it('has the snippet files each language needs, every one contributed in package.json', () => {
    for (const name of ['shellscript.json', 'dockerfile.json', 'json.json']) assert.ok(files.includes(name), name);
    const contributed = new Map(
      (manifest.contributes.snippets as { language: string; path: string }[]).map((entry) => [
        path.normalize(entry.path),
        entry.language,
      ]),
    );
    for (const name of files) {
      const language = contributed.get(path.normalize(`./snippets/${name}`));
      assert.equal(language, name.replace(/\.json$/, ''), `snippets/${name} is not contributed for its language`);
    }
  });

  it('gives every snippet a description, a body and prefixes unique across all files', () => {
    const seen = new Map<string, string>();
    for (const file of files) {
      for (const [name, snippet] of Object.entries(readSnippets(file))) {
        assert.ok(snippet.description && snippet.description.length > 0, `${file}: ${name} has no description`);
        assert.ok(bodyText(snippet).trim().length > 0, `${file}: ${name} has no body`);
        const prefixes = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
        assert.ok(prefixes.length > 0, name);
        for (const prefix of prefixes) {
          assert.match(prefix, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${file}: ${name}: prefix '${prefix}'`);
          assert.ok(!seen.has(prefix), `prefix '${prefix}' of ${file}: ${name} is also ${seen.get(prefix)}`);
          seen.set(prefix, `${file}: ${name}`);
        }
      }
    }
  });

  it('keeps snippets/json.json in step with the event catalogue (npx tsx scripts/sync-snippets.ts)', () => {
    assert.equal(readFileSync(path.join(SNIPPETS_DIR, 'json.json'), 'utf8'), jsonSnippetFile());
  });

  it('expands every JSON snippet to exactly its catalogue event', () => {
    const snippets = Object.values(readSnippets('json.json'));
    assert.equal(snippets.length, SAMPLE_EVENTS.length);
    for (const sample of SAMPLE_EVENTS) {
      const snippet = snippets.find((candidate) => candidate.prefix.includes(eventSnippetPrefix(sample.source)));
      assert.ok(snippet, `no snippet for ${sample.source}`);
      const expanded = expandSnippet(bodyText(snippet));
      assert.deepEqual(JSON.parse(expanded), JSON.parse(sample.json), sample.source);
      assert.equal(`${expanded}\n`, sample.json, sample.source);
    }
  });

  it('expands the shell snippets to valid bash that ShellCheck passes', async (t) => {
    const snippets = readSnippets('shellscript.json');
    assert.ok(Object.keys(snippets).length >= 3);
    const texts = Object.values(snippets).map((snippet) => bodyText(snippet));
    assert.ok(
      texts.some((text) => text.includes('/runtime/invocation/next')),
      'no event loop snippet',
    );
    assert.ok(
      texts.some((text) => /\/runtime\/invocation\/.*\/error/.test(text)),
      'no invocation error snippet',
    );
    assert.ok(
      texts.some((text) => text.includes('/runtime/init/error')),
      'no init error snippet',
    );
    const shellcheck = await shellcheckInstalled;
    await withTempDir(async (dir) => {
      for (const [name, snippet] of Object.entries(snippets)) {
        const script = path.join(dir, 'bootstrap');
        const expanded = expandSnippet(bodyText(snippet));
        // A whole bootstrap stands alone; the fragments run inside a bootstrap with a handler function.
        const text = expanded.startsWith('#!')
          ? `${expanded}\n`
          : `#!/bin/bash\nset -euo pipefail\nhandler() { echo ok; }\n${expanded}\n`;
        await writeFile(script, text);
        const syntax = await execa('bash', ['-n', script], { reject: false });
        assert.equal(syntax.exitCode, 0, `${name} does not expand to valid bash: ${syntax.stderr}`);
        if (!shellcheck) continue;
        const check = await execa('shellcheck', ['--shell=bash', script], { reject: false });
        assert.equal(check.exitCode, 0, `ShellCheck on ${name}:\n${check.stdout}`);
      }
    });
    if (!shellcheck) t.skip('ShellCheck is not installed: only bash -n checked the shell snippets');
  });

  it('posts proper error JSON with curl from the error snippets, as the Runtime API expects', async () => {
    const snippets = readSnippets('shellscript.json');
    const find = (prefix: string) => {
      const found = Object.values(snippets).find((snippet) => snippet.prefix.includes(prefix));
      assert.ok(found, `no snippet ${prefix}`);
      return bodyText(found);
    };
    // Error messages come from the handler's output: quotes, backslashes, tabs and newlines included.
    const message = 'He said "no" \\ then\tleft\nfor good';
    await withTempDir(async (dir) => {
      const invocation = await runAgainstRuntimeApi(
        dir,
        expandSnippet(find('lambda-invocation-error'), { 1: '$HANDLER_ERROR' }),
        {
          REQUEST_ID: '8476a536-e9f4-11e8-9739-2dfe598c3fcd',
          HANDLER_ERROR: message,
        },
      );
      assert.equal(invocation.status, 0, invocation.stderr);
      assert.equal(
        invocation.request?.url,
        '/2018-06-01/runtime/invocation/8476a536-e9f4-11e8-9739-2dfe598c3fcd/error',
      );
      assert.equal(invocation.request?.headers['lambda-runtime-function-error-type'], 'HandlerError');
      assert.deepEqual(JSON.parse(invocation.request?.body ?? ''), {
        errorMessage: 'He said "no" \\ then left for good',
        errorType: 'HandlerError',
        stackTrace: [],
      });

      const init = await runAgainstRuntimeApi(dir, expandSnippet(find('lambda-init-error')), {
        _HANDLER: 'missing.handler',
        LAMBDA_TASK_ROOT: dir,
      });
      assert.equal(init.status, 1, 'the bootstrap must exit after an init error');
      assert.equal(init.request?.url, '/2018-06-01/runtime/init/error');
      assert.equal(init.request?.headers['lambda-runtime-function-error-type'], 'Runtime.InitError');
      const error = JSON.parse(init.request?.body ?? '');
      assert.equal(error.errorType, 'Runtime.InitError');
      assert.equal(error.errorMessage, `Cannot load the handler ${dir}/missing.sh`);
    });
  });

  it('expands the bootstrap snippet to a runtime the linter passes and the emulator runs as Lambda would', async () => {
    const snippet = Object.values(readSnippets('shellscript.json')).find((entry) =>
      entry.prefix.includes('lambda-bootstrap'),
    );
    assert.ok(snippet, 'no lambda-bootstrap snippet');
    await withTempDir(async (dir) => {
      const bootstrap = path.join(dir, 'bootstrap');
      await writeFile(bootstrap, `${expandSnippet(bodyText(snippet))}\n`);
      await chmod(bootstrap, 0o755);
      await writeFile(
        path.join(dir, 'function.sh'),
        [
          'handler() {',
          '  case "$1" in',
          '    *fail*) echo "no \\"name\\" given" >&2; return 3 ;;',
          '    *) printf \'{"trace":"%s","deadline":"%s","event":%s}\' "$_X_AMZN_TRACE_ID" "$LAMBDA_RUNTIME_DEADLINE_MS" "$1" ;;',
          '  esac',
          '}',
          '',
        ].join('\n'),
      );
      const findings = await lintDocument(await readLintDocument(bootstrap), DEFAULT_LINT_OPTIONS, 'bootstrap');
      assert.deepEqual(
        findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning'),
        [],
      );

      const invoke = async (event: string, handler = 'function.handler') => {
        const io = captureIO();
        const status = await runInvoke(['--bootstrap', bootstrap, '--handler', handler, '--event', '-'], io.io, {
          stdin: Readable.from([event]),
        });
        return { status, stdout: io.stdout(), stderr: io.stderr() };
      };
      const ok = await invoke('{"name":"World"}');
      assert.equal(ok.status, 0, ok.stderr);
      const response = JSON.parse(ok.stdout);
      assert.deepEqual(response.event, { name: 'World' });
      assert.match(response.trace, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}/);
      assert.ok(Number(response.deadline) > Date.now() - 60_000, `deadline ${response.deadline}`);

      const failed = await invoke('{"fail":true}');
      assert.equal(failed.status, 1);
      assert.deepEqual(JSON.parse(failed.stdout), {
        errorMessage: 'no "name" given',
        errorType: 'HandlerError',
        stackTrace: [],
      });
      assert.match(failed.stderr, /no "name" given/, "the handler's stderr is in the log");

      const init = await invoke('{}', 'missing.handler');
      assert.equal(init.status, 1);
      const initError = JSON.parse(init.stdout);
      assert.equal(initError.errorType, 'Runtime.InitError');
      assert.match(initError.errorMessage, /Cannot load handler from .*missing\.sh/);
    });
  });

  it('expands the Dockerfile snippets to images our linter passes, on a provided base with --platform', async () => {
    const snippets = readSnippets('dockerfile.json');
    assert.ok(Object.keys(snippets).length >= 2);
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'bootstrap'), '#!/bin/sh\nexec ./handler\n');
      await chmod(path.join(dir, 'bootstrap'), 0o755);
      await writeFile(path.join(dir, 'function.sh'), 'handler() { echo "$1"; }\n');
      for (const [name, snippet] of Object.entries(snippets)) {
        const text = expandSnippet(bodyText(snippet));
        const froms = text.split('\n').filter((line) => line.startsWith('FROM '));
        for (const from of froms) assert.match(from, /^FROM --platform=linux\/(amd64|arm64) /, `${name}: ${from}`);
        assert.match(froms.at(-1) ?? '', / public\.ecr\.aws\/lambda\/provided:al(2023|2)\b/, name);
        assert.match(text, /\$\{LAMBDA_RUNTIME_DIR\}\/bootstrap/, name);
        assert.match(text, /^CMD \[ "[^"]+" \]$/m, name);
        const file = path.join(dir, 'Dockerfile');
        await writeFile(file, `${text}\n`);
        const findings = await lintDocument(await readLintDocument(file), DEFAULT_LINT_OPTIONS, 'dockerfile');
        const serious = findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
        assert.deepEqual(
          serious.map((finding) => `${finding.code}: ${finding.message}`),
          [],
          `${name} lints with findings`,
        );
      }
    });
  });

  it('expands as the editor does: escapes, defaults, choices and mirrors', () => {
    assert.equal(expandSnippet('a \\$HOME \\\\ \\} ${1:x} $1 ${2|p,q|} $2 $0'), 'a $HOME \\ } x x p p ');
    assert.throws(() => expandSnippet('echo $HOME'), /unescaped variable/);
    assert.throws(() => expandSnippet('${1:x'), /unclosed/);
    assert.ok(existsSync(path.join(SNIPPETS_DIR, 'shellscript.json')));
  });
});
