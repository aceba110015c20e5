// The scaffolding commands' answers: argument objects checked with sentences, defaults, folder checks.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { languageFromExtension } from '../../../src/commands/scaffold/detect';
import {
  defaultHandler,
  languageOfFolder,
  parseAddBootstrapArgs,
  parseAddDockerfileArgs,
  parseAddEventArgs,
} from '../../../src/commands/scaffold/add-requests';
import {
  ArgumentError,
  conflictingFiles,
  inspectFolder,
  isInside,
  parseNewProjectArgs,
  resolveFolderInput,
} from '../../../src/commands/scaffold/request';
import { functionNameFromFolder, hostArchitecture, LANGUAGES, validateFunctionName } from '../../../src/core/scaffold';

const FOLDER = path.resolve('/projects/orders-api');

/** Asserts that `run` throws an ArgumentError whose message matches `pattern`. */
function refuses(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ArgumentError, `not an ArgumentError: ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('parseNewProjectArgs', () => {
  it('fills in the defaults: zip, the host architecture, provided.al2023, a name from the folder, ask, open', () => {
    assert.deepEqual(parseNewProjectArgs({ language: 'bash', folder: FOLDER }, 'arm64'), {
      options: {
        language: 'bash',
        packaging: 'zip',
        architecture: 'arm64',
        base: 'provided.al2023',
        functionName: 'OrdersApiFunction',
      },
      folder: FOLDER,
      onConflict: 'ask',
      open: true,
    });
  });

  it('takes every answer given, and a file Uri for the folder', () => {
    const request = parseNewProjectArgs({
      language: 'rust',
      packaging: 'image',
      architecture: 'x86_64',
      base: 'provided.al2',
      folder: { scheme: 'file', fsPath: FOLDER },
      functionName: 'Resize',
      onConflict: 'keep',
      open: false,
    });
    assert.deepEqual(request.options, {
      language: 'rust',
      packaging: 'image',
      architecture: 'x86_64',
      base: 'provided.al2',
      functionName: 'Resize',
    });
    assert.equal(request.folder, FOLDER);
    assert.equal(request.onConflict, 'keep');
    assert.equal(request.open, false);
  });

  it('accepts every language of the catalogue', () => {
    for (const language of LANGUAGES) {
      assert.equal(parseNewProjectArgs({ language: language.id, folder: FOLDER }).options.language, language.id);
    }
  });

  it('refuses what it cannot use, saying what to give instead', () => {
    refuses(() => parseNewProjectArgs(undefined), /one argument object/);
    refuses(() => parseNewProjectArgs('bash'), /one argument object/);
    refuses(() => parseNewProjectArgs({ folder: FOLDER }), /language is missing: give one of bash/);
    refuses(() => parseNewProjectArgs({ language: 'cobol', folder: FOLDER }), /"cobol" is not one of bash, /);
    refuses(() => parseNewProjectArgs({ language: 'bash' }), /folder is missing/);
    refuses(() => parseNewProjectArgs({ language: 'bash', folder: 'relative/dir' }), /not an absolute path/);
    refuses(
      () => parseNewProjectArgs({ language: 'bash', folder: { scheme: 'vscode-vfs', fsPath: '/x' } }),
      /vscode-vfs: URI; scaffolds are written to local folders only/,
    );
    refuses(() => parseNewProjectArgs({ language: 'bash', folder: FOLDER, packaging: 'tar' }), /packaging "tar"/);
    refuses(() => parseNewProjectArgs({ language: 'bash', folder: FOLDER, architecture: 'x64' }), /architecture "x64"/);
    refuses(() => parseNewProjectArgs({ language: 'bash', folder: FOLDER, base: 'provided' }), /base "provided"/);
    refuses(() => parseNewProjectArgs({ language: 'bash', folder: FOLDER, onConflict: 'merge' }), /onConflict/);
    refuses(() => parseNewProjectArgs({ language: 'bash', folder: FOLDER, open: 'yes' }), /open must be true or false/);
    refuses(() => parseNewProjectArgs({ language: 'bash', folder: FOLDER, functionName: 42 }), /must be a string/);
    refuses(
      () => parseNewProjectArgs({ language: 'bash', folder: FOLDER, funcionName: 'X' }),
      /does not know funcionName/,
    );
  });

  it('checks the function name with the scaffold’s own rule', () => {
    const problem = validateFunctionName('9lives');
    assert.ok(problem, 'the scaffold accepts a name starting with a digit');
    refuses(
      () => parseNewProjectArgs({ language: 'bash', folder: FOLDER, functionName: '9lives' }),
      /functionName "9lives"/,
    );
  });
});

describe('defaults', () => {
  it('runs code built here on the host’s CPU', () => {
    assert.equal(hostArchitecture('arm64'), 'arm64');
    assert.equal(hostArchitecture('x64'), 'x86_64');
  });

  it('names the function after the folder, or Function', () => {
    assert.equal(functionNameFromFolder('/p/orders-api'), 'OrdersApiFunction');
    assert.equal(functionNameFromFolder('/p/thumbnail_maker'), 'ThumbnailMakerFunction');
    assert.equal(functionNameFromFolder('/p/ResizeFunction'), 'ResizeFunction');
    assert.equal(functionNameFromFolder('/p/2024 report'), 'ReportFunction');
    assert.equal(functionNameFromFolder('/p/42'), 'Function');
    assert.equal(functionNameFromFolder('/p/---'), 'Function');
    for (const folder of ['/p/orders-api', '/p/42', '/p/ÿ']) {
      assert.equal(validateFunctionName(functionNameFromFolder(folder)), undefined, folder);
    }
  });

  it('knows a handler’s language by its extension, and a folder’s by its files', () => {
    assert.equal(languageFromExtension('function.sh'), 'bash');
    assert.equal(languageFromExtension('/x/handler.mjs'), 'node');
    assert.equal(languageFromExtension('app.PY'), 'python');
    assert.equal(languageFromExtension('main.go'), 'go');
    assert.equal(languageFromExtension('main.rs'), 'rust');
    assert.equal(languageFromExtension('handler.cpp'), 'cpp');
    assert.equal(languageFromExtension('README.md'), undefined);
    assert.equal(languageOfFolder(['bootstrap', 'a.py', 'b.py', 'run.sh', '.x.js']), 'python');
    assert.equal(languageOfFolder(['README.md']), undefined);
  });

  it('proposes a handler from the handler file', () => {
    assert.equal(defaultHandler(['function.sh']), 'function.handler');
    assert.equal(defaultHandler(['app.py', 'lib.py']), 'app.handler');
    assert.equal(defaultHandler([]), 'function.handler');
  });
});

describe('the other commands’ arguments', () => {
  it('addEvent: a catalogue source (any case) and a folder', () => {
    assert.deepEqual(parseAddEventArgs({ source: 'S3-Put', folder: FOLDER }, ['sqs', 's3-put']), {
      source: 's3-put',
      folder: FOLDER,
      onConflict: 'ask',
      open: true,
    });
    refuses(() => parseAddEventArgs({ source: 'kafka', folder: FOLDER }, ['sqs', 's3-put']), /"kafka".*sqs, s3-put/);
    refuses(() => parseAddEventArgs({ folder: FOLDER }, ['sqs']), /source is missing/);
    refuses(() => parseAddEventArgs({ source: 'sqs' }, ['sqs']), /folder is missing/);
  });

  it('addBootstrap: a language and a folder', () => {
    assert.deepEqual(parseAddBootstrapArgs({ language: 'node', folder: FOLDER, onConflict: 'overwrite' }), {
      language: 'node',
      folder: FOLDER,
      onConflict: 'overwrite',
      open: true,
    });
    refuses(() => parseAddBootstrapArgs({ folder: FOLDER }), /language is missing/);
  });

  it('addDockerfile: a folder, the rest optional', () => {
    assert.deepEqual(parseAddDockerfileArgs({ folder: FOLDER }), {
      folder: FOLDER,
      base: undefined,
      architecture: undefined,
      handler: undefined,
      onConflict: 'ask',
      open: true,
    });
    assert.equal(parseAddDockerfileArgs({ folder: FOLDER, base: 'provided.al2' }).base, 'provided.al2');
    refuses(() => parseAddDockerfileArgs({ folder: FOLDER, handler: ' ' }), /handler must be a non-empty string/);
    refuses(() => parseAddDockerfileArgs({ folder: FOLDER, architecture: 'ppc64' }), /architecture "ppc64"/);
  });
});

describe('target folders', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lrk-scaffold-request-'));
    mkdirSync(path.join(root, 'project', 'events'), { recursive: true });
    writeFileSync(path.join(root, 'project', 'template.yaml'), 'mine\n');
    writeFileSync(path.join(root, 'project', 'events', 'event.json'), '{}\n');
    writeFileSync(path.join(root, 'a-file'), 'x\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a file, creates a missing folder, names the files already there', () => {
    const paths = ['bootstrap', 'template.yaml', 'events/event.json'];
    assert.deepEqual(inspectFolder(path.join(root, 'a-file'), paths), { kind: 'file' });
    assert.deepEqual(inspectFolder(path.join(root, 'new'), paths), { kind: 'missing' });
    assert.deepEqual(inspectFolder(path.join(root, 'project'), paths), {
      kind: 'ready',
      existing: ['template.yaml', 'events/event.json'],
    });
  });

  it('counts as conflicts only existing files with other content', () => {
    const files = [
      { path: 'bootstrap', content: '#!/bin/sh\n' },
      { path: 'template.yaml', content: 'theirs\n' },
      { path: 'events/event.json', content: '{}\n' },
    ];
    assert.deepEqual(
      conflictingFiles(path.join(root, 'project'), files).map((file) => file.path),
      ['template.yaml'],
    );
  });

  it('resolves a typed folder against the workspace folder, refusing what would leave it', () => {
    const base = path.join(root, 'ws');
    assert.deepEqual(resolveFolderInput(base, ' orders '), { folder: path.join(base, 'orders') });
    assert.deepEqual(resolveFolderInput(base, 'services/orders'), { folder: path.join(base, 'services', 'orders') });
    assert.deepEqual(resolveFolderInput(undefined, '/abs/where'), { folder: path.resolve('/abs/where') });
    assert.match((resolveFolderInput(base, '../out') as { error: string }).error, /leave out ".."/);
    assert.match((resolveFolderInput(base, '') as { error: string }).error, /Type a folder name/);
    assert.match(
      (resolveFolderInput(undefined, 'orders') as { error: string }).error,
      /absolute path or choose Browse/,
    );
    assert.match((resolveFolderInput(base, 'a|b') as { error: string }).error, /characters/);
  });

  it('knows when a folder is in the workspace', () => {
    assert.equal(isInside('/w/a/b', '/w'), true);
    assert.equal(isInside('/w', '/w'), true);
    assert.equal(isInside('/wx', '/w'), false);
    assert.equal(isInside('/other', '/w'), false);
  });
});
