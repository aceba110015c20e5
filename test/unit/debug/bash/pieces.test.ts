// The bash debugger's parts that need no runtime: the wire format, declare -p parsing (bash 5 and 4.2 forms,
// checked against a real bash where one is here), breakpoint lines and hit conditions, evaluation code, and the
// server's refusal of strangers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { commandLine, hitConditionMet } from '../../../../src/core/debug/bash/breakpoints';
import { parseDeclarations } from '../../../../src/core/debug/bash/declare-parser';
import { evaluationCode, logMessageCode, simpleName, unquoteValue } from '../../../../src/core/debug/bash/evaluate';
import { bashVersionSupported, BashDebugServer } from '../../../../src/core/debug/bash/server';
import { encodeMessage, MessageReader } from '../../../../src/core/debug/bash/wire';
import { noBashOrCurl } from './support';

describe('bash debugger pieces', () => {
  test('messages survive any split of the byte stream, with newlines and UTF-8 in fields', () => {
    const bytes = Buffer.concat([encodeMessage('stop', ['a\nb', 'é ü', '']), encodeMessage('ready')]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new MessageReader();
      const got = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))];
      assert.deepEqual(got, [
        { type: 'stop', fields: ['a\nb', 'é ü', ''] },
        { type: 'ready', fields: [] },
      ]);
    }
    assert.throws(() => encodeMessage('eval', ['a\0b']), /NUL/);
  });

  test("declare -p: bash 4.2's quoted arrays and hand-written edge cases", () => {
    assert.deepEqual(parseDeclarations(`declare -a arr='([0]="a" [1]="b c")'\ndeclare -ir n="5"\ndeclare -- u\n`), [
      {
        name: 'arr',
        flags: 'a',
        kind: 'indexed',
        entries: [
          ['0', 'a'],
          ['1', 'b c'],
        ],
      },
      { name: 'n', flags: 'ir', kind: 'scalar', value: '5' },
      { name: 'u', flags: '', kind: 'scalar' },
    ]);
    assert.deepEqual(parseDeclarations(`declare -- s=$'tab\\there\\001\\\\'\n`)[0].value, 'tab\there\x01\\');
  });

  test('declare -p: what a real bash prints reads back to the values it was given', { skip: noBashOrCurl }, () => {
    const script = `x=$'a "q" $b\\nline2'; t=$'tab\\there'; declare -a arr=(a "b c" 'd"e' ''); declare -A m=([k]=v ["k y"]="v 2" [$'n\\nl']=z); declare -i n=5; declare u; export E='é'; declare -a empty=(); declare -p x t arr m n u E empty`;
    const variables = parseDeclarations(execFileSync('bash', ['-c', script], { encoding: 'utf8' }));
    const byName = Object.fromEntries(variables.map((variable) => [variable.name, variable]));
    assert.equal(byName.x.value, 'a "q" $b\nline2');
    assert.equal(byName.t.value, 'tab\there');
    assert.deepEqual(byName.arr.entries, [
      ['0', 'a'],
      ['1', 'b c'],
      ['2', 'd"e'],
      ['3', ''],
    ]);
    assert.deepEqual(Object.fromEntries(byName.m.entries ?? []), { k: 'v', 'k y': 'v 2', 'n\nl': 'z' });
    assert.equal(byName.n.flags, 'i');
    assert.equal(byName.u.value, undefined);
    assert.deepEqual([byName.E.flags, byName.E.value], ['x', 'é']);
    assert.deepEqual(byName.empty.entries, []);
  });

  test('breakpoints move to the next line that runs a command; hit conditions', () => {
    const lines = ['#!/bin/bash', '', '# comment', 'if true; then', '  echo a', 'fi', '}', ''];
    assert.equal(commandLine(lines, 2), 4);
    assert.equal(commandLine(lines, 5), 5);
    assert.equal(commandLine(lines, 6), undefined);
    assert.equal(hitConditionMet('3', 2), false);
    assert.equal(hitConditionMet('3', 3), true);
    assert.equal(hitConditionMet('== 2', 3), false);
    assert.equal(hitConditionMet('% 2', 4), true);
    assert.equal(hitConditionMet('< 2', 1), true);
  });

  test('what Evaluate runs for values, commands, names and logpoint messages', () => {
    assert.equal(simpleName('$HOME'), 'HOME');
    assert.equal(simpleName('${HOME}'), 'HOME');
    assert.equal(simpleName('HOME'), 'HOME');
    assert.equal(simpleName('${#a[@]}'), undefined);
    assert.equal(evaluationCode('$((1 + 2))'), `printf '%s' "$((1 + 2))"`);
    assert.equal(evaluationCode('"$a b"'), `printf '%s' "$a b"`);
    assert.equal(evaluationCode('ls -l'), 'ls -l');
    assert.equal(logMessageCode('i={i} "$x" {$y} {date +%s}'), `printf '%s' "i=\${i} \\"$x\\" $y $(date +%s)"`);
    assert.equal(unquoteValue('"a b"'), 'a b');
    assert.equal(unquoteValue("'x'"), 'x');
    assert.equal(unquoteValue('plain'), 'plain');
  });

  test('the server closes a connection without its token, and names a bash that is too old', async () => {
    assert.equal(bashVersionSupported('4.2.46(2)-release'), true);
    assert.equal(bashVersionSupported('5.2.15(1)-release'), true);
    assert.equal(bashVersionSupported('3.2.57(1)-release'), false);
    const server = await BashDebugServer.start();
    const notices: string[] = [];
    server.onNotice = (text) => notices.push(text);
    try {
      const closed = (fields: string[]) =>
        new Promise<boolean>((resolve) => {
          const socket = connect(server.port, '127.0.0.1', () => socket.write(encodeMessage('hello', fields)));
          socket.on('close', () => resolve(true));
          socket.on('error', () => undefined);
          setTimeout(() => resolve(false), 2_000);
        });
      assert.equal(await closed(['wrong-token', '1', '1', '0', '5.2.15', '1']), true);
      const token = server.environment('/h', { posix: false }).LAMBDA_RUNTIME_KIT_BASH_DEBUG.split(' ')[1];
      assert.equal(await closed([token, '1', '1', '0', '3.2.57(1)-release', '1']), true);
      assert.match(notices[0] ?? '', /bash is 3\.2\.57.*needs bash 4\.2/);
    } finally {
      server.dispose();
    }
  });
});
