// Every scaffold renders for every language, packaging, architecture and base: deterministic, LF, relative paths,
// the bootstrap executable, a template that parses to the function asked for, a launch configuration for it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate } from '../../../src/core/project/template';
import {
  LANGUAGES,
  languageTemplate,
  renderBootstrap,
  renderDockerfileFor,
  renderScaffold,
  validateFunctionName,
} from '../../../src/core/scaffold';
import type { Language, ScaffoldOptions } from '../../../src/core/scaffold/types';
import { ARCHITECTURES, BASES, FUNCTION_NAME, optionsFor, PACKAGINGS } from './support';

const ERROR_TYPES: Partial<Record<Language, string>> = {
  bash: 'InvalidEvent',
  node: 'TypeError',
  python: 'ValueError',
};

describe('the language catalogue', () => {
  it('lists the six languages in picker order, each with a template', () => {
    assert.deepEqual(
      LANGUAGES.map((language) => language.id),
      ['bash', 'node', 'python', 'go', 'rust', 'cpp'],
    );
    for (const language of LANGUAGES) {
      assert.equal(languageTemplate(language.id).id, language.id);
      assert.ok(language.toolchain.length > 0, `${language.id} names its toolchain`);
      assert.equal(language.compiled, ['go', 'rust', 'cpp'].includes(language.id));
    }
  });

  it('refuses an unknown language with a sentence', () => {
    assert.throws(() => languageTemplate('cobol' as Language), /Unknown language 'cobol': use one of bash, node/);
  });
});

describe('validateFunctionName (a CloudFormation logical id)', () => {
  it('accepts letters and digits starting with a letter, up to 64', () => {
    for (const name of ['Function', 'HelloFunction2', 'a', 'X'.repeat(64)])
      assert.equal(validateFunctionName(name), undefined);
  });
  it('says what is wrong otherwise', () => {
    assert.match(validateFunctionName('')!, /Type a function name/);
    assert.match(validateFunctionName('2Fast')!, /start with a letter/);
    assert.match(validateFunctionName('my-function')!, /only letters and digits.*“-”/);
    assert.match(validateFunctionName('my function')!, /not a space/);
    assert.match(validateFunctionName('Fünf')!, /only letters and digits.*“ü”/);
    assert.match(validateFunctionName('X'.repeat(65))!, /65 characters; .* at most 64/);
  });
});

for (const language of LANGUAGES) {
  describe(`${language.label} scaffolds`, () => {
    for (const packaging of PACKAGINGS)
      for (const architecture of ARCHITECTURES)
        for (const base of BASES) {
          const options = optionsFor(language, packaging, architecture, base);
          it(`render for ${packaging}, ${architecture}, ${base}`, () => checkScaffold(options));
        }
  });
}

