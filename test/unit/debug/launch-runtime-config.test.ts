// F5's logFormat, logLevel, systemLogLevel, maxConcurrency and tenantId, over the template's LoggingConfig and
// CapacityProviderConfig.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LaunchError, resolveLaunch } from '../../../src/core/debug/launch-config';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-launch-2026-'));
  await mkdir(path.join(dir, 'fn'));
  await writeFile(path.join(dir, 'fn', 'bootstrap'), '#!/bin/sh\n');
  await chmod(path.join(dir, 'fn', 'bootstrap'), 0o755);
  await writeFile(
    path.join(dir, 'template.yaml'),
    [
      'Resources:',
      '  Workers:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: provided.al2023',
      '      CodeUri: fn/',
      '      LoggingConfig: {LogFormat: JSON, ApplicationLogLevel: WARN}',
      '      CapacityProviderConfig: {Arn: arn:x, PerExecutionEnvironmentMaxConcurrency: 6}',
      '  Tenants:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: provided.al2023',
      '      CodeUri: fn/',
      '      TenancyConfig: {TenantIsolationMode: PER_TENANT}',
      '  Plain:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: provided.al2023',
      '      CodeUri: fn/',
    ].join('\n'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

const resolve = (attributes: Record<string, unknown>) =>
  resolveLaunch({ debugger: 'none', ...attributes }, { folder: dir, templates: [path.join(dir, 'template.yaml')] });

describe('launch configuration: logging, Managed Instances, tenant', () => {
  test('the template’s LoggingConfig and CapacityProviderConfig reach the function', async () => {
    const { fn, tenantId } = await resolve({ functionName: 'Workers' });
    assert.equal(fn.logFormat, 'JSON');
    assert.equal(fn.applicationLogLevel, 'WARN');
    assert.equal(fn.maxConcurrency, 6);
    assert.equal(tenantId, undefined);
  });

  test('the configuration’s attributes win, and a log level implies JSON', async () => {
    const over = await resolve({ functionName: 'Workers', logLevel: 'debug', maxConcurrency: 2 });
    assert.equal(over.fn.applicationLogLevel, 'DEBUG');
    assert.equal(over.fn.maxConcurrency, 2);
    const tenants = await resolve({ functionName: 'Tenants', tenantId: 'blue' });
    assert.equal(tenants.tenantId, 'blue');
    assert.equal(tenants.fn.tenantIsolation, true);
    assert.equal(over.fn.tenantIsolation, false);
    const bare = await resolve({ bootstrap: 'fn/bootstrap', tenantId: 'green' });
    assert.equal(bare.tenantId, 'green');
    assert.equal(bare.fn.tenantIsolation, undefined, 'a bare bootstrap takes invokes with or without a tenant');
    const plain = await resolve({ functionName: 'Plain', systemLogLevel: 'WARN' });
    assert.equal(plain.fn.logFormat, 'JSON');
    assert.equal(plain.fn.systemLogLevel, 'WARN');
    assert.equal((await resolve({ functionName: 'Plain' })).fn.maxConcurrency, undefined);
  });

  test('refuses what Lambda refuses, with a sentence naming the attribute', async () => {
    for (const [attributes, message] of [
      [{ logFormat: 'XML' }, /"logFormat" must be "Text" or "JSON"/],
      [{ logLevel: 'LOUD' }, /"logLevel" must be one of TRACE/],
      [{ logFormat: 'Text', logLevel: 'DEBUG' }, /need "logFormat": "JSON"/],
      [{ maxConcurrency: 1.5 }, /"maxConcurrency" must be a whole number/],
      [{ maxConcurrency: 0 }, /"maxConcurrency" must be a number from 1 to 1000/],
      [{ functionName: 'Workers', logFormat: 'Text' }, /Managed Instances\) needs "logFormat": "JSON"/],
      [{ functionName: 'Tenants' }, /Tenants has tenant isolation enabled .*set "tenantId"/],
      [{ tenantId: 'blue' }, /Plain does not have tenant isolation enabled: remove "tenantId"/],
    ] as const) {
      await assert.rejects(resolve({ functionName: 'Plain', ...attributes }), (error: unknown) => {
        assert.ok(error instanceof LaunchError);
        assert.match(error.message, message);
        return true;
      });
    }
  });
});
