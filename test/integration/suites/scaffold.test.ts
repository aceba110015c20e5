// Scaffolding in a real editor: New Custom Runtime run with an argument object writes a project that the
// language server finds clean, never overwrites a user's edit without asking, and the Add… commands work.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { ruleId, waitFor } from '../wait';

const EXTENSION_ID = 'lambda-runtime-kit.lambda-runtime-kit';
/** The server lints in the background (ShellCheck included); the first diagnostics may take a few seconds. */
const DEADLINE_MS = 30_000;

interface NewProjectResult {
  folder: string;
  written: string[];
  kept: string[];
  handler: string;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Every error and warning the editor knows of under `folder`, as readable lines. */
function problemsUnder(folder: string): string[] {
  return vscode.languages
    .getDiagnostics()
    .filter(([uri]) => uri.scheme === 'file' && isInside(uri.fsPath, folder))
    .flatMap(([uri, diagnostics]) =>
      diagnostics
        .filter(
          (d) => d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning,
        )
        .map((d) => `${path.relative(folder, uri.fsPath)}:${d.range.start.line + 1} ${ruleId(d)}: ${d.message}`),
    );
}

/**
 * Opens `files` and resolves once the language server has published diagnostics for each of them (an empty
 * list counts: it is the server saying "linted, nothing found"), so that "no problems" means something.
 */
async function openAndWaitForLint(files: readonly string[]): Promise<void> {
  const published = new Set<string>();
  const listener = vscode.languages.onDidChangeDiagnostics((event) => {
    for (const uri of event.uris) published.add(uri.toString());
  });
  try {
    for (const file of files) await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    await waitFor(`diagnostics published for ${files.map((file) => path.basename(file)).join(', ')}`, () =>
      files.every((file) => published.has(vscode.Uri.file(file).toString())) ? true : undefined,
    );
  } finally {
    listener.dispose();
  }
}

async function isExecutable(file: string): Promise<boolean> {
  return ((await stat(file)).mode & 0o111) === 0o111;
}

async function newProject(args: Record<string, unknown>): Promise<NewProjectResult> {
  const result = await vscode.commands.executeCommand<NewProjectResult>('lambdaRuntime.newProject', args);
  assert.ok(result, 'lambdaRuntime.newProject returned nothing');
  return result;
}

/** Time for the extension to show the next prompt after an answer; the prompts give no other signal to wait on. */
const STEP_MS = 1_000;
const ACCEPT = 'workbench.action.acceptSelectedQuickOpenItem';
const NEXT_ITEM = 'quickInput.next';
const BACK_BUTTON = 'workbench.action.quickInputBack';
const ESCAPE = 'workbench.action.closeQuickOpen';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the prompt a running command shows, then acts on it as the keyboard would. */
async function onPrompt(...commands: string[]): Promise<void> {
  await pause(STEP_MS);
  for (const command of commands) await vscode.commands.executeCommand(command);
}

/** Starts a command that prompts, without waiting for it. */
function start<T>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
}

