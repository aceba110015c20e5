// The `syntax` rule's messages and repairs beyond the fixtures: several errors in one file, stray words,
// unclosed constructs of each kind, and no noise from other rules while the script does not parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, codes, lintText, ofRule } from './helpers';

async function syntax(text: string) {
  return ofRule(await lintText(text), 'syntax');
}

describe('the syntax rule', () => {
  it('reports each broken construct of one error region', async () => {
    const text = '#!/bin/sh\nwhile true\n  echo hi\ndone\nif [ -f x ]\n  echo y\nfi\n';
    const findings = await syntax(text);
    assert.deepEqual(
      findings.map((finding) => [finding.range.start.line, finding.message.split(':')[0]]),
      [
        [1, '`while` without `do`'],
        [4, '`if` without `then`'],
      ],
    );
    let fixed = text;
    for (const finding of findings.reverse()) fixed = applyEdits(fixed, finding.fixes![0]!.edits!);
    assert.equal(fixed, '#!/bin/sh\nwhile true; do\n  echo hi\ndone\nif [ -f x ]; then\n  echo y\nfi\n');
    assert.deepEqual(await syntax(fixed), []);
  });

  it('puts a missing `do` after the word list of a for loop', async () => {
    const text = '#!/bin/sh\nfor x in a b\n  echo "$x"\ndone\n';
    const [finding] = await syntax(text);
    assert.match(finding!.message, /`for` without `do`: add `do` after the word list/);
    assert.equal(applyEdits(text, finding!.fixes![0]!.edits!), '#!/bin/sh\nfor x in a b; do\n  echo "$x"\ndone\n');
  });

  it('closes an unclosed loop at the end of a file without a final newline', async () => {
    const text = '#!/bin/sh\nwhile true; do echo hi';
    const [finding] = await syntax(text);
    assert.match(finding!.message, /`while` is never closed/);
    assert.equal(applyEdits(text, finding!.fixes![0]!.edits!), '#!/bin/sh\nwhile true; do echo hi; done');
  });

  it('names an unclosed command substitution and repairs it', async () => {
    const text = '#!/bin/sh\nx=$(echo hi\necho "$x"\n';
    const [finding] = await syntax(text);
    assert.match(finding!.message, /`\)` is missing/);
    assert.deepEqual(await syntax(applyEdits(text, finding!.fixes![0]!.edits!)), []);
  });

  it('reports a stray closing word', async () => {
    const [finding] = await syntax('#!/bin/sh\necho hi\ndone\n');
    assert.ok(finding !== undefined);
    assert.match(finding.message, /done/);
  });

  it('caps the number of syntax findings', async () => {
    const text = `#!/bin/sh\n${'if then fi done ) ( esac }\n'.repeat(200)}`;
    const findings = await syntax(text);
    assert.ok(findings.length > 0 && findings.length <= 20, `${findings.length} findings`);
  });

  it('keeps the loop rules quiet while the loop does not parse', async () => {
    const text =
      '#!/bin/sh\nwhile true\n  curl -sS "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next"\ndone\n';
    assert.deepEqual(codes(await lintText(text)), ['syntax']);
  });

  it('accepts what bash accepts: here-documents, case, arithmetic, functions, nested substitutions', async () => {
    const text = [
      '#!/bin/bash',
      'cat <<EOF',
      'while if case',
      'EOF',
      'f() { local n=$(( $1 + 1 )); echo "$(printf "%s" "$(echo "$n")")"; }',
      'case "$1" in (a|b) f 1 ;; *) : ;; esac',
      '[[ -n ${x:-} && $x =~ ^[0-9]+$ ]] || true',
      '',
    ].join('\n');
    assert.deepEqual(await syntax(text), []);
  });
});
