// The Dockerfile linter with its surroundings (a template that overrides CMD/ENTRYPOINT) and on bad input.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintDockerfile } from '../../../../src/core/lint/docker';
import { DEFAULT_LINT_OPTIONS } from '../../../../src/core/lint/types';

const work = mkdtempSync(path.join(tmpdir(), 'lrk-docker-'));
after(() => rmSync(work, { recursive: true, force: true }));

const NO_CMD = 'FROM public.ecr.aws/lambda/provided:al2023\nCOPY bootstrap ${LAMBDA_RUNTIME_DIR}\n';

function lintText(file: string, text: string, bytes: Uint8Array = Buffer.from(text)) {
  return lintDockerfile({ file, text, bytes }, DEFAULT_LINT_OPTIONS);
}

function templateWith(imageConfig: string): string {
  return [
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      PackageType: Image',
    imageConfig,
    '    Metadata:',
    '      DockerContext: ./fn',
    '',
  ].join('\n');
}

describe('lintDockerfile with a template around', () => {
  it('does not ask for a CMD when the template sets ImageConfig.Command', async () => {
    const root = path.join(work, 'command');
    mkdirSync(path.join(root, 'fn'), { recursive: true });
    writeFileSync(path.join(root, '.git'), '');
    writeFileSync(
      path.join(root, 'template.yaml'),
      templateWith('      ImageConfig:\n        Command: ["function.handler"]'),
    );
    const dockerfile = path.join(root, 'fn', 'Dockerfile');
    writeFileSync(dockerfile, NO_CMD);
    assert.deepEqual(
      (await lintText(dockerfile, NO_CMD)).map((f) => f.code),
      [],
    );
  });

  it('still asks for it when the template does not', async () => {
    const root = path.join(work, 'no-command');
    mkdirSync(path.join(root, 'fn'), { recursive: true });
    writeFileSync(path.join(root, '.git'), '');
    writeFileSync(path.join(root, 'template.yaml'), templateWith('      MemorySize: 256'));
    const dockerfile = path.join(root, 'fn', 'Dockerfile');
    writeFileSync(dockerfile, NO_CMD);
    assert.deepEqual(
      (await lintText(dockerfile, NO_CMD)).map((f) => f.code),
      ['docker-cmd-handler'],
    );
  });
});

describe('lintDockerfile on bad input', () => {
  const file = path.join(work, 'Dockerfile');

  it('empty, whitespace, a BOM: no crash', async () => {
    for (const text of ['', '\n\n', '\ufeffFROM public.ecr.aws/lambda/provided:al2023\n', '# only a comment\n']) {
      assert.ok(Array.isArray(await lintText(file, text)));
    }
  });

  it('binary and invalid UTF-8: no crash', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 131 + 7) & 0xff;
    const findings = await lintText(file, new TextDecoder().decode(bytes), bytes);
    assert.ok(Array.isArray(findings));
    const invalid = Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xc3, 0x28, 0xff, 0x0a]);
    assert.ok(Array.isArray(await lintText(file, new TextDecoder().decode(invalid), invalid)));
  });

  it('a file far bigger than any Dockerfile is skipped with a finding, quickly', async () => {
    const text = `FROM alpine\n${'RUN echo hello world && dnf install -y jq\n'.repeat(250_000)}`; // about 10 MB
    const started = Date.now();
    const findings = await lintText(file, text);
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(
      findings.map((f) => f.code),
      ['file-skipped'],
    );
  });

  it('the largest Dockerfile it lints takes a bounded time', async (t) => {
    const line = 'RUN echo hello world && dnf install -y jq\n';
    const text = `FROM public.ecr.aws/lambda/provided:al2023\n${line.repeat(Math.floor((250 * 1024) / line.length))}CMD ["h"]\n`;
    const started = Date.now();
    const findings = await lintText(file, text);
    const elapsed = Date.now() - started;
    t.diagnostic(`250 KB Dockerfile linted in ${elapsed} ms`);
    assert.ok(elapsed < 10_000, `${elapsed} ms`);
    assert.ok(!findings.some((f) => f.code === 'file-skipped'));
  });
});
