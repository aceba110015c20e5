import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EnvVarsError, parseEnvVars, readEnvVars } from '../../../src/core/emulator/env-vars';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-env-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

function rejectsAt(text: string, line: number | undefined, message: RegExp, functionName?: string) {
  assert.throws(
    () => parseEnvVars(text, 'vars.env', functionName),
    (error: unknown) => {
      assert.ok(error instanceof EnvVarsError);
      assert.equal(error.line, line);
      assert.equal(error.file, 'vars.env');
      assert.match(error.message, message);
      assert.ok(error.message.startsWith(line === undefined ? 'vars.env: ' : `vars.env:${line}: `), error.message);
      return true;
    },
  );
}

describe('readEnvVars: dotenv files', () => {
  it('reads KEY=VALUE lines, skipping comments and blank lines, with an optional export prefix', async () => {
    const file = await write(
      '.env',
      '# settings\n\nTABLE=orders\nexport REGION = eu-west-1\n  LEVEL=debug  \nEMPTY=\nURL=http://x/?a=b\n',
    );
    assert.deepEqual(await readEnvVars(file), {
      TABLE: 'orders',
      REGION: 'eu-west-1',
      LEVEL: 'debug',
      EMPTY: '',
      URL: 'http://x/?a=b',
    });
  });

  it('keeps quoted values as written: single quotes literal, double quotes with escapes, across lines', () => {
    const text = [
      `SINGLE='a "b" \\n # not a comment'`,
      'DOUBLE="line1\\nline2 \\"q\\" \\\\ \\t end" # a comment',
      'MULTI="first',
      'second"',
      "SPACES='  padded  '",
      'HASH=a#b # trailing comment',
    ].join('\r\n');
    assert.deepEqual(parseEnvVars(text, 'vars.env'), {
      SINGLE: 'a "b" \\n # not a comment',
      DOUBLE: 'line1\nline2 "q" \\ \t end',
      MULTI: 'first\nsecond',
      SPACES: '  padded  ',
      HASH: 'a#b',
    });
  });

  it('lets a later line override an earlier one and ignores a byte-order mark', () => {
    assert.deepEqual(parseEnvVars('\uFEFFA=1\nA=2\n', 'vars.env'), { A: '2' });
  });

  it('names the file and line of a line that is no assignment', () => {
    rejectsAt('A=1\n\njust words\n', 3, /expected KEY=VALUE, found 'just words'/);
  });

  it('rejects a name that is no variable name', () => {
    rejectsAt('A=1\n1ABC=2\n', 2, /'1ABC' is not a variable name/);
    rejectsAt('MY-VAR=2\n', 1, /'MY-VAR' is not a variable name/);
  });

  it('rejects an unclosed quote at the line that opens it', () => {
    rejectsAt('A=1\nB="never closed\nC=3\n', 2, /" quote opened here is never closed/);
  });

  it('rejects text after a closing quote', () => {
    rejectsAt("A='x' y\n", 1, /unexpected text after the closing quote: 'y'/);
  });
});

describe("readEnvVars: SAM's env-vars JSON", () => {
  const json = JSON.stringify(
    {
      Parameters: { TABLE: 'shared', LEVEL: 'info', PORT: 8080, ON: true },
      HelloFunction: { LEVEL: 'debug', ONLY_HELLO: 'yes' },
      OtherFunction: { LEVEL: 'warn' },
    },
    null,
    2,
  );

  it('applies Parameters to every function and lets the function’s own object override them', async () => {
    const file = await write('env.json', json);
    assert.deepEqual(await readEnvVars(file, 'HelloFunction'), {
      TABLE: 'shared',
      LEVEL: 'debug',
      PORT: '8080',
      ON: 'true',
      ONLY_HELLO: 'yes',
    });
    assert.deepEqual(await readEnvVars(file, 'OtherFunction'), {
      TABLE: 'shared',
      LEVEL: 'warn',
      PORT: '8080',
      ON: 'true',
    });
  });

  it('gives only Parameters to a function without its own object, or when no function is named', () => {
    const parameters = { TABLE: 'shared', LEVEL: 'info', PORT: '8080', ON: 'true' };
    assert.deepEqual(parseEnvVars(json, 'env.json', 'Unknown'), parameters);
    assert.deepEqual(parseEnvVars(json, 'env.json'), parameters);
  });

  it('reports invalid JSON with the line of the mistake', () => {
    rejectsAt('{\n  "Parameters": {\n    "A": "1",\n  }\n}\n', 4, /invalid JSON/);
  });

  it('rejects a section that is no object, and a value that is no scalar, at its line', () => {
    rejectsAt('{\n  "Parameters": {"A": "1"},\n  "Fn": "oops"\n}', 3, /"Fn" must be an object/);
    rejectsAt(
      '{\n  "Fn": {\n    "NESTED": {"a": 1}\n  }\n}',
      3,
      /"Fn.NESTED" must be a string, number or boolean, not object/,
      'Fn',
    );
    rejectsAt('{"Parameters": {"N": null}}', 1, /not null/);
    rejectsAt('[1, 2]', 1, /expected a JSON object/);
  });
});

describe('readEnvVars: unreadable files', () => {
  it('says the file does not exist', async () => {
    const missing = path.join(dir, 'missing.env');
    await assert.rejects(readEnvVars(missing), (error: unknown) => {
      assert.ok(error instanceof EnvVarsError);
      assert.equal(error.message, `${missing}: cannot read the env-vars file: no such file`);
      return true;
    });
  });

  it('says a folder is not a file', async () => {
    await assert.rejects(readEnvVars(dir), /cannot read the env-vars file: is a folder, not a file/);
  });
});
