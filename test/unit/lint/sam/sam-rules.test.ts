// sam-no-bootstrap and template syntax errors, on fixture projects under test/fixtures/lint/sam.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { LintDocument } from '../../../../src/core/lint/document';
import { RULES } from '../../../../src/core/lint/rules';
import { lintTemplate, TEMPLATE_SYNTAX_RULE } from '../../../../src/core/lint/sam';
import { DEFAULT_LINT_OPTIONS, type Finding } from '../../../../src/core/lint/types';
import { REPO_ROOT } from '../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'sam');

function documentOf(file: string, text = readFileSync(file, 'utf8')): LintDocument {
  return { file, text, bytes: Buffer.from(text) };
}

async function lintProject(name: string): Promise<Finding[]> {
  return lintTemplate(documentOf(path.join(FIXTURES, name, 'template.yaml')), DEFAULT_LINT_OPTIONS);
}

describe('sam-no-bootstrap', () => {
  it('is a declared rule, an error by default', () => {
    assert.equal(RULES.find((rule) => rule.id === 'sam-no-bootstrap')?.severity, 'error');
  });

  it('is quiet when the CodeUri folder holds bootstrap (and ignores other runtimes)', async () => {
    assert.deepEqual(await lintProject('good'), []);
  });

  it('fires on a CodeUri without bootstrap, on the CodeUri value, naming a look-alike file', async () => {
    const findings = await lintProject('missing');
    const hello = findings.find((finding) => finding.message.startsWith('HelloFunction'));
    assert.ok(hello);
    assert.equal(hello.code, 'sam-no-bootstrap');
    assert.equal(hello.severity, 'error');
    assert.deepEqual(hello.range.start, { line: 6, character: 15 });
    assert.match(hello.message, /provided\.al2/);
    assert.match(hello.message, /There is bootstrap\.sh/);
  });

  it('fires when the CodeUri folder does not exist', async () => {
    const findings = await lintProject('missing');
    assert.ok(
      findings.some((finding) =>
        /GoneFunction: its CodeUri folder does-not-exist does not exist/.test(finding.message),
      ),
    );
  });

  it('fires when bootstrap is a folder', async () => {
    const [finding] = await lintProject('folder-bootstrap');
    assert.match(finding.message, /is a folder/);
  });

  it('with BuildMethod makefile, wants a build-<LogicalId> target instead of a bootstrap', async () => {
    assert.deepEqual(await lintProject('makefile-good'), []);
    const [noTarget] = await lintProject('makefile-no-target');
    assert.equal(noTarget.code, 'sam-no-bootstrap');
    assert.match(noTarget.message, /no build-HelloFunction target/);
    const [noMakefile] = await lintProject('makefile-none');
    assert.match(noMakefile.message, /has no Makefile/);
  });

  it('trusts the other builders (go1.x...) to produce the bootstrap', async () => {
    assert.deepEqual(await lintProject('builder'), []);
  });

  it('checks the editor text, not the saved file', async () => {
    const file = path.join(FIXTURES, 'good', 'template.yaml');
    const edited = readFileSync(file, 'utf8').replace('CodeUri: hello/', 'CodeUri: elsewhere/');
    const findings = await lintTemplate(documentOf(file, edited), DEFAULT_LINT_OPTIONS);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /elsewhere does not exist/);
  });
});

describe('template syntax errors', () => {
  it(`are reported as ${TEMPLATE_SYNTAX_RULE} errors where they are`, async () => {
    const findings = (await lintProject('syntax')).filter((finding) => finding.code !== 'sam-no-bootstrap');
    assert.ok(findings.length > 0);
    for (const finding of findings) {
      assert.equal(finding.code, TEMPLATE_SYNTAX_RULE);
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /^YAML error: /);
    }
    assert.equal(findings[0].range.start.line, 7);
  });

  it('do not come from CloudFormation short-form tags', async () => {
    const text = [
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      '  NotProd: !Not [!Condition IsProd]',
      '  Both: !And [!Condition IsProd, !Or [!Condition IsProd, !Condition NotProd]]',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: !If [IsProd, a/, b/]',
      '      Runtime: python3.12',
      '      Environment:',
      '        Variables:',
      '          A: !Select [0, !GetAZs ""]',
      '          B: !Join [",", !Split ["|", "a|b"]]',
      '          C: !FindInMap [M, K, V]',
      '          D: !ImportValue Shared',
      '          E: !Base64 text',
      '          F: !Cidr [10.0.0.0/16, 2, 8]',
      '          G: !GetAtt Other.Arn',
      '          H: !Sub ["${X}", { X: !Ref AWS::Region }]',
    ].join('\n');
    const findings = await lintTemplate(documentOf('/nowhere/template.yaml', text), DEFAULT_LINT_OPTIONS);
    assert.deepEqual(findings, []);
  });
});

describe('bad input', () => {
  const lintText = (text: string, bytes: Uint8Array = Buffer.from(text)) =>
    lintTemplate({ file: '/nowhere/template.yaml', text, bytes }, DEFAULT_LINT_OPTIONS);

  it('an empty template, a scalar, a list: no crash, no finding', async () => {
    for (const text of [
      '',
      '   \n',
      'just a string',
      '- a\n- b\n',
      'Resources: 3\n',
      'Resources:\n  X: 1\n  Y:\n    Type: 3\n',
    ]) {
      assert.deepEqual(await lintText(text), [], JSON.stringify(text));
    }
  });

  it('binary and invalid UTF-8: findings, never an exception', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0x0a, 0x3a, 0x5b, 0x7b]);
    const findings = await lintText(new TextDecoder().decode(bytes), bytes);
    assert.ok(Array.isArray(findings));
  });

  it('a billion-laughs alias bomb is refused, not expanded', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i += 1)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    const started = Date.now();
    const findings = await lintText(lines.join('\n'));
    assert.ok(Date.now() - started < 5000);
    assert.ok(findings.some((finding) => finding.code === TEMPLATE_SYNTAX_RULE));
  });

  it("a template over CloudFormation's 1 MB limit is skipped with a file-skipped finding, quickly", async () => {
    const text = `Resources:\n${'  # padding padding padding padding padding padding padding\n'.repeat(20000)}`;
    const started = Date.now();
    const findings = await lintText(text);
    assert.ok(Date.now() - started < 1000);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].code, 'file-skipped');
    assert.match(findings[0].message, /1 MB/);
  });
});
