// docs/rules.md explains every rule under a heading that is exactly the rule id: the editor links each problem to
// `docs/rules.md#<id>`, so a missing or renamed heading is a broken link.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../../src/core/lint/rules';
import { REPO_ROOT } from '../helpers';

describe('docs/rules.md', () => {
  const text = readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');
  const sections = new Map(
    text
      .split(/^### /m)
      .slice(1)
      .map((section) => [section.slice(0, section.indexOf('\n')).trim(), section.split(/^## /m)[0]!]),
  );

  it('has one section per rule id, and none for an id the rules do not have', () => {
    assert.deepEqual([...sections.keys()].sort(), RULES.map((rule) => rule.id).sort());
  });

  it('lists every rule with its default severity in the table at the top', () => {
    for (const rule of RULES) {
      // Column widths are prettier's business, so spaces before a bar may vary.
      assert.match(
        text,
        new RegExp(`^\\| \\[\`${rule.id}\`\\]\\(#${rule.id}\\) +\\| ${rule.severity} +\\|`, 'm'),
        `${rule.id} is not in the table with severity ${rule.severity}`,
      );
    }
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
