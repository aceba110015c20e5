// Reads what `declare -p` (and `local` with no operand) print: one `declare -FLAGS name[=value]` per variable,
// values quoted as bash quotes them: "..." (a newline stays literal), $'...' for control characters, and arrays
// as ([k]="v" ...). Bash 4.2 wraps arrays in single quotes: declare -a a='([0]="x")'. Parsed here rather than
// in bash so that the harness stays a few builtins.

export type BashVariableKind = 'scalar' | 'indexed' | 'associative';

export interface BashVariable {
  readonly name: string;
  /** declare's flags without the dash: `x` exported, `r` read-only, `i` integer, `a`/`A` arrays, `n` nameref. */
  readonly flags: string;
  readonly kind: BashVariableKind;
  /** The value of a scalar; undefined when the variable is declared but has none. */
  readonly value?: string;
  /** The elements of an array, in bash's order. */
  readonly entries?: ReadonlyArray<readonly [string, string]>;
}

const ANSI_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

class Cursor {
  constructor(
    readonly text: string,
    public at = 0,
  ) {}
  get done(): boolean {
    return this.at >= this.text.length;
  }
  peek(offset = 0): string {
    return this.text[this.at + offset] ?? '';
  }
}

/** A double-quoted string at the cursor (the cursor on its opening quote). */
function readDouble(cursor: Cursor): string {
  let out = '';
  cursor.at++;
  while (!cursor.done && cursor.peek() !== '"') {
    const char = cursor.peek();
    if (char === '\\' && '"\\$`\n'.includes(cursor.peek(1))) {
      if (cursor.peek(1) !== '\n') out += cursor.peek(1);
      cursor.at += 2;
      continue;
    }
    out += char;
    cursor.at++;
  }
  cursor.at++;
  return out;
}

function readSingle(cursor: Cursor): string {
  const end = cursor.text.indexOf("'", cursor.at + 1);
  const stop = end === -1 ? cursor.text.length : end;
  const out = cursor.text.slice(cursor.at + 1, stop);
  cursor.at = stop + 1;
  return out;
}

/** $'...' (the cursor on the $). */
function readAnsi(cursor: Cursor): string {
  const bytes: number[] = [];
  const pushText = (text: string) => bytes.push(...Buffer.from(text, 'utf8'));
  cursor.at += 2;
  while (!cursor.done && cursor.peek() !== "'") {
    const char = cursor.peek();
    if (char !== '\\') {
      pushText(char);
      cursor.at++;
      continue;
    }
    const next = cursor.peek(1);
    cursor.at += 2;
    if (next in ANSI_ESCAPES) pushText(ANSI_ESCAPES[next]);
    else if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(cursor.peek())) digits += cursor.text[cursor.at++];
      bytes.push(parseInt(digits, 8) & 0xff);
    } else if (next === 'x') {
      let digits = '';
      while (digits.length < 2 && /[0-9a-fA-F]/.test(cursor.peek())) digits += cursor.text[cursor.at++];
      bytes.push(parseInt(digits || '0', 16));
    } else if (next === 'c') {
      bytes.push(cursor.text.charCodeAt(cursor.at++) & 0x1f);
    } else pushText(`\\${next}`);
  }
  cursor.at++;
  return Buffer.from(bytes).toString('utf8');
}

/** One word: quoted parts and bare characters up to a blank, `)` or `]` (or the end of the line). */
function readWord(cursor: Cursor, stops = ' \n)'): string {
  let out = '';
  while (!cursor.done && !stops.includes(cursor.peek())) {
    const char = cursor.peek();
    if (char === '"') out += readDouble(cursor);
    else if (char === "'") out += readSingle(cursor);
    else if (char === '$' && cursor.peek(1) === "'") out += readAnsi(cursor);
    else if (char === '\\') {
      out += cursor.peek(1);
      cursor.at += 2;
    } else {
      out += char;
      cursor.at++;
    }
  }
  return out;
}

/** `([k]="v" ...)` at the cursor (on the parenthesis). */
function readArray(cursor: Cursor): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  cursor.at++;
  for (;;) {
    while (cursor.peek() === ' ' || cursor.peek() === '\n') cursor.at++;
    if (cursor.done || cursor.peek() === ')') break;
    if (cursor.peek() !== '[') {
      // A value without a subscript: the next index.
      entries.push([String(entries.length), readWord(cursor)]);
      continue;
    }
    cursor.at++;
    const key = readWord(cursor, ']');
    cursor.at++; // ]
    if (cursor.peek() === '=') cursor.at++;
    entries.push([key, readWord(cursor)]);
  }
  cursor.at++;
  return entries;
}

/** Parses `declare -p` output into its variables, in order. Lines it does not understand are passed over. */
export function parseDeclarations(text: string): BashVariable[] {
  const variables: BashVariable[] = [];
  const cursor = new Cursor(text);
  while (!cursor.done) {
    const head = /^declare -([A-Za-z-]*) ([A-Za-z_][A-Za-z0-9_]*)(=?)/.exec(text.slice(cursor.at, cursor.at + 300));
    if (!head) {
      const newline = text.indexOf('\n', cursor.at);
      cursor.at = newline === -1 ? text.length : newline + 1;
      continue;
    }
    const flags = head[1].replace(/-/g, '');
    const name = head[2];
    cursor.at += head[0].length;
    const kind: BashVariableKind = flags.includes('A') ? 'associative' : flags.includes('a') ? 'indexed' : 'scalar';
    if (!head[3]) variables.push({ name, flags, kind, ...(kind === 'scalar' ? {} : { entries: [] }) });
    else if (kind === 'scalar') variables.push({ name, flags, kind, value: readWord(cursor, '\n') });
    else if (cursor.peek() === "'") {
      // Bash 4.2: the array's text in single quotes.
      const inner = new Cursor(readSingle(cursor));
      variables.push({ name, flags, kind, entries: inner.peek() === '(' ? readArray(inner) : [] });
    } else variables.push({ name, flags, kind, entries: cursor.peek() === '(' ? readArray(cursor) : [] });
    const newline = text.indexOf('\n', cursor.at);
    cursor.at = newline === -1 ? text.length : newline + 1;
  }
  return variables;
}
