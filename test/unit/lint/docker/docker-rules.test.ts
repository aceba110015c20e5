// Every docker-* rule against its fixtures (test/fixtures/lint/docker/<rule>/bad-* fire, good-* do not), the AWS
// documentation's Dockerfiles, and every quick fix applied.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lintDockerfile } from '../../../../src/core/lint/docker';
import type { LintDocument } from '../../../../src/core/lint/document';
import { RULES } from '../../../../src/core/lint/rules';
import { DEFAULT_LINT_OPTIONS, type Finding } from '../../../../src/core/lint/types';
import { REPO_ROOT } from '../../helpers';
import { applyFix } from './apply-fix';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'docker');
const OUR_RULES = [
  'docker-cmd-handler',
  'docker-bootstrap-dir',
  'docker-base-image',
  'docker-entrypoint',
  'docker-chmod',
];

function documentOf(file: string, text = readFileSync(file, 'utf8')): LintDocument {
  return { file, text, bytes: Buffer.from(text) };
}

function lint(file: string, text?: string): Promise<Finding[]> {
  return lintDockerfile(documentOf(file, text), DEFAULT_LINT_OPTIONS);
}

const matches = (rule: string, finding: Finding) =>
  rule === 'dockerfile-utils' ? finding.source === 'dockerfile-utils' : finding.code === rule;

