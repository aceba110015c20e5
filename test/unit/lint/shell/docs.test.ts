// docs/rules-shell.md explains every rule this linter reports, under a heading that is exactly the rule id (so that
// `rules-shell.md#exec-bit` links work), with a bad and a good example.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ruleInfo } from '../../../../src/core/lint/rules';
import { SHELL_RULE_IDS } from '../../../../src/core/lint/shell';
import { REPO_ROOT } from '../../helpers';

const SHELL_RULES = ['exec-bit', 'git-exec-bit', ...SHELL_RULE_IDS];

describe('docs/rules-shell.md', () => {
  const text = readFileSync(path.join(REPO_ROOT, 'docs', 'rules-shell.md'), 'utf8');
  const sections = new Map(
    text
      .split(/^## /m)
      .slice(1)
      .map((section) => [section.slice(0, section.indexOf('\n')).trim(), section]),
  );

  it('has one section per shell rule, titled with the rule id', () => {
    for (const id of SHELL_RULES) {
      ruleInfo(id); // Throws for an id the contract does not know.
      assert.ok(sections.has(id), `no "## ${id}" section`);
    }
    assert.deepEqual([...sections.keys()].sort(), [...SHELL_RULES].sort());
  });

  it('says in each section what the rule finds, why Lambda fails, how to fix, with an example', () => {
    for (const [id, section] of sections) {
      assert.match(section, /\*\*Finds\*\*/, id);
      assert.match(section, /\*\*Why (Lambda fails|it matters)\*\*/, id);
      assert.match(section, /\*\*Fix\*\*/, id);
      assert.match(section, /```/, `${id} has no example`);
    }
  });
});
