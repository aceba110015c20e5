// What a bootstrap's target knows beyond the base image: variables the template sets (also those only known once
// deployed), commands from the function's layers, from ENV PATH folders, downloads and folders copied onto PATH.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  findLintTargets,
  imageMakesExecutable,
  isBootstrapCandidate,
  parseTemplate,
  resolveTarget,
} from '../../../src/core/project';
import { scratchProjects } from './scratch';

const project = scratchProjects('lrk-target-tools-');

const BOOTSTRAP = '#!/bin/bash\nexec ./app\n';

describe('the target of a template function', () => {
  it('knows every variable the template sets, also !Ref, !GetAtt and !Sub ones', async () => {
    const root = project('env', {
      'template.yaml': [
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: fn/',
        '      Runtime: provided.al2023',
        '      Environment:',
        '        Variables:',
        '          TABLE_NAME: !Ref Table',
        '          QUEUE_URL: !GetAtt Queue.QueueUrl',
        "          REGION: !Sub '${AWS::Region}'",
        '          PLAIN: text',
      ].join('\n'),
      'fn/bootstrap': BOOTSTRAP,
    });
    const target = await resolveTarget(path.join(root, 'fn', 'bootstrap'), 'provided.al2023');
    assert.deepEqual([...target.environmentNames].sort(), ['PLAIN', 'QUEUE_URL', 'REGION', 'TABLE_NAME']);
  });

  it("has the commands of its local layers' bin/ (on PATH as /opt/bin)", async () => {
    const root = project('local-layer', {
      'template.yaml': [
        'Resources:',
        '  Tools:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties: { ContentUri: tools/ }',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { CodeUri: fn/, Runtime: provided.al2023, Layers: [!Ref Tools] }',
      ].join('\n'),
      'tools/bin/jq': 'binary',
      'fn/bootstrap': BOOTSTRAP,
    });
    const target = await resolveTarget(path.join(root, 'fn', 'bootstrap'), 'provided.al2023');
    assert.ok(target.installedTools.has('jq'));
    assert.ok(!target.installedTools.has('aws'));
  });

  it('may have any command when a layer is not known here (an ARN)', async () => {
    const root = project('arn-layer', {
      'template.yaml': [
        'Globals:',
        '  Function:',
        '    Layers: [arn:aws:lambda:us-east-1:744348701589:layer:bash:8]',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { CodeUri: fn/, Runtime: provided.al2 }',
      ].join('\n'),
      'fn/bootstrap': BOOTSTRAP,
    });
    const target = await resolveTarget(path.join(root, 'fn', 'bootstrap'), 'provided.al2023');
    assert.ok(target.installedTools.has('jq'));
    assert.ok(target.installedTools.has('aws'));
  });
});

describe('the target of a Dockerfile', () => {
  it('has programs downloaded or copied onto PATH, ENV PATH folders included', async () => {
    const root = project('docker-path', {
      Dockerfile: [
        'FROM public.ecr.aws/lambda/provided:al2023',
        'ENV PATH="/var/task/bin:${PATH}"',
        'RUN curl -sSLo /usr/local/bin/yq https://example.invalid/yq && chmod +x /usr/local/bin/yq',
        'RUN wget -O /opt/bin/tool https://example.invalid/tool',
        'COPY bin/ /opt/bin/',
        'COPY tools/jq /var/task/bin/jq',
        'COPY bootstrap ${LAMBDA_RUNTIME_DIR}',
        'CMD ["handler"]',
      ].join('\n'),
      'bin/ffmpeg': 'binary',
      'tools/jq': 'binary',
      bootstrap: BOOTSTRAP,
    });
    const target = await resolveTarget(path.join(root, 'bootstrap'), 'provided.al2023');
    for (const command of ['yq', 'tool', 'ffmpeg', 'jq']) assert.ok(target.installedTools.has(command), command);
    assert.ok(!target.installedTools.has('aws'));
  });
});

describe('parseTemplate', () => {
  it('puts Globals layers before the function’s own, resolving local ones to folders', () => {
    const text = [
      'Globals:',
      '  Function:',
      '    Layers: [arn:aws:lambda:us-east-1:1:layer:a:1]',
      'Resources:',
      '  Mine:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties: { ContentUri: mine/ }',
      '    Metadata: { BuildMethod: makefile }',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { CodeUri: fn/, Runtime: provided.al2023, Layers: [!Ref Mine] }',
    ].join('\n');
    const [fn] = parseTemplate(text, '/p/template.yaml').functions;
    assert.deepEqual(fn!.layers, [
      { kind: 'unknown', reference: 'arn:aws:lambda:us-east-1:1:layer:a:1' },
      { kind: 'local', folder: path.resolve('/p/mine'), built: true, name: 'Mine', buildMethod: 'makefile' },
    ]);
  });
});

