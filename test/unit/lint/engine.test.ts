// The engine's own decisions: which rules apply to a file, given what the project around it does.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintDocument, readLintDocument } from '../../../src/core/lint/engine';
import { DEFAULT_LINT_OPTIONS } from '../../../src/core/lint/types';

const options = { ...DEFAULT_LINT_OPTIONS, trusted: false };
const folders: string[] = [];
after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

async function codesOfBootstrap(dockerfile?: string): Promise<string[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'lrk-engine-'));
  folders.push(root);
  const bootstrap = path.join(root, 'bootstrap');
  await writeFile(bootstrap, '#!/bin/sh\nexec "$LAMBDA_TASK_ROOT/app"\n');
  await chmod(bootstrap, 0o644);
  if (dockerfile !== undefined) await writeFile(path.join(root, 'Dockerfile'), dockerfile);
  return (await lintDocument(await readLintDocument(bootstrap), options)).map((finding) => finding.code);
}

describe('the lint engine', () => {
  it('reports a bootstrap without execute permission', async () => {
    assert.ok((await codesOfBootstrap()).includes('exec-bit'));
  });

  it('does not, when the image build makes it executable (COPY --chmod, RUN chmod +x)', async () => {
    const copy = `FROM public.ecr.aws/lambda/provided:al2023\nCOPY --chmod=755 bootstrap \${LAMBDA_RUNTIME_DIR}\nCMD [ "app" ]\n`;
    assert.ok(!(await codesOfBootstrap(copy)).includes('exec-bit'));
    const run = `FROM public.ecr.aws/lambda/provided:al2023\nCOPY bootstrap \${LAMBDA_RUNTIME_DIR}\nRUN chmod +x \${LAMBDA_RUNTIME_DIR}/bootstrap\nCMD [ "app" ]\n`;
    assert.ok(!(await codesOfBootstrap(run)).includes('exec-bit'));
  });
});
