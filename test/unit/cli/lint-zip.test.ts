// `lambda-runtime-kit lint` on deployment zips: explicit .zip files, the zip a template deploys, the three formats
// and the exit statuses of the contract.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runLint } from '../../../src/cli/lint';
import { compileC, hasTool, makeZip, SCRIPT_BOOTSTRAP } from '../lint/zip/helpers';

const HOST_ARCH = process.arch === 'arm64' ? 'arm64' : 'x86_64';
let root: string;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runLint(args, { out: (text) => (stdout += text), err: (text) => (stderr += text) }, root);
  return { status, stdout, stderr };
}

const template = (codeUri: string, runtime = 'provided.al2023') =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ${codeUri}\n      Runtime: ${runtime}\n      Handler: handler\n      Architectures: [${HOST_ARCH}]\n`;

describe('lambda-runtime-kit lint on zips', () => {
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lrk-lint-zip-'));
    await makeZip(path.join(root, 'good.zip'), [{ name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 }]);
    await makeZip(path.join(root, 'not-executable.zip'), [{ name: 'bootstrap', data: SCRIPT_BOOTSTRAP }]);
    await makeZip(path.join(root, 'unreadable.zip'), [
      { name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 },
      { name: 'secret', data: 'x', mode: 0o100600 },
    ]);
    await writeFile(path.join(root, 'broken.zip'), 'not a zip\n');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('exits 0 on a good zip', async () => {
    const { status, stdout } = await run(['good.zip']);
    assert.equal(status, 0);
    assert.equal(stdout, '1 file checked, no problems found.\n');
  });

  it('exits 1 and names the zip and the entry in the text format', async () => {
    const { status, stdout } = await run(['not-executable.zip']);
    assert.equal(status, 1);
    assert.match(
      stdout,
      /^not-executable\.zip:1:1: error: bootstrap: The bootstrap is not executable in the zip .* \[zip-exec-bit\]$/m,
    );
  });

  it('gives the contract records in json, with the zip as the file', async () => {
    const { status, stdout } = await run(['not-executable.zip', '--format', 'json']);
    assert.equal(status, 1);
    const [finding] = JSON.parse(stdout);
    assert.deepEqual(
      { ...finding, message: undefined },
      {
        file: 'not-executable.zip',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        severity: 'error',
        code: 'zip-exec-bit',
        message: undefined,
      },
    );
    assert.match(finding.message, /^bootstrap: /);
  });

  it('points SARIF locations at the zip', async () => {
    const { stdout } = await run(['not-executable.zip', '--format', 'sarif']);
    const sarif = JSON.parse(stdout);
    const [result] = sarif.runs[0].results;
    assert.equal(result.ruleId, 'zip-exec-bit');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, {
      uri: 'not-executable.zip',
      uriBaseId: '%SRCROOT%',
    });
    assert.equal(sarif.runs[0].tool.driver.rules[0].id, 'zip-exec-bit');
  });

  it('exits 0 with warnings only', async () => {
    const { status, stdout } = await run(['unreadable.zip', '--format', 'json']);
    assert.equal(status, 0);
    assert.deepEqual(
      JSON.parse(stdout).map((finding: { code: string }) => finding.code),
      ['zip-unreadable'],
    );
  });

  it('exits 2 on a file that is no zip, saying so', async () => {
    const { status, stderr } = await run(['broken.zip']);
    assert.equal(status, 2);
    assert.match(stderr, /cannot read broken\.zip: it is not a zip file Lambda can extract/);
  });

  it("checks the zip a template's CodeUri names (even under dist/), not the other zips of a folder", async () => {
    const project = path.join(root, 'project');
    await mkdir(path.join(project, 'dist'), { recursive: true });
    await writeFile(path.join(project, '.git'), '');
    await writeFile(path.join(project, 'template.yaml'), template('dist/function.zip'));
    await makeZip(path.join(project, 'dist', 'function.zip'), [{ name: 'bootstrap', data: SCRIPT_BOOTSTRAP }]);
    await makeZip(path.join(project, 'downloaded.zip'), [{ name: 'readme.txt', data: 'x' }]);
    const { status, stdout } = await run(['project', '--format', 'json']);
    assert.equal(status, 1);
    const findings = JSON.parse(stdout);
    assert.deepEqual(
      findings.map((finding: { file: string; code: string }) => [finding.file, finding.code]),
      [[path.join('project', 'dist', 'function.zip'), 'zip-exec-bit']],
    );
  });

  it('checks the zips of a template given by name', async () => {
    const { stdout } = await run([path.join('project', 'template.yaml'), '--format', 'json']);
    assert.deepEqual(
      JSON.parse(stdout).map((finding: { file: string; code: string }) => [finding.file, finding.code]),
      [[path.join('project', 'dist', 'function.zip'), 'zip-exec-bit']],
    );
  });

  it(
    'checks an explicit zip against the template function that deploys it (elf-glibc on provided.al2)',
    { skip: hasTool('gcc') ? false : 'gcc is absent: no ELF can be built here' },
    async () => {
      const project = path.join(root, 'compiled');
      await mkdir(project, { recursive: true });
      await writeFile(path.join(project, '.git'), '');
      await writeFile(path.join(project, 'template.yaml'), template('function.zip', 'provided.al2'));
      assert.ok(compileC('int main(void) { return 0; }\n', path.join(project, 'bootstrap')));
      await makeZip(path.join(project, 'function.zip'), [
        { name: 'bootstrap', data: await readFile(path.join(project, 'bootstrap')), mode: 0o100755 },
      ]);
      const { status, stdout } = await run([path.join('compiled', 'function.zip'), '--format', 'json']);
      assert.equal(status, 1);
      const [finding] = JSON.parse(stdout);
      assert.equal(finding.code, 'elf-glibc');
      assert.match(finding.message, /provided\.al2 has glibc 2\.26 \(template\.yaml \(Fn\)\)/);
    },
  );
  it("checks a layer's ContentUri zip as a layer (no bootstrap needed), in a folder, by template and by name", async () => {
    const project = path.join(root, 'layered');
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, '.git'), '');
    await writeFile(
      path.join(project, 'template.yaml'),
      template('function.zip') +
        '      Layers: [!Ref Runtime]\n  Runtime:\n    Type: AWS::Serverless::LayerVersion\n' +
        '    Properties:\n      ContentUri: layer/runtime.zip\n',
    );
    await mkdir(path.join(project, 'layer'));
    // The function's zip has only the handler: the layer brings the bootstrap (/opt/bootstrap).
    await makeZip(path.join(project, 'function.zip'), [{ name: 'handler.sh', data: 'echo hi\n' }]);
    await makeZip(path.join(project, 'layer', 'runtime.zip'), [
      { name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 },
      { name: 'lib/secret.so', data: 'x', mode: 0o100600 },
    ]);
    const expected = [[path.join('layered', 'layer', 'runtime.zip'), 'zip-unreadable']];
    const codes = (stdout: string) =>
      JSON.parse(stdout).map((finding: { file: string; code: string }) => [finding.file, finding.code]);
    for (const args of [['layered'], [path.join('layered', 'template.yaml')]]) {
      const { status, stdout } = await run([...args, '--format', 'json']);
      assert.deepEqual(codes(stdout), expected, args.join(' '));
      assert.equal(status, 0, 'zip-unreadable is a warning');
    }
    await makeZip(path.join(project, 'layer', 'runtime.zip'), [{ name: 'lib/libx.so', data: 'x' }]);
    const alone = await run([path.join('layered', 'layer', 'runtime.zip'), '--format', 'json']);
    assert.deepEqual(codes(alone.stdout), [], 'a layer zip needs no bootstrap');
    assert.equal(alone.status, 0);
    const fn = await run([path.join('layered', 'function.zip'), '--format', 'json']);
    assert.deepEqual(
      codes(fn.stdout),
      [[path.join('layered', 'function.zip'), 'zip-no-bootstrap']],
      'now no layer brings one',
    );
  });
});
