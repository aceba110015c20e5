// Snippet expansion as the editor does it, for the tests of snippets/*.json.
import assert from 'node:assert/strict';

/**
 * Expands a snippet as VS Code does when every placeholder keeps its default (or takes what `typed` gives): `\` escapes `$`, `}` and `\`;
 * `${1:x}` gives x, `${1|a,b|}` gives a, `$1` mirrors the first value of 1, `$0` gives nothing. A variable
 * (`$NAME`, `${NAME}`) fails: the editor would replace it, which in a script is a `$` the author forgot to escape.
 */
export function expandSnippet(text: string, typed: Readonly<Record<number, string>> = {}): string {
  const values = new Map<string, string>(Object.entries(typed));
  let pos = 0;
  const parse = (inside: boolean): string => {
    let out = '';
    while (pos < text.length) {
      const char = text[pos];
      const rest = text.slice(pos);
      if (char === '\\' && '$}\\'.includes(text[pos + 1] ?? '')) {
        out += text[pos + 1];
        pos += 2;
      } else if (inside && char === '}') {
        return out;
      } else if (char === '$') {
        let match: RegExpExecArray | null;
        if ((match = /^\$(\d+)/.exec(rest)) || (match = /^\$\{(\d+)\}/.exec(rest))) {
          pos += match[0].length;
          out += values.get(match[1]) ?? '';
        } else if ((match = /^\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/.exec(rest))) {
          pos += match[0].length;
          const first = match[2].split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
          if (!values.has(match[1])) values.set(match[1], first);
          out += values.get(match[1]);
        } else if ((match = /^\$\{(\d+):/.exec(rest))) {
          pos += match[0].length;
          const value = parse(true);
          assert.equal(text[pos], '}', `unclosed placeholder \${${match[1]}: in ${JSON.stringify(text)}`);
          pos += 1;
          if (!values.has(match[1])) values.set(match[1], value);
          out += values.get(match[1]);
        } else {
          assert.doesNotMatch(rest, /^\$\{?[A-Za-z_]/, `unescaped variable at ${JSON.stringify(rest.slice(0, 30))}`);
          out += char;
          pos += 1;
        }
      } else {
        out += char;
        pos += 1;
      }
    }
    assert.ok(!inside, `unclosed placeholder in ${JSON.stringify(text)}`);
    return out;
  };
  return parse(false);
}
