// `lambda-runtime-kit check` as a command: usage errors, the three formats and the exit status.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCheckCommand } from '../../../src/cli/check';
import { runCli } from '../../../src/cli/run';
import { captureIO } from '../emulator/conformance/support';
import { REPO_ROOT } from '../helpers';

const FAULTS_DIR = path.join(REPO_ROOT, 'test/fixtures/runtimes/check-faults');
const FAULTS = path.join(FAULTS_DIR, 'bootstrap');
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-check-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(args: string[]) {
  const capture = captureIO();
  const status = await runCheckCommand(args, capture.io);
  return { status, stdout: capture.stdout(), stderr: capture.stderr() };
}

describe('check: bad usage exits 2 with a message', () => {
  const cases: [string[], RegExp][] = [
    [[], /missing --bootstrap PATH \(or --template T --function NAME\)/],
    [['--bootstrap', FAULTS, '--template', 't.yaml'], /either --bootstrap PATH or --template/],
    [['--bootstrap', FAULTS, '--format', 'xml'], /--format must be text, json or junit, not 'xml'/],
    [['--bootstrap', FAULTS, '--scenario', 'nope'], /Unknown scenario nope; the scenarios are answers-event/],
    [['--bootstrap', FAULTS, '--function', 'F'], /--function goes with --template/],
    [['--bootstrap', path.join(FAULTS_DIR, 'missing')], /bootstrap not found/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' ') || '(no arguments)', async () => {
      const { status, stdout, stderr } = await check(args);
      assert.equal(status, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
    });
  }

  it('is listed in --help with its synopsis', async () => {
    const capture = captureIO();
    assert.equal(await runCli(['--help'], capture.io), 0);
    assert.match(
      capture.stdout(),
      /check --bootstrap PATH \[--handler H\] \[--error-handler H\] \[--format text\|json\|junit\]/,
    );
  });
});

describe('check: formats and exit status', () => {
  it('json: an array of {id, status, title, evidence}, exit 0 when nothing fails', async () => {
    const { status, stdout } = await check([
      '--bootstrap',
      FAULTS,
      '--handler',
      'function.handler',
      '--error-handler',
      'fail.handler',
      '--scenario',
      'answers-event',
      '--scenario',
      'error-reporting',
      '--format',
      'json',
    ]);
    assert.equal(status, 0, stdout);
    const results = JSON.parse(stdout) as { id: string; status: string; title: string; evidence: string }[];
    assert.deepEqual(
      results.map((result) => [result.id, result.status]),
      [
        ['answers-event', 'pass'],
        ['error-reporting', 'pass'],
      ],
    );
    for (const result of results) assert.deepEqual(Object.keys(result).sort(), ['evidence', 'id', 'status', 'title']);
  });

  it('junit: a failure with its evidence and fix, exit 1', async () => {
    const env = path.join(dir, 'fault.env');
    await writeFile(env, 'CHECK_FAULT=ignore-sigterm\n');
    const { status, stdout } = await check([
      '--bootstrap',
      FAULTS,
      '--handler',
      'function.handler',
      '--env-vars',
      env,
      '--scenario',
      'sigterm',
      '--scenario',
      'error-reporting',
      '--format',
      'junit',
    ]);
    assert.equal(status, 1);
    assert.match(
      stdout,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="lambda-runtime-kit check" tests="2" failures="1" skipped="1"/,
    );
    assert.match(
      stdout,
      /<testcase classname="lambda-runtime-kit\.check\.check-faults" name="sigterm: Exits cleanly on SIGTERM" time="[\d.]+">\n {6}<failure message="[^"]*SIGKILL[^"]*" type="sigterm">[^<]*Fix: Let SIGTERM end the runtime/,
    );
    assert.match(stdout, /<skipped message="Give --error-handler H/);
    assert.equal((stdout.match(/<testcase /g) ?? []).length, 2);
  });

  it('text with --template and --function: each result as it ends, then the counts', async () => {
    const template = path.join(dir, 'template.yaml');
    await writeFile(
      template,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Checked:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        `      CodeUri: ${FAULTS_DIR}`,
        '      Handler: function.handler',
        '      Runtime: provided.al2023',
        '      Environment:',
        '        Variables:',
        '          CHECK_FAULT: crash-on-event',
        '',
      ].join('\n'),
    );
    const { status, stdout, stderr } = await check([
      '--template',
      template,
      '--function',
      'Checked',
      '--scenario',
      'answers-event',
    ]);
    assert.equal(status, 1, stderr);
    assert.match(
      stdout,
      /^FAIL {2}answers-event: Answers an event\n {6}The event .*exited instead of answering.*\n {6}Fix: /,
    );
    assert.match(stdout, /\n0 passed, 1 failed, 0 skipped\n$/);
    const other = await check(['--template', template, '--function', 'Nope']);
    assert.equal(other.status, 2);
    assert.match(other.stderr, /no custom-runtime function Nope \(it has Checked\)/);
  });

  it('--template without --function: the only function, else the names to pick from, before anything is prepared', async () => {
    const fn = (name: string, codeUri: string) => [
      `  ${name}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      CodeUri: ${codeUri}`,
      '      Handler: function.handler',
      '      Runtime: provided.al2023',
    ];
    const two = path.join(dir, 'two.yaml');
    await writeFile(
      two,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        ...fn('Good', FAULTS_DIR),
        ...fn('Zipped', 'gone.zip'),
      ].join('\n'),
    );
    const picked = await check(['--template', two]);
    assert.equal(picked.status, 2);
    assert.match(picked.stderr, /has 2 custom-runtime functions; pick one with --function \(Good, Zipped\)/);
    // The only function's zip is missing: said as such, not as a template without functions.
    const one = path.join(dir, 'one.yaml');
    await writeFile(
      one,
      ['Transform: AWS::Serverless-2016-10-31', 'Resources:', ...fn('Zipped', 'gone.zip')].join('\n'),
    );
    const missing = await check(['--template', one]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /The zip \S*gone\.zip does not exist/);
    const none = path.join(dir, 'none.yaml');
    await writeFile(none, "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
    const empty = await check(['--template', none]);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /no custom-runtime \(provided\.\*\) function to check/);
  });
});
