// `lambda-runtime-kit new LANGUAGE DIR`, in this process and through the built dist/cli.js.
import { execa } from 'execa';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/run';
import { functionNameFromFolder } from '../../../src/core/scaffold';
import { LANGUAGES, renderScaffold } from '../../../src/core/scaffold';
import type { Language, Packaging, ScaffoldOptions } from '../../../src/core/scaffold/types';
import { builtFile } from '../helpers';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lrk-new-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function capture(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { out: (text) => (stdout += text), err: (text) => (stderr += text) });
  return { status, stdout, stderr };
}

function cli(args: string[], cwd?: string) {
  return execa(process.execPath, [builtFile('cli.js'), ...args], { reject: false, cwd });
}

/** Every file below `dir`, relative, with `/` separators. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path
        .relative(dir, path.join(entry.parentPath ?? entry.path, entry.name))
        .split(path.sep)
        .join('/'),
    )
    .sort();
}

const HOST_ARCH = process.arch === 'arm64' ? 'arm64' : 'x86_64';

describe('new: bad usage exits 2 and writes nothing', () => {
  const cases: [string, string[], RegExp][] = [
    ['no language', [], /missing LANGUAGE \(one of bash, /],
    ['an unknown language', ['cobol', 'DIR'], /unknown language 'cobol'; use one of bash, node, python, go, rust, cpp/],
    ['a misspelt language', ['pyhton', 'DIR'], /unknown language 'pyhton'.*Did you mean 'python'\?/],
    ['another name for a language', ['golang', 'DIR'], /unknown language 'golang'.*Did you mean 'go'\?/],
    ['no folder', ['bash'], /missing DIR/],
    ['an extra argument', ['bash', 'DIR', 'more'], /unexpected argument 'more'/],
    ['an unknown option', ['bash', 'DIR', '--zip'], /unknown option '--zip'/],
    ['a wrong architecture', ['bash', 'DIR', '--arch', 'amd64'], /--arch must be x86_64 or arm64, not 'amd64'/],
    [
      'a wrong base',
      ['bash', 'DIR', '--base', 'al2023'],
      /--base must be provided\.al2023 or provided\.al2, not 'al2023'/,
    ],
    ['an invalid name', ['bash', 'DIR', '--name', '9lives'], /--name '9lives': /],
    ['an option without its value', ['bash', 'DIR', '--arch'], /--arch/],
  ];
  for (const [title, args, message] of cases) {
    it(`with ${title}`, async () => {
      const dir = path.join(root, `usage-${title.replace(/\W+/g, '-')}`);
      const { status, stdout, stderr } = await capture(['new', ...args.map((arg) => (arg === 'DIR' ? dir : arg))]);
      assert.equal(status, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.match(stderr, /Usage: lambda-runtime-kit new LANGUAGE DIR/);
      assert.ok(!existsSync(dir), `${dir} was created`);
    });
  }

  it('when DIR is a file', async () => {
    const file = path.join(root, 'a-file');
    await writeFile(file, 'keep me\n');
    const { status, stderr } = await capture(['new', 'bash', file]);
    assert.equal(status, 2);
    assert.match(stderr, /exists and is not a folder/);
    assert.equal(await readFile(file, 'utf8'), 'keep me\n');
  });
});

describe('new: writes a project for every language and packaging', () => {
  for (const { id } of LANGUAGES) {
    for (const packaging of ['zip', 'image'] as Packaging[]) {
      it(`${id} (${packaging})`, async () => {
        const dir = path.join(root, `${id}-${packaging}`);
        const args = ['new', id, dir, ...(packaging === 'image' ? ['--image'] : [])];
        const { status, stdout, stderr } = await capture(args);
        assert.equal(status, 0, stderr);
        assert.equal(stderr, '');
        const options: ScaffoldOptions = {
          language: id as Language,
          packaging,
          architecture: HOST_ARCH,
          base: 'provided.al2023',
          functionName: `${id[0].toUpperCase()}${id.slice(1)}${packaging[0].toUpperCase()}${packaging.slice(1)}Function`,
        };
        const scaffold = renderScaffold(options);
        // Exactly the rendered files, byte for byte, executables with mode 0755.
        assert.deepEqual(await listFiles(dir), scaffold.files.map((file) => file.path).sort());
        for (const file of scaffold.files) {
          const absolute = path.join(dir, file.path);
          assert.equal(await readFile(absolute, 'utf8'), file.content, file.path);
          if (file.executable) assert.equal((await stat(absolute)).mode & 0o777, 0o755, `${file.path} mode`);
        }
        const template = await readFile(path.join(dir, 'template.yaml'), 'utf8');
        assert.match(template, new RegExp(`${options.functionName}:`));
        assert.match(template, new RegExp(`- ${HOST_ARCH}`));
        if (packaging === 'image') assert.ok(scaffold.files.some((file) => file.path === 'Dockerfile'));
        if (scaffold.files.some((file) => file.path === 'bootstrap')) {
          assert.equal((await stat(path.join(dir, 'bootstrap'))).mode & 0o777, 0o755);
        }
        // The summary names every file and the next steps.
        for (const file of scaffold.files) assert.ok(stdout.includes(path.join(dir, file.path)), file.path);
        assert.match(stdout, new RegExp(`Created ${options.functionName}: a ${id} custom runtime \\(${packaging}, `));
        assert.match(stdout, /Next steps:/);
        assert.ok(stdout.includes(`invoke --bootstrap ${path.join(dir, scaffold.bootstrapPath)} `), stdout);
        assert.ok(stdout.includes(`--event ${path.join(dir, scaffold.eventPath)}`), stdout);
        if (scaffold.build) assert.match(stdout, new RegExp(`^  ${scaffold.build[0]}`, 'm'));
        if (packaging === 'image') assert.match(stdout, /docker build --platform linux\/(amd64|arm64) /);
      });
    }
  }

  it('takes --arch, --base and --name into the template', async () => {
    const dir = path.join(root, 'options');
    const { status, stderr } = await capture([
      'new',
      'python',
      dir,
      '--arch',
      'arm64',
      '--base',
      'provided.al2',
      '--name',
      'Greeter',
    ]);
    assert.equal(status, 0, stderr);
    const template = await readFile(path.join(dir, 'template.yaml'), 'utf8');
    assert.match(template, /^ {2}Greeter:/m);
    assert.match(template, /- arm64/);
    assert.match(template, /provided\.al2\b(?!023)/);
  });

  it('names the function after the folder, or Function', () => {
    assert.equal(functionNameFromFolder('/tmp/orders-api'), 'OrdersApiFunction');
    assert.equal(functionNameFromFolder('/tmp/my_function'), 'MyFunction');
    assert.equal(functionNameFromFolder('/tmp/2024'), 'Function');
    assert.equal(functionNameFromFolder('/tmp/---'), 'Function');
  });
});

describe('new: never overwrites', () => {
  it('writes nothing when one file exists with other content, and leaves that file alone', async () => {
    const dir = path.join(root, 'taken');
    await mkdir(path.join(dir, 'events'), { recursive: true });
    await writeFile(path.join(dir, 'template.yaml'), 'my own template\n');
    await writeFile(path.join(dir, 'events', 'event.json'), '{"mine": true}\n');
    const { status, stdout, stderr } = await capture(['new', 'bash', dir]);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /2 files it would write already exist with other content; nothing was written/);
    assert.ok(stderr.includes(path.join(dir, 'template.yaml')));
    assert.ok(stderr.includes(path.join(dir, 'events', 'event.json')));
    assert.equal(await readFile(path.join(dir, 'template.yaml'), 'utf8'), 'my own template\n');
    assert.equal(await readFile(path.join(dir, 'events', 'event.json'), 'utf8'), '{"mine": true}\n');
    assert.deepEqual(await listFiles(dir), ['events/event.json', 'template.yaml']);
  });

  it('accepts files that already hold the same content, and keeps other files of the folder', async () => {
    const dir = path.join(root, 'again');
    assert.equal((await capture(['new', 'bash', dir])).status, 0);
    await writeFile(path.join(dir, 'notes.txt'), 'mine\n');
    const before = await listFiles(dir);
    const second = await capture(['new', 'bash', dir]);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /kept {2}.*template\.yaml \(already the same\)/);
    assert.deepEqual(await listFiles(dir), before);
    assert.equal(await readFile(path.join(dir, 'notes.txt'), 'utf8'), 'mine\n');
  });
});

describe('new through dist/cli.js', () => {
  it('scaffolds a bash runtime whose printed invoke command works against the emulator', async () => {
    const { exitCode, stdout, stderr } = await cli(['new', 'bash', 'hello-runtime'], root);
    assert.equal(exitCode, 0, stderr);
    assert.equal((await stat(path.join(root, 'hello-runtime', 'bootstrap'))).mode & 0o777, 0o755);
    assert.match(stdout, /Created HelloRuntimeFunction: a bash custom runtime \(zip, /);
    const invokeLine = /^ {2}lambda-runtime-kit (invoke .+)$/m.exec(stdout)?.[1];
    assert.ok(invokeLine, stdout);
    // The printed command quotes nothing here: the paths and the handler are plain words.
    const invoked = await cli(invokeLine.split(' '), root);
    assert.equal(invoked.exitCode, 0, invoked.stderr);
    assert.ok(JSON.parse(invoked.stdout) !== undefined);
    assert.match(invoked.stdout, /World/);
    // The sample handler refuses an event without a name: Lambda's error JSON, status 1.
    const refusedEvent = await execa(
      process.execPath,
      [builtFile('cli.js'), ...invokeLine.replace(/--event \S+$/, '--event -').split(' ')],
      { reject: false, cwd: root, input: '{}' },
    );
    assert.equal(refusedEvent.exitCode, 1, refusedEvent.stderr);
    const error = JSON.parse(refusedEvent.stdout);
    assert.equal(typeof error.errorType, 'string');
    assert.equal(typeof error.errorMessage, 'string');

    const refused = await cli(
      ['new', 'bash', 'hello-runtime', '--arch', HOST_ARCH === 'arm64' ? 'x86_64' : 'arm64'],
      root,
    );
    assert.equal(refused.exitCode, 2, 'another architecture changes template.yaml, which exists');
    assert.match(refused.stderr, /template\.yaml/);
  });
});
