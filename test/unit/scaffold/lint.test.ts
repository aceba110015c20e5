// Every scaffold, written to disk, lints clean as `lambda-runtime-kit lint` runs it (ShellCheck included): no
// error or warning from our rules, from ShellCheck or from the Dockerfile checks, and its template parses.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { execa } from 'execa';
import { runLint } from '../../../src/cli/lint';
import { shellcheckStatus } from '../../../src/core/lint/shell';
import { parseTemplate } from '../../../src/core/project/template';
import { LANGUAGES, renderDockerfileFor } from '../../../src/core/scaffold';
import type { ScaffoldOptions } from '../../../src/core/scaffold/types';
import { has, optionsFor, PACKAGINGS, writeTemp } from './support';

interface JsonFinding {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
}

const noShellcheck = has('shellcheck') ? undefined : 'shellcheck is not installed';
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** `lint --format json DIR`: its exit code, findings and the files it checked. */
async function lint(dir: string): Promise<{ code: number; findings: JsonFinding[]; summary: string }> {
  let out = '';
  let err = '';
  const code = await runLint(['--format', 'json', dir], { out: (text) => (out += text), err: (text) => (err += text) });
  assert.equal(err, '', 'nothing unreadable');
  let text = '';
  await runLint(['--format', 'text', dir], { out: (t) => (text += t), err: () => undefined });
  return { code, findings: JSON.parse(out), summary: text };
}

function serious(findings: readonly JsonFinding[]): JsonFinding[] {
  return findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

/** The files `lint` must find in a scaffold: the bootstrap script (if written), the template, the Dockerfile. */
function expectedCount(options: ScaffoldOptions, compiled: boolean): number {
  return (compiled ? 0 : 1) + 1 + (options.packaging === 'image' ? 1 : 0);
}

const matrix = LANGUAGES.flatMap((language) => [
  ...PACKAGINGS.map((packaging) => optionsFor(language, packaging, 'x86_64')),
  optionsFor(language, 'zip', 'arm64', 'provided.al2'),
  optionsFor(language, 'image', 'arm64', 'provided.al2'),
]);

describe('scaffolds lint clean, ShellCheck included', { skip: noShellcheck }, () => {
  for (const options of matrix) {
    const language = LANGUAGES.find((candidate) => candidate.id === options.language)!;
    it(`${options.language} ${options.packaging} ${options.architecture} ${options.base}`, async () => {
      const { dir, scaffold } = await writeTemp(options);
      dirs.push(dir);
      const { code, findings, summary } = await lint(dir);
      assert.deepEqual(serious(findings), [], summary);
      assert.deepEqual(findings, [], 'not even an info or a hint');
      assert.equal(code, 0);
      assert.match(summary, new RegExp(`^${expectedCount(options, language.compiled)} files? checked`, 'm'));
      if (!language.compiled) assert.deepEqual(shellcheckStatus('shellcheck'), { state: 'ok' }, 'ShellCheck ran');
      const template = await readFile(path.join(dir, 'template.yaml'), 'utf8');
      const parsed = parseTemplate(template, path.join(dir, 'template.yaml'));
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.functions[0]?.name, options.functionName);
      // The linter ignores files other than bootstraps: ShellCheck checks the bash handler here.
      for (const file of scaffold.files.filter((candidate) => candidate.path.endsWith('.sh'))) {
        const result = await execa('shellcheck', [path.join(dir, file.path)], { reject: false });
        assert.equal(result.exitCode, 0, result.stdout);
      }
    });
  }

  it('an interpreted zip function without its interpreter layer is reported (the layer is what makes it clean)', async () => {
    const { dir } = await writeTemp(
      optionsFor(
        LANGUAGES.find((language) => language.id === 'python')!,
        'zip',
      ),
    );
    dirs.push(dir);
    const file = path.join(dir, 'template.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^ {6}Layers: .*\n/m, ''));
    const { findings } = await lint(dir);
    assert.deepEqual(
      serious(findings).map((finding) => [path.basename(finding.file), finding.code]),
      [['bootstrap', 'interpreter-missing']],
    );
  });

  it("Add Dockerfile's generic image for a bash bootstrap lints clean", async () => {
    const { dir } = await writeTemp(optionsFor(LANGUAGES[0], 'zip'));
    dirs.push(dir);
    await rm(path.join(dir, 'template.yaml'));
    const dockerfile = renderDockerfileFor({
      base: 'provided.al2023',
      architecture: 'arm64',
      bootstrap: 'bootstrap',
      handler: 'function.handler',
      extraFiles: ['function.sh'],
    });
    await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
    const { findings, summary } = await lint(dir);
    assert.deepEqual(serious(findings), [], summary);
    assert.match(summary, /^2 files checked/m);
  });
});
