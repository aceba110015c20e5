// `missing-tool` on runtimes as they are deployed: a layer's bootstrap whose layer brings the command in bin/
// (/opt/bin), a bootstrap copied to /opt by an image build with its bin/, a guess when nothing says where the
// bootstrap runs, and "under set -e" only when the script sets it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocument, readLintDocument } from '../../../../src/core/lint/engine';
import type { Finding } from '../../../../src/core/lint/types';
import { scratchProjects } from '../../project/scratch';
import { NO_SHELLCHECK } from './helpers';

const project = scratchProjects('lrk-missing-tool-');

const PHP_BOOTSTRAP = (options: string) =>
  [
    '#!/bin/bash',
    ...(options === '' ? [] : [options]),
    'API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"',
    'while true; do',
    '  HEADERS="$(mktemp)"',
    '  EVENT=$(curl -sS -LD "$HEADERS" "$API/next")',
    '  ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d \'[:space:]\' | cut -d: -f2)',
    '  if OUT=$(php /var/task/index.php "$EVENT"); then',
    '    curl -sS "$API/$ID/response" -d "$OUT"',
    '  else',
    '    curl -sS "$API/$ID/error" -d \'{"errorMessage":"failed"}\'',
    '  fi',
    'done',
    '',
  ].join('\n');

async function missingTools(file: string): Promise<Finding[]> {
  const findings = await lintDocument(await readLintDocument(file), NO_SHELLCHECK, 'bootstrap');
  return findings.filter((finding) => finding.code === 'missing-tool');
}

describe('missing-tool where the bootstrap really runs', () => {
  it("counts the bin/ of the layer that holds the bootstrap (a template's layer)", async () => {
    const root = project('layer', {
      'template.yaml': [
        'Resources:',
        '  PhpLayer:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties:',
        '      ContentUri: layer/',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: src/',
        '      Runtime: provided.al2023',
        '      Handler: index.php',
        '      Layers: [!Ref PhpLayer]',
      ].join('\n'),
      'layer/bootstrap': PHP_BOOTSTRAP('set -euo pipefail'),
      'layer/bin/php': '#!/bin/sh\n',
      'src/index.php': '<?php echo "hi";\n',
    });
    assert.deepEqual(await missingTools(path.join(root, 'layer', 'bootstrap')), []);
  });

  it('counts the bin/ copied to /opt with a bootstrap an image build puts there', async () => {
    const root = project('image-opt', {
      Dockerfile: [
        'FROM public.ecr.aws/lambda/provided:al2023',
        'COPY layer/ /opt/',
        'ENTRYPOINT ["/opt/bootstrap"]',
      ].join('\n'),
      'layer/bootstrap': PHP_BOOTSTRAP('set -e'),
      'layer/bin/php': '#!/bin/sh\n',
    });
    assert.deepEqual(await missingTools(path.join(root, 'layer', 'bootstrap')), []);
  });

  it('still reports a command nothing provides where the template says it runs, under set -e', async () => {
    const root = project('no-php', {
      'template.yaml': [
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: src/',
        '      Runtime: provided.al2023',
        '      Handler: index.php',
      ].join('\n'),
      'src/bootstrap': PHP_BOOTSTRAP('set -euo pipefail'),
    });
    const [php] = await missingTools(path.join(root, 'src', 'bootstrap'));
    assert.equal(php?.severity, 'warning');
    assert.match(php!.message, /`php` is not installed on provided\.al2023 \(from template\.yaml \(Fn\)\)/);
    assert.match(php!.message, /under `set -e` stops the bootstrap/);
    assert.doesNotMatch(php!.message, /guess/);
  });

  it('makes it an info that says it is a guess when nothing says where the bootstrap runs, and no set -e', async () => {
    const root = project('guess', { bootstrap: PHP_BOOTSTRAP('') });
    const [php] = await missingTools(path.join(root, 'bootstrap'));
    assert.equal(php?.severity, 'info');
    assert.match(php!.message, /This is a guess: no template, Dockerfile or layer says where this bootstrap runs/);
    assert.doesNotMatch(php!.message, /set -e/);
    assert.match(php!.message, /goes on without its output/);
  });
});