describe('imageMakesExecutable', () => {
  const dockerfile = (...lines: string[]) =>
    ['FROM public.ecr.aws/lambda/provided:al2023', ...lines, 'CMD ["function.handler"]'].join('\n');

  it('is true when the Dockerfile chmods the bootstrap where it lands, or copies it with --chmod', async () => {
    const cases: Record<string, string> = {
      'run-chmod': dockerfile('COPY bootstrap ${LAMBDA_RUNTIME_DIR}', 'RUN chmod +x ${LAMBDA_RUNTIME_DIR}/bootstrap'),
      'run-755-glob': dockerfile('COPY bootstrap /var/runtime/', 'RUN chmod 755 /var/runtime/*'),
      'run-recursive': dockerfile('COPY bootstrap /var/runtime/', 'RUN chmod -R a+rx /var/runtime'),
      'workdir-relative': dockerfile('WORKDIR /var/runtime', 'COPY bootstrap .', 'RUN chmod 0755 bootstrap'),
      'copy-chmod': dockerfile('COPY --chmod=755 bootstrap /var/runtime/bootstrap'),
    };
    for (const [name, text] of Object.entries(cases)) {
      const root = project(`mode-${name}`, { Dockerfile: text, bootstrap: BOOTSTRAP });
      assert.equal(await imageMakesExecutable(path.join(root, 'bootstrap')), true, name);
    }
  });

  it('is false without such a chmod, for a chmod before the COPY, for one that leaves others out, and outside Docker', async () => {
    const cases: Record<string, string> = {
      none: dockerfile('COPY bootstrap ${LAMBDA_RUNTIME_DIR}'),
      before: dockerfile('RUN chmod +x /var/runtime/bootstrap || true', 'COPY bootstrap ${LAMBDA_RUNTIME_DIR}'),
      'owner-only': dockerfile('COPY bootstrap ${LAMBDA_RUNTIME_DIR}', 'RUN chmod 700 /var/runtime/bootstrap'),
      'user-x': dockerfile('COPY bootstrap ${LAMBDA_RUNTIME_DIR}', 'RUN chmod u+x /var/runtime/bootstrap'),
      'other-file': dockerfile('COPY bootstrap ${LAMBDA_RUNTIME_DIR}', 'RUN chmod +x /var/task/handler.sh'),
    };
    for (const [name, text] of Object.entries(cases)) {
      const root = project(`no-mode-${name}`, { Dockerfile: text, bootstrap: BOOTSTRAP });
      assert.equal(await imageMakesExecutable(path.join(root, 'bootstrap')), false, name);
    }
    const plain = project('no-docker', { bootstrap: BOOTSTRAP });
    assert.equal(await imageMakesExecutable(path.join(plain, 'bootstrap')), false);
  });
});

describe('a setup script named bootstrap', () => {
  const SETUP = '#!/bin/sh\nset -e\nbrew bundle\nnpm install\n';

  it("is no Lambda bootstrap in script/ or scripts/ when it names nothing of Lambda's", async () => {
    const root = project('dev-scripts', {
      'script/bootstrap': SETUP,
      'scripts/bootstrap': '#!/bin/sh\nexec "$LAMBDA_TASK_ROOT/app"\n',
      'fn/bootstrap': '#!/bin/sh\nexec ./app\n',
    });
    assert.equal(await isBootstrapCandidate(path.join(root, 'script', 'bootstrap')), false);
    assert.equal(await isBootstrapCandidate(path.join(root, 'scripts', 'bootstrap')), true);
    assert.equal(await isBootstrapCandidate(path.join(root, 'fn', 'bootstrap')), true);
    assert.deepEqual(
      (await findLintTargets([root])).map((target) => path.relative(root, target.file)),
      [path.join('fn', 'bootstrap'), path.join('scripts', 'bootstrap')],
    );
  });

  it('is a bootstrap all the same when a Dockerfile copies it into the image', async () => {
    const root = project('dev-script-used', {
      'script/bootstrap': SETUP,
      Dockerfile:
        'FROM public.ecr.aws/lambda/provided:al2023\nCOPY script/bootstrap ${LAMBDA_RUNTIME_DIR}\nCMD ["h"]\n',
    });
    assert.equal(await isBootstrapCandidate(path.join(root, 'script', 'bootstrap')), true);
  });
});
