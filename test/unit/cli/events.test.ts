// `lambda-runtime-kit events list | events show SOURCE`, in this process and through the built dist/cli.js.
import { execa } from 'execa';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../../../src/cli/run';
import { findEvent, SAMPLE_EVENTS } from '../../../src/core/scaffold/events';
import { builtFile } from '../helpers';

async function capture(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { out: (text) => (stdout += text), err: (text) => (stderr += text) });
  return { status, stdout, stderr };
}

function cli(args: string[]) {
  return execa(process.execPath, [builtFile('cli.js'), ...args], { reject: false, stripFinalNewline: false });
}

describe('events: the sample event catalogue on the command line', () => {
  it('lists every event as a table of id and title', async () => {
    const { status, stdout, stderr } = await capture(['events', 'list']);
    assert.equal(status, 0);
    assert.equal(stderr, '');
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0], /^SOURCE +TITLE$/);
    assert.equal(lines.length, SAMPLE_EVENTS.length + 1);
    SAMPLE_EVENTS.forEach((sample, index) => {
      assert.match(
        lines[index + 1],
        new RegExp(`^${sample.source} +${sample.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      );
    });
  });

  it('prints exactly the catalogue JSON with show, ignoring the case of the id', async () => {
    for (const id of ['sqs', 'S3-PUT', 'cloudwatch-logs']) {
      const { status, stdout, stderr } = await capture(['events', 'show', id]);
      assert.equal(status, 0, id);
      assert.equal(stderr, '', id);
      assert.equal(stdout, findEvent(id)?.json, id);
    }
  });

  it('suggests the close ids for an unknown one, and lists all when none is close', async () => {
    const partial = await capture(['events', 'show', 's3']);
    assert.equal(partial.status, 2);
    assert.equal(partial.stdout, '');
    assert.match(partial.stderr, /no sample event 's3'\. Did you mean 's3-delete' or 's3-put'\?/);
    const typo = await capture(['events', 'show', 'kinesys']);
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /Did you mean 'kinesis'\?/);
    const unknown = await capture(['events', 'show', 'mainframe']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Known events: custom, apigateway-rest, .*cloudformation\./);
  });

  it('exits 2 with the usage on a missing or unknown action or a wrong number of arguments', async () => {
    for (const args of [[], ['frob'], ['show'], ['show', 'sqs', 'sns'], ['list', 'all']]) {
      const { status, stdout, stderr } = await capture(['events', ...args]);
      assert.equal(status, 2, args.join(' '));
      assert.equal(stdout, '', args.join(' '));
      assert.match(stderr, /^lambda-runtime-kit events: .+\nUsage: lambda-runtime-kit events list\n/, args.join(' '));
    }
    const help = await capture(['events', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /events show SOURCE/);
  });

  it('ships every event in dist/cli.js: show prints each one byte for byte', async () => {
    const list = await cli(['events', 'list']);
    assert.equal(list.exitCode, 0, list.stderr);
    assert.equal(list.stdout.trimEnd().split('\n').length, SAMPLE_EVENTS.length + 1);
    for (const sample of SAMPLE_EVENTS) {
      const shown = await cli(['events', 'show', sample.source]);
      assert.equal(shown.exitCode, 0, `${sample.source}: ${shown.stderr}`);
      assert.equal(shown.stdout, sample.json, sample.source);
      assert.deepEqual(JSON.parse(shown.stdout), JSON.parse(sample.json));
    }
    const unknown = await cli(['events', 'show', 'nope']);
    assert.equal(unknown.exitCode, 2);
    assert.equal(unknown.stdout, '');
  });
});