async function settled<T>(what: string, running: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${DEADLINE_MS / 1000} s`)), DEADLINE_MS);
  });
  try {
    return await Promise.race([running, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function proposalDiffOpen(file: string): boolean {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .some(
      (tab) =>
        tab.input instanceof vscode.TabInputTextDiff &&
        tab.input.original.fsPath === file &&
        tab.input.modified.scheme === 'lambda-runtime-scaffold',
    );
}

describe('Scaffolding: New Custom Runtime and the Add… commands in a real editor', () => {
  let root: string;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the editor's extensions`);
    await extension.activate();
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the editor opened no workspace folder');
    root = await mkdtemp(path.join(workspace.uri.fsPath, 'scaffold-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('writes a bash zip project whose files the language server finds clean', async () => {
    const folder = path.join(root, 'orders');
    const result = await newProject({ language: 'bash', folder, open: false });
    assert.equal(result.folder, folder);
    for (const file of ['bootstrap', 'template.yaml', 'events/event.json', '.vscode/launch.json', '.gitattributes']) {
      assert.ok(result.written.includes(path.join(folder, file)), `${file} is not among ${result.written.join(', ')}`);
      await stat(path.join(folder, file));
    }
    assert.ok(result.written.includes(result.handler), 'the handler was not written');
    assert.equal(await isExecutable(path.join(folder, 'bootstrap')), true, 'the bootstrap is not executable');
    const template = await readFile(path.join(folder, 'template.yaml'), 'utf8');
    assert.match(template, /OrdersFunction:/, 'the function is named after the folder');
    assert.match(template, /provided\.al2023/);
    assert.match(await readFile(path.join(folder, '.gitattributes'), 'utf8'), /bootstrap\s+text\s+eol=lf/);

    const bootstrap = path.join(folder, 'bootstrap');
    await openAndWaitForLint([bootstrap, path.join(folder, 'template.yaml'), result.handler]);
    assert.deepEqual(problemsUnder(folder), [], 'the fresh scaffold has problems');

    // The server is really looking at this bootstrap: taking its executable bit away is reported.
    await chmod(bootstrap, 0o644);
    try {
      await waitFor('exec-bit on the scaffold’s bootstrap after chmod -x', () =>
        vscode.languages.getDiagnostics(vscode.Uri.file(bootstrap)).some((d) => ruleId(d) === 'exec-bit')
          ? true
          : undefined,
      );
    } finally {
      await chmod(bootstrap, 0o755);
    }
    await waitFor('exec-bit to clear after chmod +x', () =>
      vscode.languages.getDiagnostics(vscode.Uri.file(bootstrap)).some((d) => ruleId(d) === 'exec-bit')
        ? undefined
        : true,
    );
  });

  it('writes a python image project with a Dockerfile, clean too', async () => {
    const folder = path.join(root, 'python-image');
    const result = await newProject({
      language: 'python',
      packaging: 'image',
      architecture: 'arm64',
      functionName: 'Thumbnails',
      folder: vscode.Uri.file(folder),
      open: false,
    });
    for (const file of ['bootstrap', 'template.yaml', 'Dockerfile', 'events/event.json', '.vscode/launch.json']) {
      await stat(path.join(folder, file));
    }
    await stat(result.handler);
    assert.equal(await isExecutable(path.join(folder, 'bootstrap')), true, 'the bootstrap is not executable');
    const dockerfile = await readFile(path.join(folder, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /FROM\s+(--platform=linux\/arm64\s+)?public\.ecr\.aws\/lambda\/provided:al2023/);
    assert.match(dockerfile, /linux\/arm64/, 'the Dockerfile does not build for arm64');
    const template = await readFile(path.join(folder, 'template.yaml'), 'utf8');
    assert.match(template, /Thumbnails:/);
    assert.match(template, /arm64/);

    await openAndWaitForLint([
      path.join(folder, 'bootstrap'),
      path.join(folder, 'Dockerfile'),
      path.join(folder, 'template.yaml'),
    ]);
    assert.deepEqual(problemsUnder(folder), [], 'the fresh scaffold has problems');
  });

  for (const [language, packaging] of [
    ['node', 'zip'],
    ['go', 'image'],
    ['rust', 'zip'],
    ['cpp', 'image'],
  ] as const) {
    it(`writes a ${language} ${packaging} project the language server finds clean`, async () => {
      const folder = path.join(root, `${language}-${packaging}`);
      const result = await newProject({ language, packaging, folder, open: false });
      assert.ok(result.written.includes(result.handler), 'the handler was not written');
      // A compiled language's bootstrap is built by its Makefile: before that, the template and Dockerfile are linted.
      const candidates = ['bootstrap', 'template.yaml', 'Dockerfile'].map((file) => path.join(folder, file));
      const present = candidates.filter((file) => result.written.includes(file));
      assert.ok(present.includes(path.join(folder, 'template.yaml')), 'no template.yaml');
      assert.equal(present.includes(path.join(folder, 'Dockerfile')), packaging === 'image', 'Dockerfile iff image');
      await openAndWaitForLint(present);
      assert.deepEqual(problemsUnder(folder), [], 'the fresh scaffold has problems');
    });
  }

  it('keeps a user’s edited handler when run again with onConflict "keep", and writes what is missing', async () => {
    const folder = path.join(root, 'keep');
    const first = await newProject({ language: 'bash', folder, open: false });
    const edited = `${await readFile(first.handler, 'utf8')}\n# the user's own line\n`;
    await writeFile(first.handler, edited);
    await rm(path.join(folder, 'events', 'event.json'));

    const second = await newProject({ language: 'bash', folder, onConflict: 'keep', open: false });
    assert.equal(await readFile(first.handler, 'utf8'), edited, 'the edit was overwritten');
    assert.ok(second.kept.includes(first.handler), `the handler is not among kept: ${second.kept.join(', ')}`);
    assert.ok(!second.written.includes(first.handler), 'the handler is reported as written');
    assert.deepEqual(
      second.written,
      [path.join(folder, 'events', 'event.json')],
      'only the deleted file is written again',
    );
  });

  it('walks the prompts as the keyboard does: Next, Back (answers kept), defaults, the clicked folder', async () => {
    const folder = path.join(root, 'wizard-run');
    const running = start<NewProjectResult | undefined>('lambdaRuntime.newProject', vscode.Uri.file(folder));
    await onPrompt(ACCEPT); // 1 language: the first, bash
    await onPrompt(NEXT_ITEM, ACCEPT); // 2 packaging: container image
    await onPrompt(BACK_BUTTON); // 3 architecture: back to 2
    await onPrompt(ACCEPT); // 2 packaging: the image answer is still the active item
    await onPrompt(ACCEPT); // 3 architecture: this machine's
    await onPrompt(ACCEPT); // 4 base: provided.al2023
    await onPrompt(ACCEPT); // 5 folder: the one clicked in the Explorer
    await onPrompt(ACCEPT); // 6 name: from the folder
    const result = await settled('the prompted New Custom Runtime', running);
    assert.ok(result, 'the prompts were cancelled');
    assert.equal(result.folder, folder);
    await stat(path.join(folder, 'Dockerfile'));
    assert.match(await readFile(path.join(folder, 'template.yaml'), 'utf8'), /WizardRunFunction:/);
    const arch = process.arch === 'arm64' ? 'arm64' : 'x86_64';
    assert.match(await readFile(path.join(folder, 'template.yaml'), 'utf8'), new RegExp(arch));
    await waitFor('the handler to open', () =>
      vscode.window.activeTextEditor?.document.uri.fsPath === result.handler ? true : undefined,
    );
  });

  it('offers Runtime in a layer at the packaging step: the layer and a handler-only function, clean', async () => {
    const folder = path.join(root, 'layered-run');
    const running = start<NewProjectResult | undefined>('lambdaRuntime.newProject', vscode.Uri.file(folder));
    await onPrompt(ACCEPT); // 1 language: bash
    await onPrompt(NEXT_ITEM, NEXT_ITEM, ACCEPT); // 2 packaging: runtime in a layer
    await onPrompt(ACCEPT); // 3 architecture
    await onPrompt(ACCEPT); // 4 base
    await onPrompt(ACCEPT); // 5 folder
    await onPrompt(ACCEPT); // 6 name
    const result = await settled('New Custom Runtime with a layer', running);
    assert.ok(result, 'the prompts were cancelled');
    const bootstrap = path.join(folder, 'runtime', 'bootstrap');
    assert.equal(await isExecutable(bootstrap), true, "the layer's bootstrap is not executable");
    await assert.rejects(stat(path.join(folder, 'function', 'bootstrap')), /ENOENT/, 'the function has a bootstrap');
    const template = await readFile(path.join(folder, 'template.yaml'), 'utf8');
    assert.match(template, /AWS::Serverless::LayerVersion/);
    assert.match(template, /- !Ref LayeredRunFunctionRuntime/);
    assert.equal(result.handler, path.join(folder, 'function', 'function.sh'));
    await openAndWaitForLint([bootstrap, path.join(folder, 'template.yaml'), result.handler]);
    assert.deepEqual(problemsUnder(folder), [], 'the layered scaffold has problems');
  });

  it('cancels quietly on Escape, writing nothing', async () => {
    const folder = path.join(root, 'escaped');
    const running = start<NewProjectResult | undefined>('lambdaRuntime.newProject', vscode.Uri.file(folder));
    await onPrompt(ACCEPT);
    await onPrompt(ESCAPE);
    assert.equal(await settled('the cancelled New Custom Runtime', running), undefined);
    await assert.rejects(stat(folder), /ENOENT/);
  });

  it('asks before replacing an edited file: Compare shows the diff, Escape keeps, Overwrite replaces', async () => {
    const folder = path.join(root, 'asked');
    const first = await newProject({ language: 'bash', folder, open: false });
    const fresh = await readFile(first.handler, 'utf8');
    const edited = `${fresh}\n# the user's own line\n`;
    await writeFile(first.handler, edited);

    const keeping = start<NewProjectResult>('lambdaRuntime.newProject', { language: 'bash', folder, open: false });
    await onPrompt(NEXT_ITEM, NEXT_ITEM, ACCEPT); // Keep, Overwrite, [Compare]
    await waitFor('the diff of the existing and the proposed handler', () =>
      proposalDiffOpen(first.handler) ? true : undefined,
    );
    await onPrompt(ESCAPE); // asked again after the diff: Escape keeps
    const kept = await settled('New Custom Runtime with a kept file', keeping);
    assert.equal(await readFile(first.handler, 'utf8'), edited, 'the edit was lost');
    assert.ok(kept.kept.includes(first.handler), `the handler is not among kept: ${kept.kept.join(', ')}`);
    assert.deepEqual(kept.written, []);

    const overwriting = start<NewProjectResult>('lambdaRuntime.newProject', { language: 'bash', folder, open: false });
    await onPrompt(NEXT_ITEM, ACCEPT); // Keep, [Overwrite]
    const overwritten = await settled('New Custom Runtime with an overwritten file', overwriting);
    assert.equal(await readFile(first.handler, 'utf8'), fresh);
    assert.deepEqual(overwritten.written, [first.handler]);
  });

  it('refuses a bad argument object with a sentence, writing nothing', async () => {
    const folder = path.join(root, 'refused');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('lambdaRuntime.newProject', { language: 'cobol', folder })),
      /cobol.*bash/s,
    );
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('lambdaRuntime.newProject', { language: 'bash', folder: 'relative/dir' }),
      ),
      /absolute/,
    );
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('lambdaRuntime.newProject', {
          language: 'bash',
          folder,
          functionName: '9lives',
        }),
      ),
      /functionName/,
    );
    await assert.rejects(stat(folder), /ENOENT/, 'a refused run created the folder');
    const file = path.join(root, 'a-file');
    await writeFile(file, 'not a folder\n');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('lambdaRuntime.newProject', { language: 'bash', folder: file })),
      /is a file/,
    );
  });

  it('adds a sample event that parses as JSON', async () => {
    const folder = path.join(root, 'events-only');
    await mkdir(folder);
    const written = await vscode.commands.executeCommand<string>('lambdaRuntime.addEvent', {
      source: 's3-put',
      folder,
      open: false,
    });
    assert.equal(written, path.join(folder, 'events', 's3-put.json'));
    const event = JSON.parse(await readFile(written, 'utf8')) as { Records: { eventSource: string }[] };
    assert.equal(event.Records[0].eventSource, 'aws:s3');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('lambdaRuntime.addEvent', { source: 'no-such-event', folder })),
      /no-such-event.*s3-put/s,
    );
  });

  it('adds a Dockerfile for an existing bootstrap, with the handler its template names', async () => {
    const folder = path.join(root, 'orders');
    const written = await vscode.commands.executeCommand<string>('lambdaRuntime.addDockerfile', {
      folder,
      architecture: 'arm64',
      onConflict: 'keep',
      open: false,
    });
    assert.equal(written, path.join(folder, 'Dockerfile'));
    const dockerfile = await readFile(written, 'utf8');
    const template = await readFile(path.join(folder, 'template.yaml'), 'utf8');
    const handler = /Handler:\s*(\S+)/.exec(template)?.[1];
    assert.ok(handler, 'the template names no handler');
    assert.match(dockerfile, /public\.ecr\.aws\/lambda\/provided:al2023/);
    assert.ok(
      new RegExp(`^CMD \\[\\s*"${handler.replace(/\./g, '\\.')}"\\s*\\]$`, 'm').test(dockerfile),
      `no CMD ["${handler}"] in:\n${dockerfile}`,
    );
    assert.match(dockerfile, /linux\/arm64/);
    await openAndWaitForLint([written]);
    assert.deepEqual(problemsUnder(folder), [], 'the added Dockerfile has problems');
  });

  it('adds an executable bootstrap next to a handler', async () => {
    const folder = path.join(root, 'bootstrap-only');
    await mkdir(folder);
    await writeFile(path.join(folder, 'function.sh'), 'function handler () {\n  echo "$1"\n}\n');
    const written = await vscode.commands.executeCommand<string[]>('lambdaRuntime.addBootstrap', {
      language: 'bash',
      folder,
      onConflict: 'keep',
      open: false,
    });
    const bootstrap = path.join(folder, 'bootstrap');
    assert.ok(written.includes(bootstrap), `no bootstrap among ${written.join(', ')}`);
    assert.equal(await isExecutable(bootstrap), true, 'the bootstrap is not executable');
    assert.equal(
      await readFile(path.join(folder, 'function.sh'), 'utf8'),
      'function handler () {\n  echo "$1"\n}\n',
      'the handler was changed',
    );
  });
});
