// Template reading: Globals, every short-form tag, intrinsic resolution, image and AWS::Lambda::Function
// functions, CodeUri resolution, defaults, and broken templates.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseTemplate, readTemplateFunctions } from '../../../src/core/project';
import { REPO_ROOT } from '../helpers';

const APP = path.join(REPO_ROOT, 'test', 'fixtures', 'project', 'sam-app');
const TEMPLATE = path.join(APP, 'template.yaml');
const work = mkdtempSync(path.join(tmpdir(), 'lrk-template-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('readTemplateFunctions', () => {
  it('returns the provided.* and custom image functions, in template order', async () => {
    const { functions } = await readTemplateFunctions(TEMPLATE);
    assert.deepEqual(
      functions.map((fn) => fn.name),
      ['HelloFunction', 'ImageFunction', 'LegacyFunction', 'BadArchFunction'],
    );
  });

  it('applies Globals, resolves CodeUri and the environment, and notes the logical id line', async () => {
    const { functions } = await readTemplateFunctions(TEMPLATE);
    const hello = functions.find((fn) => fn.name === 'HelloFunction')!;
    assert.equal(hello.template, TEMPLATE);
    assert.equal(hello.codeUri, path.join(APP, 'hello'));
    assert.equal(hello.runtime, 'provided.al2023');
    assert.equal(hello.handler, 'function.handler');
    assert.equal(hello.architecture, 'arm64');
    assert.equal(hello.timeoutSeconds, 20);
    assert.equal(hello.memoryMb, 512);
    assert.equal(hello.packageType, 'Zip');
    assert.equal(hello.line, 34);
    assert.deepEqual(hello.environment, {
      GLOBAL_ONLY: 'from-globals',
      SHARED: 'own',
      STAGE: 'dev',
      URL: 'https://dev.example.com/${Literal}',
      JOINED: 'a-dev',
      LEVEL: 'debug',
      FIRST: 'x',
      NUMBER: '42',
      FLAG: 'true',
      ENCODED: Buffer.from('hi').toString('base64'),
    });
  });

  it('reads an image function: context folder, Dockerfile, base runtime, handler, bootstrap file', async () => {
    const { functions } = await readTemplateFunctions(TEMPLATE);
    const image = functions.find((fn) => fn.name === 'ImageFunction')!;
    assert.equal(image.packageType, 'Image');
    assert.equal(image.codeUri, path.join(APP, 'image'));
    assert.equal(image.dockerfile, path.join(APP, 'image', 'Dockerfile'));
    assert.equal(image.runtime, 'provided.al2');
    assert.equal(image.handler, 'function.handler');
    assert.equal(image.bootstrap, path.join(APP, 'image', 'runtime.sh'));
    assert.equal(image.architecture, 'x86_64');
    assert.equal(image.memoryMb, 128);
  });

  it('reads AWS::Lambda::Function with a local Code folder (no Globals there)', async () => {
    const { functions } = await readTemplateFunctions(TEMPLATE);
    const legacy = functions.find((fn) => fn.name === 'LegacyFunction')!;
    assert.equal(legacy.codeUri, path.join(APP, 'legacy'));
    assert.equal(legacy.runtime, 'provided.al2');
    assert.equal(legacy.timeoutSeconds, 30);
    assert.deepEqual(legacy.environment, {});
  });

  it('reports what it cannot use: code in S3, an unknown architecture', async () => {
    const { functions, problems } = await readTemplateFunctions(TEMPLATE);
    assert.ok(problems.some((p) => p.functionName === 'S3Function' && /not a local folder/.test(p.message)));
    assert.ok(problems.some((p) => p.functionName === 'BadArchFunction' && /sparc/.test(p.message)));
    assert.equal(functions.find((fn) => fn.name === 'BadArchFunction')!.architecture, 'x86_64');
  });

  it('rejects with a clear message when the file cannot be read', async () => {
    await assert.rejects(
      readTemplateFunctions(path.join(work, 'nope.yaml')),
      /Cannot read the template .*nope\.yaml: ENOENT/,
    );
  });

  it('gives YAML errors as problems with their place, never an exception', async () => {
    const file = path.join(work, 'broken.yaml');
    writeFileSync(file, 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n   Properties: [\n');
    const { functions, problems } = await readTemplateFunctions(file);
    assert.deepEqual(functions, []);
    assert.ok(problems.length > 0);
    assert.equal(problems[0].severity, 'error');
    assert.ok(problems[0].range.start.line >= 2);
  });

  it('defaults CodeUri to the template folder, Timeout to 3, MemorySize to 128, x86_64', async () => {
    const file = path.join(work, 'template.yaml');
    writeFileSync(
      file,
      'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: provided\n',
    );
    const [fn] = (await readTemplateFunctions(file)).functions;
    assert.deepEqual(
      [fn.codeUri, fn.timeoutSeconds, fn.memoryMb, fn.architecture, fn.runtime],
      [work, 3, 128, 'x86_64', 'provided'],
    );
  });
});

describe('parseTemplate', () => {
  it('reads the long forms as well as the short ones', () => {
    const text = JSON.stringify({
      Parameters: { Name: { Type: 'String', Default: 'n' } },
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            CodeUri: { 'Fn::Sub': '${Name}/' },
            Runtime: 'provided.al2023',
            Environment: { Variables: { A: { Ref: 'Name' }, B: { 'Fn::Join': ['', ['x', { Ref: 'Name' }]] } } },
          },
        },
      },
    });
    const [fn] = parseTemplate(text, '/p/template.json').functions;
    assert.equal(fn.codeUri, path.resolve('/p/n'));
    assert.deepEqual(fn.environment, { A: 'n', B: 'xn' });
  });

  it('survives any text', () => {
    for (const text of [
      '',
      '\0\0\0',
      'Resources: !Ref',
      '{{{{',
      'a: *unknown',
      '%YAML 9.9\n---\n',
      'Resources:\n  A: !GetAtt\n',
    ]) {
      assert.doesNotThrow(() => parseTemplate(text, '/p/template.yaml'), JSON.stringify(text));
    }
  });
});