describe('Dockerfile rules', () => {
  it('use only rule ids the contract declares', () => {
    for (const rule of OUR_RULES)
      assert.ok(
        RULES.some((info) => info.id === rule),
        rule,
      );
  });

  for (const rule of [...OUR_RULES, 'dockerfile-utils']) {
    describe(rule, () => {
      const folder = path.join(FIXTURES, rule);
      const files = readdirSync(folder).sort();
      it('has failing and passing fixtures', () => {
        assert.ok(
          files.some((name) => name.startsWith('bad-')),
          'a bad- fixture',
        );
        if (rule !== 'dockerfile-utils')
          assert.ok(
            files.some((name) => name.startsWith('good-')),
            'a good- fixture',
          );
      });
      for (const name of files) {
        const file = path.join(folder, name);
        if (name.startsWith('bad-')) {
          it(`fires on ${name}`, async () => {
            const found = (await lint(file)).filter((finding) => matches(rule, finding));
            assert.ok(found.length > 0, `expected ${rule} in ${name}`);
            for (const finding of found) {
              assert.equal(finding.file, file);
              assert.ok(finding.message.length > 20, finding.message);
            }
          });
          it(`each quick fix on ${name} makes ${rule} go away`, async () => {
            const text = readFileSync(file, 'utf8');
            const found = (await lint(file)).filter((finding) => matches(rule, finding));
            for (const fix of found.flatMap((finding) => finding.fixes ?? [])) {
              const fixed = applyFix(text, fix);
              assert.notEqual(fixed, text, `fix '${fix.title}' changes nothing`);
              const after = (await lint(file, fixed)).filter((finding) => matches(rule, finding));
              assert.deepEqual(
                after.map((f) => f.message),
                [],
                `after '${fix.title}':\n${fixed}`,
              );
            }
          });
        } else {
          it(`is quiet on ${name}`, async () => {
            const found = (await lint(file)).filter((finding) => matches(rule, finding));
            assert.deepEqual(
              found.map((finding) => finding.message),
              [],
            );
          });
        }
      }
    });
  }

  describe("the AWS documentation's Dockerfiles", () => {
    for (const name of readdirSync(path.join(FIXTURES, 'aws'))) {
      it(`${name}: no error or warning`, async () => {
        const findings = await lint(path.join(FIXTURES, 'aws', name));
        const loud = findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
        assert.deepEqual(
          loud.map((finding) => `${finding.code}: ${finding.message}`),
          [],
        );
      });
    }
    it('the Go example gets only the informational docker-entrypoint note', async () => {
      const findings = await lint(path.join(FIXTURES, 'aws', 'go-multistage.Dockerfile'));
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.severity]),
        [['docker-entrypoint', 'info']],
      );
    });
  });

  describe('specific findings', () => {
    it('docker-cmd-handler: the shell-form fix writes the JSON form', async () => {
      const file = path.join(FIXTURES, 'docker-cmd-handler', 'bad-shell-form.Dockerfile');
      const [finding] = (await lint(file)).filter((f) => f.code === 'docker-cmd-handler');
      assert.equal(finding.severity, 'error');
      assert.match(applyFix(readFileSync(file, 'utf8'), finding.fixes![0]), /^CMD \["function\.handler"\]$/m);
    });

    it('docker-cmd-handler: the missing-CMD fix names the copied handler script', async () => {
      const file = path.join(FIXTURES, 'docker-cmd-handler', 'bad-missing.Dockerfile');
      const [finding] = (await lint(file)).filter((f) => f.code === 'docker-cmd-handler');
      assert.match(finding.message, /exits 142/);
      assert.match(applyFix(readFileSync(file, 'utf8'), finding.fixes![0]), /\nCMD \["function\.handler"\]\n$/);
    });

    it('docker-bootstrap-dir: names where the bootstrap went and fixes the destination', async () => {
      const file = path.join(FIXTURES, 'docker-bootstrap-dir', 'bad-workdir-relative.Dockerfile');
      const [finding] = (await lint(file)).filter((f) => f.code === 'docker-bootstrap-dir');
      assert.match(finding.message, /copied to \/var\/task\/bootstrap/);
      assert.deepEqual(finding.range, { start: { line: 2, character: 15 }, end: { line: 2, character: 17 } });
      assert.match(
        applyFix(readFileSync(file, 'utf8'), finding.fixes![0]),
        /^COPY bootstrap \$\{LAMBDA_RUNTIME_DIR\}$/m,
      );
    });

    it('docker-bootstrap-dir: keeps the JSON form when fixing', async () => {
      const file = path.join(FIXTURES, 'docker-bootstrap-dir', 'bad-json-form.Dockerfile');
      const [finding] = (await lint(file)).filter((f) => f.code === 'docker-bootstrap-dir');
      assert.match(
        applyFix(readFileSync(file, 'utf8'), finding.fixes![0]),
        /^COPY \["bootstrap", "\$\{LAMBDA_RUNTIME_DIR\}"\]$/m,
      );
    });

    it('docker-bootstrap-dir: an image with nothing in the runtime folder is reported on its FROM', async () => {
      const file = path.join(FIXTURES, 'docker-bootstrap-dir', 'bad-nothing.Dockerfile');
      const [finding] = (await lint(file)).filter((f) => f.code === 'docker-bootstrap-dir');
      assert.equal(finding.range.start.line, 1);
      assert.match(finding.message, /Nothing is copied to \/var\/runtime\/bootstrap/);
    });

    it('docker-base-image: keeps the architecture tag in the suggested image', async () => {
      const file = path.join(FIXTURES, 'docker-base-image', 'bad-nodejs-arm64.Dockerfile');
      const [finding] = (await lint(file)).filter((f) => f.code === 'docker-base-image');
      assert.equal(finding.severity, 'warning');
      assert.match(
        applyFix(readFileSync(file, 'utf8'), finding.fixes![0]),
        /^FROM public\.ecr\.aws\/lambda\/provided:al2023-arm64$/m,
      );
    });

    it('docker-chmod: replaces the mode, wherever it is written', async () => {
      for (const [name, expected] of [
        ['bad-run-700.Dockerfile', /chmod 755 \$\{LAMBDA_RUNTIME_DIR\}\/bootstrap/],
        ['bad-copy-flag.Dockerfile', /COPY --chmod=755 bootstrap/],
        ['bad-run-744.Dockerfile', /chmod 755 \/var\/runtime\/bootstrap/],
      ] as const) {
        const file = path.join(FIXTURES, 'docker-chmod', name);
        const [finding] = (await lint(file)).filter((f) => f.code === 'docker-chmod');
        assert.equal(finding.severity, 'warning');
        assert.match(applyFix(readFileSync(file, 'utf8'), finding.fixes![0]), expected);
      }
    });

    it('dockerfile-utils findings keep their source and get a dockerfile- code', async () => {
      const findings = await lint(path.join(FIXTURES, 'dockerfile-utils', 'bad-unknown-instruction.Dockerfile'));
      const unknown = findings.find((f) => f.source === 'dockerfile-utils');
      assert.ok(unknown);
      assert.equal(unknown.code, 'dockerfile-unknown-instruction');
      assert.equal(unknown.severity, 'error');
      assert.equal(unknown.range.start.line, 2);
    });
  });
});