function checkScaffold(options: ScaffoldOptions): void {
  const language = languageTemplate(options.language);
  const scaffold = renderScaffold(options);
  assert.deepEqual(renderScaffold({ ...options }), scaffold, 'the same options render the same files');
  const paths = scaffold.files.map((file) => file.path);
  assert.equal(new Set(paths).size, paths.length, 'each path once');
  for (const file of scaffold.files) {
    assert.ok(!file.content.includes('\r'), `${file.path} has LF endings`);
    assert.ok(file.content.endsWith('\n'), `${file.path} ends with a newline`);
    assert.match(file.path, /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[^\\]+$/, `${file.path} is relative`);
    assert.equal(file.executable === true, file.role === 'bootstrap', `${file.path}: only the bootstrap is executable`);
  }
  const byPath = new Map(scaffold.files.map((file) => [file.path, file]));
  const bootstrap = byPath.get(scaffold.bootstrapPath);
  if (language.compiled) {
    assert.equal(bootstrap, undefined, 'a compiled bootstrap is built, not written');
    assert.deepEqual(scaffold.build, ['make']);
    assert.equal(byPath.get('Makefile')?.role, 'makefile');
    assert.match(byPath.get('Makefile')!.content, new RegExp(`^build-${FUNCTION_NAME}:`, 'm'));
  } else {
    assert.equal(bootstrap?.executable, true, 'the bootstrap is executable');
    assert.match(bootstrap!.content, /^#!/);
    assert.equal(scaffold.build, undefined);
  }
  assert.equal(byPath.get(scaffold.handlerPath)?.role, 'handler');
  assert.deepEqual(JSON.parse(byPath.get(scaffold.eventPath)!.content), { name: 'World' });
  assert.match(
    byPath.get('.gitattributes')!.content,
    language.compiled ? /^bootstrap binary$/m : /^bootstrap text eol=lf$/m,
  );
  for (const name of ['.gitignore', 'README.md', 'template.yaml', '.vscode/launch.json'])
    assert.ok(byPath.has(name), name);
  assert.match(byPath.get('.gitignore')!.content, /^\.aws-sam\/$/m);

  const readme = byPath.get('README.md')!.content;
  assert.ok(readme.includes(`--handler ${scaffold.handler}`), 'the README shows how to invoke it');
  if (!language.compiled) assert.ok(readme.includes(ERROR_TYPES[language.id]!), 'the README names the error type');

  const template = parseTemplate(byPath.get('template.yaml')!.content, '/project/template.yaml');
  assert.deepEqual(
    template.problems.filter((problem) => problem.severity === 'error'),
    [],
  );
  assert.equal(template.functions.length, 1);
  const fn = template.functions[0];
  assert.equal(fn.name, options.functionName);
  assert.equal(fn.architecture, options.architecture);
  if (options.packaging === 'zip') {
    assert.equal(fn.packageType, 'Zip');
    assert.equal(fn.runtime, options.base);
    assert.equal(fn.handler, scaffold.handler);
    assert.equal(fn.buildMethod, language.compiled ? 'makefile' : undefined);
    const layered = options.language === 'node' || options.language === 'python';
    assert.equal(fn.layers.length, layered ? 1 : 0, 'node and python take their interpreter from a layer');
    assert.equal(byPath.has('Dockerfile'), false);
  } else {
    assert.equal(fn.packageType, 'Image');
    assert.equal(fn.dockerfile, '/project/Dockerfile');
    const dockerfile = byPath.get('Dockerfile')!.content;
    const platform = options.architecture === 'arm64' ? 'linux/arm64' : 'linux/amd64';
    const froms = dockerfile.split('\n').filter((line) => line.startsWith('FROM '));
    assert.ok(froms.length > 0 && froms.every((line) => line.includes(`--platform=${platform}`)), dockerfile);
    const tag = options.base === 'provided.al2' ? 'al2' : 'al2023';
    assert.ok(froms.at(-1)!.endsWith(`public.ecr.aws/lambda/provided:${tag}`), froms.at(-1));
    assert.match(dockerfile, /\$\{LAMBDA_RUNTIME_DIR\}/);
    assert.match(dockerfile, new RegExp(`^CMD \\[ ?"${scaffold.handler.replace('.', '\\.')}" ?\\]$`, 'm'));
    if (language.compiled) assert.ok(froms.length >= 2, 'a multi-stage build');
  }

  const launch = JSON.parse(byPath.get('.vscode/launch.json')!.content);
  const [configuration] = launch.configurations;
  assert.equal(configuration.type, 'lambda-runtime');
  assert.equal(configuration.request, 'launch');
  assert.equal(configuration.handler, scaffold.handler);
  assert.equal(configuration.bootstrap, `\${workspaceFolder}/${scaffold.bootstrapPath}`);
  assert.equal(configuration.event, `\${workspaceFolder}/${scaffold.eventPath}`);
  if (language.compiled) {
    const tasks = JSON.parse(byPath.get('.vscode/tasks.json')!.content);
    assert.equal(tasks.tasks[0].label, configuration.preLaunchTask);
    assert.deepEqual([tasks.tasks[0].command, ...tasks.tasks[0].args], scaffold.build);
  } else {
    assert.equal(configuration.preLaunchTask, undefined);
    assert.equal(byPath.has('.vscode/tasks.json'), false);
  }
}

describe('renderScaffold refuses bad options with a sentence', () => {
  const good = optionsFor(LANGUAGES[0], 'zip');
  it('a name that is no logical id', () => {
    assert.throws(() => renderScaffold({ ...good, functionName: 'hello-world' }), /only letters and digits/);
  });
  it('an unknown language, packaging, architecture or base', () => {
    assert.throws(() => renderScaffold({ ...good, language: 'perl' as Language }), /Unknown language 'perl'/);
    assert.throws(() => renderScaffold({ ...good, packaging: 'tar' as 'zip' }), /Unknown packaging 'tar'/);
    assert.throws(() => renderScaffold({ ...good, architecture: 'mips' as 'arm64' }), /Unknown architecture 'mips'/);
    assert.throws(() => renderScaffold({ ...good, base: 'provided' as 'provided.al2' }), /Unknown base 'provided'/);
  });
});

describe('renderBootstrap (Add Bootstrap)', () => {
  for (const language of LANGUAGES) {
    it(`${language.id}: the runtime's files, without replacing an interpreted handler`, () => {
      const files = renderBootstrap(language.id, { functionName: 'MyFunction' });
      assert.ok(files.length > 0);
      for (const file of files) assert.ok(!file.content.includes('\r'));
      if (language.compiled) {
        assert.match(files.find((file) => file.path === 'Makefile')!.content, /^build-MyFunction:/m);
      } else {
        assert.deepEqual(
          files.map((file) => [file.path, file.role, file.executable]),
          [['bootstrap', 'bootstrap', true]],
        );
      }
    });
  }
});

describe('renderDockerfileFor (Add Dockerfile)', () => {
  it('an unknown language: the bootstrap to the runtime dir, the given files to the task root', () => {
    const text = renderDockerfileFor({
      base: 'provided.al2',
      architecture: 'arm64',
      bootstrap: 'bin/bootstrap',
      handler: 'app.main',
      extraFiles: ['app.sh', 'lib/util.sh', 'bin/bootstrap'],
    });
    assert.match(text, /^FROM --platform=linux\/arm64 public\.ecr\.aws\/lambda\/provided:al2$/m);
    assert.match(text, /^COPY bin\/bootstrap \$\{LAMBDA_RUNTIME_DIR\}\/bootstrap$/m);
    assert.match(text, /^RUN chmod 755 \$\{LAMBDA_RUNTIME_DIR\}\/bootstrap$/m);
    assert.match(text, /^COPY app\.sh lib\/util\.sh \$\{LAMBDA_TASK_ROOT\}\/$/m);
    assert.match(text, /^CMD \[ "app\.main" \]$/m);
  });

  it('copies the whole context when no files are named, and quotes paths with spaces', () => {
    const text = renderDockerfileFor({ base: 'provided.al2023', architecture: 'x86_64', bootstrap: 'my bootstrap' });
    assert.match(text, /^COPY \["my bootstrap", "\$\{LAMBDA_RUNTIME_DIR\}\/bootstrap"\]$/m);
    assert.match(text, /^COPY \. \$\{LAMBDA_TASK_ROOT\}\/$/m);
  });

  it('installs the interpreter of a node or python bootstrap', () => {
    const request = { architecture: 'x86_64', bootstrap: 'bootstrap', handler: 'function.handler' } as const;
    assert.match(
      renderDockerfileFor({ ...request, base: 'provided.al2023', language: 'node' }),
      /dnf install -y nodejs/,
    );
    assert.match(
      renderDockerfileFor({ ...request, base: 'provided.al2', language: 'python' }),
      /yum install -y python3/,
    );
  });

  it("builds a compiled language from its sources, with the template's function and the given handler", () => {
    for (const language of LANGUAGES.filter((candidate) => candidate.compiled)) {
      const text = renderDockerfileFor({
        base: 'provided.al2023',
        architecture: 'x86_64',
        language: language.id,
        bootstrap: 'bootstrap',
        handler: 'custom',
        functionName: 'MyFunction',
      });
      assert.ok(text.split('\n').filter((line) => line.startsWith('FROM ')).length >= 2, language.id);
      assert.match(text, /^CMD \[ "custom" \]$/m, language.id);
    }
  });

  it('refuses a bootstrap or file outside the build context', () => {
    const base = { base: 'provided.al2023', architecture: 'x86_64' } as const;
    assert.throws(
      () => renderDockerfileFor({ ...base, bootstrap: '../bootstrap' }),
      /not inside the Dockerfile's folder/,
    );
    assert.throws(() => renderDockerfileFor({ ...base, bootstrap: '/var/bootstrap' }), /not inside/);
    assert.throws(() => renderDockerfileFor({ ...base, bootstrap: 'b', extraFiles: ['a/../../x'] }), /not inside/);
  });
});
