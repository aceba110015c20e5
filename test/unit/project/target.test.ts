// Where a bootstrap runs: found from the Dockerfile that copies it or the template function that holds it,
// cached and refreshed when those files change.
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isBootstrapCandidate, resolveTarget } from '../../../src/core/project';
import { REPO_ROOT } from '../helpers';
import { scratchProjects } from './scratch';

const PROJECTS = path.join(REPO_ROOT, 'test', 'fixtures', 'project');
const project = scratchProjects('lrk-target-');

describe('resolveTarget', () => {
  it('uses the default when nothing refers to the bootstrap', async () => {
    const root = project('plain', { bootstrap: '#!/bin/sh\n' });
    const target = await resolveTarget(path.join(root, 'bootstrap'), 'provided.al2');
    assert.deepEqual(
      { ...target, installedTools: [...target.installedTools], environmentNames: [...target.environmentNames] },
      {
        base: 'provided.al2',
        shIsBash: true,
        architecture: 'x86_64',
        installedTools: [],
        environmentNames: [],
        source: 'default settings',
      },
    );
  });

  it('reads base, architecture (--platform), tools and handler from the Dockerfile that copies it', async () => {
    const target = await resolveTarget(path.join(PROJECTS, 'docker-app', 'bootstrap'), 'provided');
    assert.equal(target.base, 'provided.al2023');
    assert.equal(target.baseImage, 'public.ecr.aws/lambda/provided:al2023');
    assert.equal(target.architecture, 'arm64');
    assert.equal(target.shIsBash, true);
    assert.equal(target.source, 'Dockerfile');
    assert.equal(target.dockerfile, path.join(PROJECTS, 'docker-app', 'Dockerfile'));
    assert.equal(target.handler, 'handler.main');
    for (const tool of ['python3', 'find', 'xargs', 'node', 'npm', 'aws', 'ffmpeg', 'mytool']) {
      assert.ok(target.installedTools.has(tool), `${tool} in ${[...target.installedTools].join(' ')}`);
    }
  });

  it('finds a Dockerfile in a parent folder that copies the folder holding the bootstrap', async () => {
    const target = await resolveTarget(path.join(PROJECTS, 'parent-app', 'runtime', 'bootstrap'), 'provided.al2023');
    assert.equal(target.base, 'provided.al2');
    assert.equal(target.architecture, 'x86_64');
    assert.equal(target.source, 'Dockerfile');
  });

  it('knows /bin/sh is not bash on Alpine', async () => {
    const target = await resolveTarget(path.join(PROJECTS, 'alpine-app', 'entry.sh'), 'provided.al2023');
    assert.equal(target.shIsBash, false);
    assert.equal(target.base, 'provided.al2023');
    assert.equal(target.baseImage, 'alpine:3.20');
    assert.ok(target.installedTools.has('jq') && target.installedTools.has('curl'));
  });

  it('takes runtime, architecture and function from the template whose CodeUri holds it', async () => {
    const target = await resolveTarget(path.join(PROJECTS, 'sam-app', 'hello', 'bootstrap'), 'provided');
    assert.equal(target.base, 'provided.al2023');
    assert.equal(target.architecture, 'arm64');
    assert.equal(target.source, 'template.yaml (HelloFunction)');
    assert.equal(target.functionName, 'HelloFunction');
    assert.equal(target.handler, 'function.handler');
    assert.equal(target.template, path.join(PROJECTS, 'sam-app', 'template.yaml'));
  });

  it("combines an image function's template entry with its Dockerfile", async () => {
    const target = await resolveTarget(path.join(PROJECTS, 'sam-app', 'image', 'runtime.sh'), 'provided.al2023');
    assert.equal(target.base, 'provided.al2');
    assert.equal(target.source, 'template.yaml (ImageFunction)');
    assert.equal(target.dockerfile, path.join(PROJECTS, 'sam-app', 'image', 'Dockerfile'));
    assert.ok(target.installedTools.has('aws') && target.installedTools.has('jq'));
  });

  it('sees a changed Dockerfile at once (the cache follows modification times)', async () => {
    const root = project('changing', {
      Dockerfile: 'FROM public.ecr.aws/lambda/provided:al2023\nCOPY bootstrap ${LAMBDA_RUNTIME_DIR}\nCMD ["h"]\n',
      bootstrap: '#!/bin/sh\n',
    });
    const bootstrap = path.join(root, 'bootstrap');
    assert.equal((await resolveTarget(bootstrap, 'provided')).base, 'provided.al2023');
    writeFileSync(
      path.join(root, 'Dockerfile'),
      'FROM public.ecr.aws/lambda/provided:al2-arm64\nCOPY bootstrap ${LAMBDA_RUNTIME_DIR}\nCMD ["h"]\n',
    );
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(root, 'Dockerfile'), later, later);
    const changed = await resolveTarget(bootstrap, 'provided');
    assert.deepEqual([changed.base, changed.architecture], ['provided.al2', 'arm64']);
  });

  it('sees a Dockerfile that appears (the folder listing follows its modification time)', async () => {
    const root = project('appearing', { bootstrap: '#!/bin/sh\n' });
    const bootstrap = path.join(root, 'bootstrap');
    assert.equal((await resolveTarget(bootstrap, 'provided')).source, 'default settings');
    writeFileSync(
      path.join(root, 'Dockerfile'),
      'FROM public.ecr.aws/lambda/provided:al2\nCOPY bootstrap /var/runtime/\nCMD ["h"]\n',
    );
    const later = new Date(Date.now() + 5000);
    utimesSync(root, later, later);
    assert.equal((await resolveTarget(bootstrap, 'provided')).base, 'provided.al2');
  });
});

describe('isBootstrapCandidate', () => {
  it('is true for any file named bootstrap', async () => {
    assert.equal(await isBootstrapCandidate(path.join(tmpdir(), 'nowhere', 'bootstrap')), true);
  });

  it('is true for a file a Dockerfile copies to /var/runtime/bootstrap, or that a replaced ENTRYPOINT runs', async () => {
    assert.equal(await isBootstrapCandidate(path.join(PROJECTS, 'sam-app', 'image', 'runtime.sh')), true);
    assert.equal(await isBootstrapCandidate(path.join(PROJECTS, 'alpine-app', 'entry.sh')), true);
  });

  it('is false for other files, even those copied into the image', async () => {
    assert.equal(await isBootstrapCandidate(path.join(PROJECTS, 'sam-app', 'image', 'function.sh')), false);
    assert.equal(await isBootstrapCandidate(path.join(PROJECTS, 'docker-app', 'handler.sh')), false);
    assert.equal(await isBootstrapCandidate(path.join(PROJECTS, 'sam-app', 'template.yaml')), false);
  });
});
