// Correct bootstraps in the styles people write, each of which once drew a false alarm: none may get an error or
// a warning from our rules. (test/fixtures/lint/shell/correct; every file says in a comment what it shows.)
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { RuntimeTarget } from '../../../../src/core/project/types';
import type { Finding } from '../../../../src/core/lint/types';
import { fixturePath, lintFixture, lintText, target } from './helpers';

const serious = (findings: readonly Finding[]) =>
  findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');

/** The target each fixture is written for; provided.al2023 with nothing installed otherwise. */
const TARGETS: Readonly<Record<string, RuntimeTarget>> = {
  'alpine-ash': target({ baseImage: 'alpine:3.19', shIsBash: false, source: 'Dockerfile' }),
  'tools-digest-image': target({
    base: 'provided',
    baseImage: 'public.ecr.aws/lambda/provided@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    source: 'Dockerfile',
  }),
};

describe('no false alarm on correct bootstraps', () => {
  const fixtures = readdirSync(fixturePath('correct')).sort();

  it('has the fixtures', () => {
    assert.ok(fixtures.length >= 12, fixtures.join(', '));
  });

  for (const name of fixtures) {
    it(`finds no error or warning in correct/${name}`, async () => {
      const findings = await lintFixture(`correct/${name}`, { target: TARGETS[name] ?? target() });
      assert.deepEqual(
        serious(findings).map((finding) => `${finding.range.start.line + 1}: ${finding.code}: ${finding.message}`),
        [],
      );
    });
  }

  it('still finds the bash-only syntax BusyBox ash lacks, on Alpine', async () => {
    const text = '#!/bin/sh\narr=(a b)\nread -r x <<< "$arr"\necho "${x^^}"\n(( n = 1 ))\n';
    const findings = await lintText(text, { target: TARGETS['alpine-ash'] });
    assert.deepEqual(
      findings.filter((finding) => finding.code === 'bashism').map((finding) => finding.range.start.line + 1),
      [2, 3, 4, 5],
    );
  });

  it('still reports tools missing from a tagged provided image', async () => {
    const tagged = target({ baseImage: 'public.ecr.aws/lambda/provided:al2023', source: 'Dockerfile' });
    const findings = await lintFixture('correct/tools-digest-image', { target: tagged });
    assert.deepEqual(
      findings
        .filter((finding) => finding.code === 'missing-tool')
        .map((finding) => /`(\w+)`/.exec(finding.message)![1]),
      ['python3', 'gzip'],
    );
  });
});
