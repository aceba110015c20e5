// Templates that once drew a false sam-no-bootstrap (a bootstrap from a layer, a CodeUri a build step makes, a
// Makefile pattern rule) or hid a real one (YAML merge keys), and templates that are no template at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lintTemplate, TEMPLATE_SYNTAX_RULE } from '../../../../src/core/lint/sam';
import { DEFAULT_LINT_OPTIONS, type Finding } from '../../../../src/core/lint/types';
import { REPO_ROOT } from '../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'sam');

async function lintProject(name: string): Promise<Finding[]> {
  const file = path.join(FIXTURES, name, 'template.yaml');
  const text = readFileSync(file, 'utf8');
  return lintTemplate({ file, text, bytes: Buffer.from(text) }, DEFAULT_LINT_OPTIONS);
}

const lintText = (text: string, bytes: Uint8Array = Buffer.from(text)) =>
  lintTemplate({ file: '/nowhere/template.yaml', text, bytes }, DEFAULT_LINT_OPTIONS);

describe('sam-no-bootstrap and layers', () => {
  it('accepts a bootstrap from a published layer or from a layer of the template, and names layers otherwise', async () => {
    const findings = await lintProject('layers');
    assert.deepEqual(
      findings.map((finding) => finding.message.split(' ')[0]),
      ['NoBootstrapFunction'],
    );
    assert.match(findings[0]!.message, /has no bootstrap \(nor has any of its layers\)/);
  });
});

describe('sam-no-bootstrap and build output', () => {
  it('is quiet on a CodeUri a build step makes (target/lambda/…, dist/….zip), not on a missing source folder', async () => {
    const findings = await lintProject('build-output');
    assert.deepEqual(
      findings.map((finding) => finding.message),
      ['TypoFunction: its CodeUri folder scr/typo-function does not exist, so the function has no bootstrap.'],
    );
  });
});

describe('sam-no-bootstrap with YAML merge keys', () => {
  it('sees properties merged from an anchor (`<<: *function`), as SAM CLI does', async () => {
    const findings = await lintProject('merge-keys');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.code, 'sam-no-bootstrap');
    assert.match(findings[0]!.message, /^MergedFunction runs on provided\.al2023/);
  });
});

describe('sam-no-bootstrap with BuildMethod makefile', () => {
  it('accepts a pattern rule (`build-%:`) and a Makefile that includes another', async () => {
    assert.deepEqual(await lintProject('makefile-pattern'), []);
  });
});

describe('templates that are no template', () => {
  it('a file with NUL bytes is skipped with one finding', async () => {
    const bytes = Buffer.concat([Buffer.from('Resources:\n'), Buffer.alloc(64), Buffer.from('\xff\xfe garbage\n')]);
    const findings = await lintText(new TextDecoder().decode(bytes), bytes);
    assert.deepEqual(
      findings.map((finding) => finding.code),
      ['file-skipped'],
    );
    assert.match(findings[0]!.message, /NUL bytes/);
  });

  it('deep nesting is refused before parsing, whatever the form, quickly and without a crash', async () => {
    const flow = `Resources: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    const block = `Resources:\n${Array.from({ length: 900 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:\n`).join('')}`;
    const dashes = `Resources:\n${Array.from({ length: 900 }, (_, i) => `${' '.repeat(i + 1)}-\n`).join('')}`;
    for (const text of [flow, block, dashes]) {
      const started = Date.now();
      const findings = await lintText(text);
      assert.ok(Date.now() - started < 2000);
      assert.equal(findings.length, 1);
      assert.equal(findings[0]!.code, TEMPLATE_SYNTAX_RULE);
      assert.match(findings[0]!.message, /nests deeper than 200 levels/);
    }
  });

  it('reports at most 10 YAML errors, each message short', async () => {
    const text = `Resources:\n${'  "unterminated: [x\n\t bad: {{{ x\n'.repeat(200)}`;
    const findings = await lintText(text);
    assert.ok(findings.length > 0 && findings.length <= 10, String(findings.length));
    for (const finding of findings) assert.ok(finding.message.length < 260, finding.message);
  });

  it('an alias bomb says what it is', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i += 1) {
      const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const findings = await lintText(lines.join('\n'));
    assert.match(findings[0]!.message, /aliases .* expand to too much data/);
  });
});

describe('sam-no-bootstrap and a bootstrap built outside sam', () => {
  it('is quiet when .gitignore keeps bootstrap out of git, and tells how to build Go sources otherwise', async () => {
    const findings = await lintProject('gitignored');
    assert.deepEqual(
      findings.map((finding) => finding.message.split(' ')[0]),
      ['GoFunction'],
    );
    assert.match(findings[0]!.message, /GOOS=linux go build -o bootstrap\), or set Metadata\.BuildMethod: go1\.x/);
  });
});
