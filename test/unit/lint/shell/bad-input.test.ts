// Bad input never crashes the shell linter and never hangs it: empty files, binary garbage, invalid UTF-8, a
// byte-order mark, and large files, each within a bounded time.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { SHELL_PARSE_LIMIT, shellcheckStatus } from '../../../../src/core/lint/shell';
import type { Finding } from '../../../../src/core/lint/types';
import { codes, fixtureText, lintText, NO_SHELLCHECK, ofRule } from './helpers';

/** Lints bytes decoded as an editor would, and checks that it finished within `limitMs`. */
async function lintBytes(bytes: Uint8Array, limitMs: number): Promise<Finding[]> {
  const text = new TextDecoder('utf-8').decode(bytes);
  const started = performance.now();
  const findings = await lintText(text, { bytes });
  const elapsed = performance.now() - started;
  assert.ok(elapsed < limitMs, `took ${elapsed.toFixed(0)} ms, limit ${limitMs} ms`);
  for (const finding of findings) {
    assert.ok(finding.range.start.line >= 0 && finding.range.start.character >= 0);
    assert.equal(typeof finding.message, 'string');
  }
  return findings;
}

describe('the shell linter on bad input', () => {
  it('reports an empty file as a bootstrap without shebang, with a fix', async () => {
    const findings = await lintBytes(new Uint8Array(), 5000);
    assert.deepEqual(codes(findings), ['shebang']);
    assert.match(findings[0]!.message, /empty/);
    assert.ok((findings[0]!.fixes ?? []).length > 0);
  });

  it('copes with whitespace only and a lone shebang', async () => {
    assert.deepEqual(codes(await lintBytes(new TextEncoder().encode('\n\n   \n'), 5000)), ['shebang']);
    assert.deepEqual(await lintBytes(new TextEncoder().encode('#!/bin/sh'), 5000), []);
    assert.deepEqual(codes(await lintBytes(new TextEncoder().encode('#!'), 5000)), ['shebang']);
  });

  it('survives 64 KB of random bytes', async () => {
    const findings = await lintBytes(randomBytes(64 * 1024), 10_000);
    assert.ok(findings.length > 0, 'garbage without a shebang is reported');
    assert.ok(ofRule(findings, 'syntax').length <= 20, 'syntax findings are capped');
  });

  it('survives invalid UTF-8 (decoded to U+FFFD) in a script', async () => {
    const script = Buffer.concat([
      Buffer.from('#!/bin/sh\necho "'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]),
      Buffer.from(
        '"\nwhile true; do\n  curl -sS "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next"\ndone\n',
      ),
    ]);
    const findings = await lintBytes(script, 5000);
    assert.deepEqual(ofRule(findings, 'syntax'), []);
    assert.deepEqual(codes(findings), ['no-response-post', 'no-error-reporting']);
  });

  it('reports a byte-order mark found in the bytes even when the text has none', async () => {
    const bytes = Buffer.from('\xef\xbb\xbf#!/bin/sh\necho hi\n', 'latin1');
    const findings = await lintBytes(bytes, 5000);
    assert.deepEqual(codes(findings), ['shebang']);
    assert.match(findings[0]!.message, /byte-order mark/);
  });

  it('keeps positions in UTF-16 units after characters outside the BMP', async () => {
    const text = '#!/bin/bash\nset -u\necho "😀😀 $NOPE"\n';
    const [finding] = ofRule(await lintText(text), 'unset-variable');
    assert.ok(finding !== undefined);
    const line = text.split('\n')[2]!;
    assert.deepEqual(finding.range.start, { line: 2, character: line.indexOf('$NOPE') });
    assert.equal(line.indexOf('$NOPE'), 11, 'each emoji is two UTF-16 units');
  });

  it('lints a 1 MB script in bounded time', async () => {
    const block = fixtureText('no-event-loop/good').split('\n').slice(2).join('\n');
    let text = '#!/bin/bash\nset -euo pipefail\n';
    while (text.length < 1024 * 1024) text += block;
    const findings = await lintBytes(new TextEncoder().encode(text), 20_000);
    assert.deepEqual(ofRule(findings, 'syntax'), []);
  });

  it('skips parsing a 10 MB file with a finding that says why, in bounded time', async () => {
    const line = 'echo "padding padding padding padding padding padding padding padding padding"\n';
    const text = `#!/bin/sh\r\n${line.repeat(Math.ceil((10 * 1024 * 1024) / line.length))}`;
    assert.ok(text.length > SHELL_PARSE_LIMIT);
    const findings = await lintBytes(new TextEncoder().encode(text), 10_000);
    assert.deepEqual(codes(findings).sort(), ['crlf', 'file-skipped']);
    assert.match(ofRule(findings, 'file-skipped')[0]!.message, /10\.\d MB, over the 2 MB limit/);
  });

  it('gives up on 20,000 nested `$(` (60 KB) with a file-skipped that says why, ShellCheck not started', async () => {
    const depth = 20_000;
    const text = `#!/bin/sh\necho ${'$('.repeat(depth)}echo x${')'.repeat(depth)}\n`;
    const options = { ...NO_SHELLCHECK, shellcheck: { enabled: true, path: '/nonexistent/shellcheck-must-not-run' } };
    const findings = await lintText(text, { options });
    assert.deepEqual(codes(findings), ['file-skipped']);
    assert.match(findings[0]!.message, /nested 20000 levels deep, over the limit of 200/);
    assert.equal(shellcheckStatus('/nonexistent/shellcheck-must-not-run').state, 'unknown');
  });

  it('gives up on 5,000 nested `if`s, and lints substitutions nested 150 deep', async () => {
    const text = `#!/bin/sh\n${'if a; then\n'.repeat(5000)}echo x\n${'fi\n'.repeat(5000)}`;
    const findings = await lintText(text);
    assert.deepEqual(codes(findings), ['file-skipped']);
    assert.match(findings[0]!.message, /nested more than 1000 levels deep/);
    const nested = `#!/bin/sh\necho ${'$('.repeat(150)}echo x${')'.repeat(150)}\n`;
    assert.deepEqual(await lintText(nested), []);
  });

  it('does not grow memory when the same script is linted many times', async () => {
    const text = fixtureText('tutorial/bootstrap');
    for (let round = 0; round < 50; round++) await lintText(text);
    global.gc?.();
    const before = process.memoryUsage().rss;
    for (let round = 0; round < 300; round++) await lintText(text);
    global.gc?.();
    const grown = (process.memoryUsage().rss - before) / (1024 * 1024);
    assert.ok(grown < 64, `rss grew by ${grown.toFixed(1)} MB over 300 lints`);
  });
});
