import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/lint/rules';
import { lintOptionsFromSettings } from '../../src/core/settings';
import { configurationContribution } from '../../src/core/settings-contribution';
import { manifest } from './helpers';

describe('settings', () => {
  it('package.json contributes exactly the schema of src/core/settings.ts (npm run settings:sync)', () => {
    assert.deepEqual(manifest.contributes.configuration, JSON.parse(JSON.stringify(configurationContribution())));
  });

  it('names every setting lambdaRuntime.<area>.<name> and describes it', () => {
    for (const [name, schema] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.match(name, /^lambdaRuntime\.[a-z]+\.[A-Za-z.]+$/);
      assert.ok((schema as { markdownDescription?: string }).markdownDescription, `${name} has no description`);
    }
  });

  it('offers a severity setting for every rule id', () => {
    const rules = manifest.contributes.configuration.properties['lambdaRuntime.lint.rules'].properties;
    assert.deepEqual(Object.keys(rules).sort(), RULES.map((rule) => rule.id).sort());
  });

  it('reads lint settings with defaults and ignores values of the wrong type', () => {
    const defaults = lintOptionsFromSettings(undefined, true);
    assert.equal(defaults.enabled, true);
    assert.equal(defaults.defaultTarget, 'provided.al2023');
    assert.deepEqual(defaults.shellcheck, { enabled: true, path: 'shellcheck' });
    const custom = lintOptionsFromSettings(
      {
        enabled: false,
        defaultTarget: 'provided.al2',
        rules: { 'exec-bit': 'off', crlf: 'loud' },
        shellcheck: { path: ' ' },
      },
      false,
    );
    assert.equal(custom.enabled, false);
    assert.equal(custom.trusted, false);
    assert.equal(custom.defaultTarget, 'provided.al2');
    assert.deepEqual(custom.rules, { 'exec-bit': 'off' });
    assert.equal(custom.shellcheck.path, 'shellcheck');
  });
});
