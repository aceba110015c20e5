// A bootstrap under `set -u` may read what its function's configuration sets: unset-variable must know the
// template's Environment and the Dockerfile's ENV, or it reports an error on a runtime that works.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintDocument, readLintDocument } from '../../../src/core/lint/engine';
import { DEFAULT_LINT_OPTIONS } from '../../../src/core/lint/types';

const BOOTSTRAP = `#!/bin/bash
set -euo pipefail
while true; do
  HEADERS="$(mktemp)"
  EVENT=$(curl -sS -LD "$HEADERS" "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next")
  ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  curl -sS "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$ID/response" -d "$TABLE_NAME $EVENT"
done
`;
const options = { ...DEFAULT_LINT_OPTIONS, shellcheck: { enabled: false, path: 'shellcheck' } };
const folders: string[] = [];
after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

async function unsetVariables(files: Record<string, string>): Promise<string[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'lrk-env-names-'));
  folders.push(root);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  const bootstrap = path.join(root, 'fn', 'bootstrap');
  await chmod(bootstrap, 0o755);
  const findings = await lintDocument(await readLintDocument(bootstrap), options);
  return findings.filter((finding) => finding.code === 'unset-variable').map((finding) => finding.message);
}

describe('unset-variable and the function configuration', () => {
  it('reports a variable that nothing sets', async () => {
    const messages = await unsetVariables({ 'fn/bootstrap': BOOTSTRAP });
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /TABLE_NAME/);
  });

  it('accepts a variable the template sets in Environment', async () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Handler: handler
      Runtime: provided.al2023
      Environment:
        Variables:
          TABLE_NAME: orders
`;
    assert.deepEqual(await unsetVariables({ 'fn/bootstrap': BOOTSTRAP, 'template.yaml': template }), []);
  });

  it('accepts a variable the Dockerfile sets with ENV', async () => {
    const dockerfile = `FROM public.ecr.aws/lambda/provided:al2023
ENV TABLE_NAME=orders
COPY bootstrap \${LAMBDA_RUNTIME_DIR}
CMD [ "handler" ]
`;
    assert.deepEqual(await unsetVariables({ 'fn/bootstrap': BOOTSTRAP, 'fn/Dockerfile': dockerfile }), []);
  });
});
