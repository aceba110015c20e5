import { execa } from 'execa';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { APPLY_FILE_OPERATIONS_COMMAND } from '../../../src/server/protocol';
import { executableExists } from '../../../src/server/shellcheck-notice';
import { LspHarness, RULES_DOC_URL, withCode } from './lsp-harness';

const FIXTURE = path.join(import.meta.dirname, '..', '..', 'fixtures', 'workspaces', 'lint', 'bootstrap');

let root: string;
let harness: LspHarness;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lrk-server-'));
  harness = await LspHarness.start();
});

after(async () => {
  const exitCode = await harness.stop();
  await rm(root, { recursive: true, force: true });
  assert.equal(exitCode, 0, 'the server exits with 0 after shutdown and exit');
});

/** A fresh folder holding a copy of the fixture bootstrap with `mode` and, if given, other text. */
async function bootstrapIn(name: string, mode: number, text?: string): Promise<{ file: string; text: string }> {
  const folder = path.join(root, name);
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'bootstrap');
  const content = text ?? (await readFile(FIXTURE, 'utf8'));
  await writeFile(file, content, { mode });
  return { file, text: content };
}

describe('diagnostics of an open bootstrap', () => {
  it('reports exec-bit with its rule id, severity, source and a link to its section of docs/rules.md', async () => {
    const { file, text } = await bootstrapIn('exec-bit', 0o644);
    const uri = await harness.open(file, text);
    const diagnostics = await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length > 0);
    const [execBit] = withCode(diagnostics, 'exec-bit');
    assert.equal(execBit!.severity, 1, 'error');
    assert.equal(execBit!.source, 'lambda-runtime-kit');
    assert.deepEqual(execBit!.codeDescription, { href: `${RULES_DOC_URL}#exec-bit` });
    await harness.close(uri);
  });

  it('offers the chmod quick fix, and running its command makes the file executable and clears exec-bit', async () => {
    const { file, text } = await bootstrapIn('fix-exec-bit', 0o640);
    const uri = await harness.open(file, text);
    const diagnostics = await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length > 0);
    const [execBit] = withCode(diagnostics, 'exec-bit');
    const actions = await harness.codeActions(uri, execBit!.range, [execBit!]);
    const fix = actions.find((action) => action.command?.command === APPLY_FILE_OPERATIONS_COMMAND);
    assert.ok(fix, `no file-operation quick fix among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.diagnostics?.[0]?.code, 'exec-bit');
    const result = (await harness.executeCommand(fix.command!.command, fix.command!.arguments ?? [])) as {
      applied: number;
      errors: string[];
    };
    assert.deepEqual(result.errors, []);
    assert.ok(result.applied >= 1);
    const mode = (await stat(file)).mode & 0o777;
    assert.equal(mode, 0o755, 'readable and executable for everyone, as Lambda needs; write bits unchanged');
    await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length === 0);
    await harness.close(uri);
  });

  it('clears and brings back exec-bit when the mode changes on disk, with no edit', async () => {
    const { file, text } = await bootstrapIn('chmod-outside', 0o644);
    const uri = await harness.open(file, text);
    await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length === 1);
    const { chmod } = await import('node:fs/promises');
    await chmod(file, 0o755);
    await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length === 0);
    await chmod(file, 0o644);
    await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length === 1);
    await harness.close(uri);
  });

  it('refuses to run a file operation it did not propose', async () => {
    const folder = path.join(root, 'foreign');
    await mkdir(folder);
    const file = path.join(folder, 'not-ours');
    await writeFile(file, 'data\n', { mode: 0o644 });
    const result = (await harness.executeCommand(APPLY_FILE_OPERATIONS_COMMAND, [
      { uri: 'file:///x', operations: [{ kind: 'chmod-executable', file }] },
    ])) as { applied: number; errors: string[] };
    assert.equal(result.applied, 0);
    assert.equal(result.errors.length, 1);
    assert.equal((await stat(file)).mode & 0o777, 0o644, 'the file is untouched');
    assert.deepEqual(await readdir(folder), ['not-ours']);
  });

  it('fixes CRLF line endings through the code action edit and keeps every other character', async () => {
    const original = await readFile(FIXTURE, 'utf8');
    const { file, text } = await bootstrapIn('crlf', 0o755, original.replaceAll('\n', '\r\n'));
    const uri = await harness.open(file, text);
    const diagnostics = await harness.diagnostics(uri, (all) => withCode(all, 'crlf').length > 0);
    const [crlf] = withCode(diagnostics, 'crlf');
    assert.equal(crlf!.severity, 1);
    const actions = await harness.codeActions(uri, crlf!.range, [crlf!]);
    const fix = actions.find((action) => action.edit !== undefined && action.diagnostics?.[0]?.code === 'crlf');
    assert.ok(fix, `no edit quick fix for crlf among ${JSON.stringify(actions.map((action) => action.title))}`);
    await harness.applyWorkspaceEdit(fix.edit!);
    assert.equal(harness.text(uri), original, 'the text is the LF original, nothing else changed');
    await harness.diagnostics(uri, (all) => withCode(all, 'crlf').length === 0);
    await harness.close(uri);
  });

  it('converts to LF and adds the .gitattributes line with the second crlf fix', async () => {
    const original = await readFile(FIXTURE, 'utf8');
    const { file, text } = await bootstrapIn('crlf-attributes', 0o755, original.replaceAll('\n', '\r\n'));
    const uri = await harness.open(file, text);
    const [crlf] = withCode(await harness.diagnostics(uri, (all) => withCode(all, 'crlf').length > 0), 'crlf');
    const actions = await harness.codeActions(uri, crlf!.range, [crlf!]);
    const fix = actions.find((action) => action.edit !== undefined && action.command !== undefined);
    assert.ok(fix, `no edit-and-command fix among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.deepEqual(fix.data, { endOfLine: 'LF' }, 'marked for the client as an end-of-line change');
    await harness.applyWorkspaceEdit(fix.edit!);
    const result = (await harness.executeCommand(fix.command!.command, fix.command!.arguments ?? [])) as {
      errors: string[];
    };
    assert.deepEqual(result.errors, []);
    assert.equal(await readFile(path.join(path.dirname(file), '.gitattributes'), 'utf8'), 'bootstrap text eol=lf\n');
    assert.equal(harness.text(uri), original);
    await harness.diagnostics(uri, (all) => withCode(all, 'crlf').length === 0);
    await harness.close(uri);
  });

  it('records the executable bit in git with the git-exec-bit fix', async (t) => {
    if (!(await executableExists('git'))) return t.skip('git is not installed');
    const { file, text } = await bootstrapIn('git-mode', 0o755);
    const git = (...args: string[]) => execa('git', args, { cwd: path.dirname(file) });
    await git('init', '-q');
    await git('-c', 'core.fileMode=false', 'add', 'bootstrap');
    await git('update-index', '--chmod=-x', 'bootstrap');
    const uri = await harness.open(file, text);
    const [gitBit] = withCode(
      await harness.diagnostics(uri, (all) => withCode(all, 'git-exec-bit').length > 0),
      'git-exec-bit',
    );
    const actions = await harness.codeActions(uri, gitBit!.range, [gitBit!]);
    const fix = actions.find((action) => action.diagnostics?.[0]?.code === 'git-exec-bit' && action.command);
    assert.ok(fix, `no git-exec-bit fix among ${JSON.stringify(actions.map((action) => action.title))}`);
    await harness.executeCommand(fix.command!.command, fix.command!.arguments ?? []);
    assert.match((await git('ls-files', '-s', 'bootstrap')).stdout, /^100755 /);
    await harness.diagnostics(uri, (all) => withCode(all, 'git-exec-bit').length === 0);
    await harness.close(uri);
  });

  it('does not offer an edit computed on an older version of the text', async () => {
    const original = await readFile(FIXTURE, 'utf8');
    const { file, text } = await bootstrapIn('crlf-stale', 0o755, original.replaceAll('\n', '\r\n'));
    const uri = await harness.open(file, text);
    const [crlf] = withCode(await harness.diagnostics(uri, (all) => withCode(all, 'crlf').length > 0), 'crlf');
    // The request comes after the edit reached the server but before its debounced lint has run.
    await harness.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, '# edited\r\n');
    const actions = await harness.codeActions(uri, crlf!.range, [crlf!]);
    assert.deepEqual(
      actions.filter((action) => action.edit !== undefined),
      [],
      'an edit for the old text could overwrite what was just typed',
    );
    await harness.close(uri);
  });

  it('publishes the diagnostics of the latest text after a burst of edits', async () => {
    const { file, text } = await bootstrapIn('burst', 0o755);
    const uri = await harness.open(file, text);
    await harness.diagnostics(uri, () => true);
    for (let index = 0; index < 20; index += 1) {
      await harness.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, `# ${index}\n`);
    }
    const latest = harness.version(uri);
    await harness.until(
      () => harness.published.some((params) => params.uri === uri && params.version === latest),
      10_000,
      () => `diagnostics for version ${latest}`,
    );
    const versions = harness.published.filter((params) => params.uri === uri).map((params) => params.version);
    assert.ok(versions.length < 10, `the burst was debounced, not linted edit by edit (${versions.join(', ')})`);
    await harness.close(uri);
  });

  it('sees a byte-order mark on disk that the editor text hides, and lints unsaved text as typed', async () => {
    const original = await readFile(FIXTURE, 'utf8');
    const { file } = await bootstrapIn('bom', 0o755, `\ufeff${original}`);
    // The editor shows the text without the mark, as VS Code does.
    const uri = await harness.open(file, original);
    await harness.diagnostics(uri, (all) => withCode(all, 'shebang').length > 0);
    // Unsaved text differs from the disk: the disk's mark is no longer what is being linted.
    await harness.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, '# unsaved\n');
    await harness.diagnostics(uri, (all) => withCode(all, 'shebang').length === 0);
    await harness.close(uri);
  });

  it('lints Dockerfiles and templates, and again when the client reports a project file change', async () => {
    const folder = path.join(root, 'project');
    await mkdir(path.join(folder, 'src'), { recursive: true });
    const dockerfile = 'FROM public.ecr.aws/lambda/provided:al2023\nCOPY bootstrap /app/bootstrap\nCMD ["handler"]\n';
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: provided.al2023',
      '      Handler: handler',
      '      CodeUri: src/',
      '',
    ].join('\n');
    await writeFile(path.join(folder, 'Dockerfile'), dockerfile);
    await writeFile(path.join(folder, 'template.yaml'), template);
    const dockerUri = await harness.open(path.join(folder, 'Dockerfile'), dockerfile, 'dockerfile');
    const templateUri = await harness.open(path.join(folder, 'template.yaml'), template, 'yaml');
    await harness.diagnostics(dockerUri, (all) => withCode(all, 'docker-bootstrap-dir').length === 1);
    await harness.diagnostics(templateUri, (all) => withCode(all, 'sam-no-bootstrap').length === 1);

    const bootstrap = path.join(folder, 'src', 'bootstrap');
    await writeFile(bootstrap, await readFile(FIXTURE, 'utf8'), { mode: 0o755 });
    await harness.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(bootstrap).href, type: 1 }],
    });
    await harness.diagnostics(templateUri, (all) => withCode(all, 'sam-no-bootstrap').length === 0);
    await harness.close(dockerUri);
    await harness.close(templateUri);
  });

  it('clears the diagnostics of a document when it is closed', async () => {
    const { file, text } = await bootstrapIn('close', 0o644);
    const uri = await harness.open(file, text);
    await harness.diagnostics(uri, (all) => all.length > 0);
    await harness.close(uri);
    await harness.diagnostics(uri, (all) => all.length === 0);
  });
});
