// Correct Dockerfiles in the styles people write (BuildKit syntax, multi-stage Go/Rust/C++ builds, heredocs,
// JSON-form COPY, Alpine with the emulator...): none may get an error or a warning, ours or dockerfile-utils'.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lintDockerfile } from '../../../../src/core/lint/docker';
import { DEFAULT_LINT_OPTIONS } from '../../../../src/core/lint/types';
import { REPO_ROOT } from '../../helpers';

const FOLDER = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'docker', 'correct');

describe('no false alarm on correct Dockerfiles', () => {
  for (const name of readdirSync(FOLDER).sort()) {
    it(`${name}: no error or warning`, async () => {
      const file = path.join(FOLDER, name);
      const text = readFileSync(file, 'utf8');
      const findings = await lintDockerfile({ file, text, bytes: Buffer.from(text) }, DEFAULT_LINT_OPTIONS);
      assert.deepEqual(
        findings
          .filter((finding) => finding.severity === 'error' || finding.severity === 'warning')
          .map((finding) => `${finding.range.start.line + 1}: ${finding.code}: ${finding.message}`),
        [],
      );
    });
  }

  it('a file with NUL bytes is skipped with one finding, not hundreds of unknown instructions', async () => {
    const bytes = Buffer.concat([Buffer.from('FROM x\n'), Buffer.alloc(32), Buffer.from('\nRUN y\n'.repeat(300))]);
    const file = path.join(FOLDER, 'Dockerfile');
    const findings = await lintDockerfile({ file, text: new TextDecoder().decode(bytes), bytes }, DEFAULT_LINT_OPTIONS);
    assert.deepEqual(
      findings.map((finding) => finding.code),
      ['file-skipped'],
    );
    assert.match(findings[0]!.message, /NUL bytes/);
  });
});
