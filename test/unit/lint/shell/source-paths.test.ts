// The words of `source` commands that the linter resolves to files, and those it leaves as unknown code.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveSourcePath, type SourceScope } from '../../../../src/core/lint/shell/source-paths';

let root: string;
let scope: SourceScope;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lrk-source-paths-'));
  await mkdir(path.join(root, 'lib'));
  for (const file of ['bootstrap', 'function.sh', 'other.sh', 'lib/util.sh'])
    await writeFile(path.join(root, file), '');
  scope = {
    bootstrap: path.join(root, 'bootstrap'),
    current: path.join(root, 'lib', 'util.sh'),
    taskRoot: root,
    handler: undefined,
  };
});
after(() => rm(root, { recursive: true, force: true }));

const files = async (word: string, values = new Map<string, string>(), over: Partial<SourceScope> = {}) => {
  const resolved = await resolveSourcePath(word, values, { ...scope, ...over });
  return resolved.kind === 'files' ? resolved.files.map((file) => path.relative(root, file)) : resolved.kind;
};

describe('source paths', () => {
  it('resolves the task root, the bootstrap folder, the sourcing file and relative paths', async () => {
    assert.deepEqual(await files('$LAMBDA_TASK_ROOT/function.sh'), ['function.sh']);
    assert.deepEqual(await files('"${LAMBDA_TASK_ROOT}/lib/util.sh"'), ['lib/util.sh']);
    assert.deepEqual(await files('/var/task/function.sh'), ['function.sh']);
    assert.deepEqual(await files('"$(dirname "$0")/function.sh"'), ['function.sh']);
    assert.deepEqual(await files('`dirname $0`/other.sh'), ['other.sh']);
    assert.deepEqual(await files('"${BASH_SOURCE%/*}/util.sh"'), ['lib/util.sh']);
    assert.deepEqual(await files('"$(dirname "${BASH_SOURCE[0]}")/../other.sh"'), ['other.sh']);
    assert.deepEqual(await files('./lib/util.sh'), ['lib/util.sh']);
    assert.deepEqual(await files('function.sh'), ['function.sh']);
  });

  it('follows a variable holding a folder', async () => {
    const values = new Map([['DIR', '"$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"']]);
    assert.deepEqual(await files('"$DIR/util.sh"', values), ['lib/util.sh']);
  });

  it("resolves the tutorial's handler file through the Handler, or to every *.sh without one", async () => {
    const tutorial = '$LAMBDA_TASK_ROOT/"$(echo $_HANDLER | cut -d. -f1).sh"';
    assert.deepEqual(await files(tutorial, undefined, { handler: 'function.handler' }), ['function.sh']);
    assert.deepEqual(await files('"$LAMBDA_TASK_ROOT/${_HANDLER%%.*}.sh"', undefined, { handler: 'other.run' }), [
      'other.sh',
    ]);
    assert.deepEqual(await files(tutorial), ['function.sh', 'other.sh']);
    assert.equal(await files(tutorial, undefined, { handler: 'main.handler' }), 'missing-handler-file');
  });

  it('leaves layers, other absolute paths, unknown variables and missing files unknown', async () => {
    for (const word of [
      '/opt/lib/helpers.sh',
      '/etc/profile',
      '~/.bashrc',
      '"$HELPERS/x.sh"',
      './missing.sh',
      '$(pick)',
    ]) {
      assert.equal(await files(word), 'unknown', word);
    }
  });
});
