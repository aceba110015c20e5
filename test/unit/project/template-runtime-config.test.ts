// LoggingConfig and CapacityProviderConfig (Lambda Managed Instances) read from SAM and CloudFormation templates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate } from '../../../src/core/project';

function only(properties: string[], type = 'AWS::Serverless::Function', globals: string[] = []) {
  const text = [
    ...(globals.length > 0 ? ['Globals:', '  Function:', ...globals.map((line) => `    ${line}`)] : []),
    'Resources:',
    '  Fn:',
    `    Type: ${type}`,
    '    Properties:',
    '      Runtime: provided.al2023',
    '      MemorySize: 4096',
    ...properties.map((line) => `      ${line}`),
    '',
  ].join('\n');
  const parsed = parseTemplate(text, '/tmp/template.yaml');
  return { fn: parsed.functions[0], problems: parsed.problems.map((p) => p.message) };
}

describe('template LoggingConfig', () => {
  it('reads the format and both levels, from the function or from Globals', () => {
    const own = only(['LoggingConfig: {LogFormat: JSON, ApplicationLogLevel: debug, SystemLogLevel: WARN}']);
    assert.deepEqual(own.fn.logging, { logFormat: 'JSON', applicationLogLevel: 'DEBUG', systemLogLevel: 'WARN' });
    const global = only([], undefined, ['LoggingConfig: {LogFormat: JSON}']);
    assert.deepEqual(global.fn.logging, { logFormat: 'JSON' });
    assert.deepEqual(only([]).fn.logging, {});
  });

  it('reports what Lambda would refuse and leaves it out', () => {
    const bad = only(['LoggingConfig: {LogFormat: XML, ApplicationLogLevel: LOUD}']);
    assert.deepEqual(bad.fn.logging, {});
    assert.ok(bad.problems.some((m) => /LogFormat must be Text or JSON, not 'XML'/.test(m)));
    assert.ok(bad.problems.some((m) => /ApplicationLogLevel must be TRACE/.test(m)));
    const textWithLevel = only(['LoggingConfig: {LogFormat: Text, ApplicationLogLevel: DEBUG}']);
    assert.deepEqual(textWithLevel.fn.logging, { logFormat: 'Text' });
    assert.ok(textWithLevel.problems.some((m) => /JSON log format only/.test(m)));
  });
});

describe('template CapacityProviderConfig (Lambda Managed Instances)', () => {
  it('reads SAM’s PerExecutionEnvironmentMaxConcurrency', () => {
    const { fn } = only(['CapacityProviderConfig: {Arn: arn:x, PerExecutionEnvironmentMaxConcurrency: 12}']);
    assert.equal(fn.maxConcurrency, 12);
  });

  it('reads CloudFormation’s LambdaManagedInstancesCapacityProviderConfig', () => {
    const { fn } = only(
      [
        'CapacityProviderConfig:',
        '  LambdaManagedInstancesCapacityProviderConfig:',
        '    CapacityProviderArn: arn:x',
        '    PerExecutionEnvironmentMaxConcurrency: 5',
      ],
      'AWS::Lambda::Function',
    );
    assert.equal(fn.maxConcurrency, 5);
  });

  it('defaults to 8 per vCPU, one vCPU per 2 GiB unless the ratio says otherwise', () => {
    assert.equal(only(['CapacityProviderConfig: {Arn: arn:x}']).fn.maxConcurrency, 16);
    const ratio = only(['CapacityProviderConfig: {Arn: arn:x, ExecutionEnvironmentMemoryGiBPerVCpu: 4}']);
    assert.equal(ratio.fn.maxConcurrency, 8);
    assert.equal(only([]).fn.maxConcurrency, undefined);
  });

  it('reports a concurrency that is no whole number', () => {
    const { fn, problems } = only(['CapacityProviderConfig: {Arn: arn:x, PerExecutionEnvironmentMaxConcurrency: 0}']);
    assert.equal(fn.maxConcurrency, 16);
    assert.ok(problems.some((m) => /PerExecutionEnvironmentMaxConcurrency must be a whole number/.test(m)));
  });
});

describe('template TenancyConfig', () => {
  it('reads PER_TENANT, and reports another mode', () => {
    assert.equal(only(['TenancyConfig: {TenantIsolationMode: PER_TENANT}']).fn.tenantIsolation, true);
    assert.equal(only([]).fn.tenantIsolation, false);
    const bad = only(['TenancyConfig: {TenantIsolationMode: SHARED}']);
    assert.equal(bad.fn.tenantIsolation, false);
    assert.ok(bad.problems.some((m) => /TenantIsolationMode must be PER_TENANT, not 'SHARED'/.test(m)));
  });
});
