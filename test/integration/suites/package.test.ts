// Deployment packages in a real editor: Build Deployment Package writes the zips Lambda runs and checks them,
// Check Deployment Package puts a zip's findings in Problems on the zip, and they follow the zip as it changes.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { walkZip, type ZipEntry } from '../../../src/core/lint/zip/read';
import { makeZip } from '../../unit/lint/zip/helpers';
import { ruleId, waitFor } from '../wait';

const EXTENSION_ID = 'lambda-runtime-kit.lambda-runtime-kit';
const HOST_ARCH = process.arch === 'arm64' ? 'arm64' : 'x86_64';
const SCRIPT = '#!/bin/sh\nset -eu\nwhile true; do\n  sleep 1\ndone\n';

interface BuildResult {
  packages: { name: string; kind: string; file: string; zippedBytes: number; findings: unknown[] }[];
  failures: string[];
}

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Runtime: provided.al2023
      Handler: handler.run
      Architectures: [${HOST_ARCH}]
      Layers: [!Ref Tools]
  Tools:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: tools/
`;

async function entries(file: string): Promise<Map<string, ZipEntry>> {
  const found = new Map<string, ZipEntry>();
  await walkZip(file, async (entry) => void found.set(entry.name, entry));
  return found;
}

function codes(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((diagnostic) => ruleId(diagnostic) ?? '');
}

describe('deployment packages in a real editor', () => {
  let folder: string;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the editor's extensions`);
    await extension.activate();
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the editor opened no workspace folder');
    folder = await mkdtemp(path.join(workspace.uri.fsPath, 'package-'));
    await mkdir(path.join(folder, 'fn'));
    await mkdir(path.join(folder, 'tools', 'bin'), { recursive: true });
    await writeFile(path.join(folder, 'template.yaml'), TEMPLATE);
    await writeFile(path.join(folder, 'fn', 'bootstrap'), SCRIPT, { mode: 0o755 });
    await writeFile(path.join(folder, 'fn', 'handler.sh'), 'run() { echo ok; }\n');
    await writeFile(path.join(folder, 'tools', 'bin', 'tool'), SCRIPT, { mode: 0o755 });
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('Build Deployment Package on a template writes and checks a zip per function and layer', async () => {
    const result = await vscode.commands.executeCommand<BuildResult>(
      'lambdaRuntime.buildDeploymentPackage',
      vscode.Uri.file(path.join(folder, 'template.yaml')),
    );
    assert.ok(result, 'the command returned nothing');
    assert.deepEqual(result.failures, []);
    assert.deepEqual(
      result.packages.map((built) => [built.name, built.kind, path.relative(folder, built.file)]),
      [
        ['Fn', 'function', path.join('.aws-sam', 'lambda-runtime-kit', 'Fn.zip')],
        ['Tools', 'layer', path.join('.aws-sam', 'lambda-runtime-kit', 'Tools.zip')],
      ],
    );
    const fn = await entries(result.packages[0]!.file);
    assert.equal(fn.get('bootstrap')?.mode, 0o100755, 'the bootstrap is 0755 at the root');
    assert.equal(fn.get('handler.sh')?.mode, 0o100644);
    const layer = await entries(result.packages[1]!.file);
    assert.equal(layer.get('bin/tool')?.mode, 0o100755);
    for (const built of result.packages) {
      assert.ok(built.zippedBytes > 0);
      assert.deepEqual(built.findings, [], `${built.name} has no problems`);
      assert.deepEqual(codes(vscode.Uri.file(built.file)), []);
    }
  });

  it("Build Deployment Package on a function's folder builds that function only", async () => {
    const result = await vscode.commands.executeCommand<BuildResult>(
      'lambdaRuntime.buildDeploymentPackage',
      vscode.Uri.file(path.join(folder, 'fn')),
    );
    assert.deepEqual(
      result?.packages.map((built) => built.name),
      ['Fn'],
    );
  });

  it("Check Deployment Package puts a zip's findings in Problems and keeps them fresh as the zip changes", async () => {
    const file = path.join(folder, 'uploaded.zip');
    const uri = vscode.Uri.file(file);
    await makeZip(file, [{ name: 'bootstrap', data: SCRIPT, mode: 0o100644 }]);
    await vscode.commands.executeCommand('lambdaRuntime.checkDeploymentPackage', uri);
    assert.deepEqual(codes(uri), ['zip-exec-bit']);
    const [diagnostic] = vscode.languages.getDiagnostics(uri);
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic!.source, 'lambda-runtime-kit');
    const code = diagnostic!.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.fragment, 'zip-exec-bit');
    assert.ok(code.target.path.endsWith('/docs/rules.md'));

    await makeZip(file, [{ name: 'bootstrap', data: SCRIPT.replace(/\n/g, '\r\n'), mode: 0o100755 }]);
    await waitFor('zip-crlf after the zip changed', () => (codes(uri).join() === 'zip-crlf' ? true : undefined));
    await makeZip(file, [{ name: 'bootstrap', data: SCRIPT, mode: 0o100755 }]);
    await waitFor('no problems after the zip was fixed', () => (codes(uri).length === 0 ? true : undefined));
    await makeZip(file, [{ name: 'code/bootstrap', data: SCRIPT, mode: 0o100755 }]);
    await waitFor('zip-no-bootstrap', () => (codes(uri).join() === 'zip-no-bootstrap' ? true : undefined));
    await rm(file);
    await waitFor(
      'no problems once the zip is deleted',
      () => (codes(uri).length === 0 ? true : undefined),
      10_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; still there: ${codes(uri).join()}`);
    });
  });

  it("checks the zip a template's CodeUri names without a command, and when it changes", async () => {
    const project = path.join(folder, 'zipped');
    await mkdir(project);
    const file = path.join(project, 'function.zip');
    const uri = vscode.Uri.file(file);
    await makeZip(file, [{ name: 'bootstrap', data: SCRIPT, mode: 0o100644 }]);
    await writeFile(
      path.join(project, 'template.yaml'),
      TEMPLATE.replace('CodeUri: fn/', 'CodeUri: function.zip').replace(/ {6}Layers:.*\n/, ''),
    );
    await waitFor('zip-exec-bit on the template’s zip', () =>
      codes(uri).join() === 'zip-exec-bit' ? true : undefined,
    );
    await makeZip(file, [{ name: 'bootstrap', data: SCRIPT, mode: 0o100755 }]);
    await waitFor('no problems after the zip was rebuilt', () => (codes(uri).length === 0 ? true : undefined));
  });
});
