// The shell linter's building blocks: shebang parsing, the base-image table, Runtime API classification and
// variable resolution, and offset-to-position conversion.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, resolve } from '../../../../src/core/lint/shell/api';
import { availability, installHint } from '../../../../src/core/lint/shell/base-images';
import { dialectOf, parseShebang } from '../../../../src/core/lint/shell/context';
import { LineIndex, unquote } from '../../../../src/core/lint/shell/text';
import { target } from './helpers';

describe('shell linter parts', () => {
  it('parses shebangs, with env and its options', () => {
    assert.deepEqual(
      { ...parseShebang('#!/bin/bash -eu\necho')!, text: undefined },
      {
        text: undefined,
        interpreter: '/bin/bash',
        program: 'bash',
        path: '/bin/bash',
        args: ['-eu'],
        programStart: 2,
        programEnd: 11,
      },
    );
    const env = parseShebang('#!/usr/bin/env -S python3 -u\n')!;
    assert.equal(env.program, 'python3');
    assert.equal(env.path, undefined);
    assert.deepEqual(env.args, ['-u']);
    assert.equal('#!/usr/bin/env -S python3 -u'.slice(env.programStart, env.programEnd), 'python3');
    assert.equal(parseShebang('\uFEFF#!/bin/sh', 1)!.programStart, 3);
    assert.equal(parseShebang('echo hi'), undefined);
    assert.equal(dialectOf(parseShebang('#!/bin/sh')), 'sh');
    assert.equal(dialectOf(parseShebang('#!/usr/bin/env bash')), 'bash');
    assert.equal(dialectOf(parseShebang('#!/usr/bin/env node')), 'not-shell');
    assert.equal(dialectOf(undefined), 'none');
  });

  it('knows what the Lambda bases have', () => {
    const al2023 = target();
    const al2 = target({ base: 'provided.al2' });
    assert.equal(availability('curl', al2023), 'present');
    assert.equal(availability('bash', al2023), 'present');
    assert.equal(availability('jq', al2023), 'absent');
    assert.equal(availability('python3', al2023), 'absent');
    assert.equal(availability('python3.12', al2023), 'absent');
    assert.equal(availability('tar', al2023), 'absent');
    assert.equal(availability('python', al2), 'present', 'yum needs Python 2 on Amazon Linux 2');
    assert.equal(availability('python3', al2), 'absent');
    assert.equal(availability('some-unknown-tool', al2023), 'unknown');
    assert.equal(availability('jq', target({ installedTools: new Set(['jq']) })), 'present');
    assert.equal(availability('python3.12', target({ installedTools: new Set(['python3']) })), 'unknown');
    assert.equal(availability('jq', target({ baseImage: 'alpine:3.20', shIsBash: false })), 'unknown');
    assert.equal(availability('node', target({ baseImage: 'public.ecr.aws/lambda/nodejs:20' })), 'unknown');
    assert.equal(availability('jq', target({ baseImage: 'public.ecr.aws/lambda/provided:al2023' })), 'absent');
    assert.equal(installHint('aws', al2023), 'dnf install -y awscli-2');
    assert.equal(installHint('jq', al2), 'yum install -y jq');
    assert.equal(installHint('node', al2), undefined);
  });

  it('classifies Runtime API paths and follows variables', () => {
    assert.equal(classify('http://h/2018-06-01/runtime/invocation/next'), 'next');
    assert.equal(classify('http://h/2018-06-01/runtime/invocation/$ID/response'), 'response');
    assert.equal(classify('http://h/2018-06-01/runtime/invocation/$ID/error'), 'error');
    assert.equal(classify('http://h/2018-06-01/runtime/init/error'), 'init-error');
    assert.equal(classify('/var/runtime/bootstrap'), undefined);
    // The endpoint chosen at run time: a helper's argument, a printf format.
    assert.equal(classify('http://h/2018-06-01/runtime/invocation/$1/$2'), 'dynamic');
    assert.equal(classify('http://%s/2018-06-01/runtime/invocation/%s/%s'), 'dynamic');
    assert.equal(classify('http://h/2018-06-01/runtime/invocation/$ID'), undefined);
    const values = new Map([
      ['BASE', '"http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01"'],
      ['API', '$BASE/runtime/invocation'],
    ]);
    assert.equal(resolve('"$API/next"', values), 'http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next');
    assert.equal(unquote(`'a b'"c"\\ d`), 'a bc d');
  });

  it('turns offsets into LSP positions and back', () => {
    const lines = new LineIndex('ab\r\ncd\n\nef');
    assert.deepEqual(lines.position(5), { line: 1, character: 1 });
    assert.deepEqual(lines.position(99), { line: 3, character: 2 });
    assert.equal(lines.lineText(0), 'ab');
    assert.equal(lines.offset({ line: 1, character: 1 }), 5);
    assert.equal(lines.lineCount, 4);
  });
});
