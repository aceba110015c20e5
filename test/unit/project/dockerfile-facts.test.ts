// What the project model reads from a Dockerfile: stages, base image, copies, installs, ENTRYPOINT/CMD.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDockerfile, classifyImage, commandsOfPackage, installedByRun } from '../../../src/core/project';
import { copyTargets } from '../../../src/core/project/dockerfile-facts';

const words = (text: string) =>
  text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => ({ text: word }));

describe('classifyImage', () => {
  it('maps Lambda OS-only images to their runtime and architecture', () => {
    const cases: [string, string | undefined, string | undefined][] = [
      ['public.ecr.aws/lambda/provided:al2023', 'provided.al2023', undefined],
      ['public.ecr.aws/lambda/provided:al2023-arm64', 'provided.al2023', 'arm64'],
      ['public.ecr.aws/lambda/provided:al2.2024.01.01.01-x86_64', 'provided.al2', 'x86_64'],
      ['public.ecr.aws/lambda/provided:al2', 'provided.al2', undefined],
      ['public.ecr.aws/lambda/provided:latest', 'provided', undefined],
      ['public.ecr.aws/lambda/provided:alami', 'provided', undefined],
      ['public.ecr.aws/lambda/provided', 'provided', undefined],
      ['amazon/aws-lambda-provided:al2023', 'provided.al2023', undefined],
      ['public.ecr.aws/lambda/provided@sha256:abc', 'provided', undefined],
    ];
    for (const [image, base, arch] of cases) {
      const info = classifyImage(image);
      assert.deepEqual([info.kind, info.base, info.architecture], ['provided', base, arch], image);
    }
  });

  it('tells Lambda language images and what /bin/sh is elsewhere', () => {
    assert.equal(classifyImage('public.ecr.aws/lambda/python:3.12').managedRuntime, 'python');
    assert.equal(classifyImage('amazon/aws-lambda-nodejs:20').kind, 'managed');
    for (const image of [
      'alpine:3.20',
      'busybox',
      'debian:bookworm',
      'ubuntu:24.04',
      'python:3.12',
      'golang:1.22',
      'node:20-alpine',
      'gcr.io/distroless/base',
    ]) {
      assert.equal(classifyImage(image).shIsBash, false, image);
    }
    for (const image of [
      'amazonlinux:2023',
      'public.ecr.aws/amazonlinux/amazonlinux:2',
      'public.ecr.aws/lambda/provided:al2',
    ]) {
      assert.equal(classifyImage(image).shIsBash, true, image);
    }
  });
});

describe('installedByRun', () => {
  it('maps installed packages to their commands', () => {
    const { packages, commands } = installedByRun(
      words(
        'dnf -y --setopt=install_weak_deps=False install python3 jq awscli-2 findutils gzip unzip git tar nodejs20 java-17-amazon-corretto-headless && dnf clean all',
      ),
    );
    assert.deepEqual(packages, [
      'python3',
      'jq',
      'awscli-2',
      'findutils',
      'gzip',
      'unzip',
      'git',
      'tar',
      'nodejs20',
      'java-17-amazon-corretto-headless',
    ]);
    for (const command of [
      'python3',
      'jq',
      'aws',
      'find',
      'xargs',
      'gzip',
      'gunzip',
      'unzip',
      'git',
      'tar',
      'node',
      'npm',
      'java',
    ]) {
      assert.ok(commands.includes(command), command);
    }
  });

  it('reads yum, microdnf, apk, apt-get, pip, npm -g, groups and PATH copies', () => {
    const { commands } = installedByRun(
      words(
        'yum install -y procps-ng; microdnf install -y which && apk add --no-cache bash curl=8.5.0-r0 ; DEBIAN_FRONTEND=noninteractive sudo apt-get install -y --no-install-recommends netcat-openbsd | true && pip3 install --no-cache-dir awscli && npm install -g typescript@5 && yum groupinstall -y "Development Tools" && ln -sf /opt/bin/bb /usr/local/bin/bb && ./aws/install && cp tool /usr/bin/',
      ),
    );
    for (const command of ['ps', 'pkill', 'which', 'bash', 'curl', 'nc', 'aws', 'tsc', 'gcc', 'make', 'bb', 'tool']) {
      assert.ok(commands.includes(command), `${command} in ${commands.join(' ')}`);
    }
  });

  it('strips versions and architectures from package names', () => {
    const { packages } = installedByRun(words('dnf install -y jq-1.6-10.amzn2023.0.2.x86_64 python3.11 git.noarch'));
    assert.deepEqual(packages, ['jq', 'python3.11', 'git']);
    assert.deepEqual(commandsOfPackage('python3.11-pip'), ['pip3.11']);
  });
});

describe('analyzeDockerfile', () => {
  it('follows stages, WORKDIR, variables and COPY semantics', () => {
    const facts = analyzeDockerfile(
      [
        'ARG TAG=al2023',
        'FROM golang:1.22 AS build',
        'RUN go build -o /out/bootstrap',
        'FROM public.ecr.aws/lambda/provided:${TAG} AS base',
        'ENV DEST=/var/runtime',
        'COPY --from=build /out/bootstrap ${DEST}',
        'FROM base',
        'WORKDIR /opt/app',
        'COPY a.txt b.txt ./',
        'COPY c.txt renamed.txt',
        'CMD ["function.handler"]',
      ].join('\n'),
      '/p/Dockerfile',
    );
    assert.equal(facts.baseImage, 'public.ecr.aws/lambda/provided:al2023');
    assert.equal(facts.image?.base, 'provided.al2023');
    assert.deepEqual(
      facts.chain.map((stage) => stage.index),
      [1, 2],
    );
    assert.equal(facts.lambdaEntrypoint, true);
    assert.deepEqual(facts.cmd?.args, ['function.handler']);
    assert.deepEqual(facts.copies.map(copyTargets), [
      ['/var/runtime/bootstrap'],
      ['/opt/app/a.txt', '/opt/app/b.txt'],
      ['/opt/app/renamed.txt'],
    ]);
    assert.equal(facts.copies[0].fromStage, 'build');
  });

  it('never throws, whatever the text', () => {
    for (const text of [
      '',
      'FROM',
      'FROM $UNSET',
      'COPY',
      'CMD [',
      'ENTRYPOINT []\nCMD',
      '\0\0\0',
      'FROM a AS a\nFROM a AS b\nFROM b',
    ]) {
      assert.doesNotThrow(() => analyzeDockerfile(text, '/p/Dockerfile'), JSON.stringify(text));
    }
  });
});
