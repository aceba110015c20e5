// The user's variables for `serve`/`invoke --env-vars F`: a dotenv file or SAM's env-vars JSON, so a project
// that already has one for `sam local invoke --env-vars` needs nothing new.
import { readFile } from 'node:fs/promises';

/** A file that is no valid env-vars file; `line` is 1-based, as an editor shows it. */
export class EnvVarsError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
    this.name = 'EnvVarsError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads the variables of `file`: either dotenv (`KEY=VALUE` lines, `#` comments, single or double quotes,
 * an optional `export ` prefix) or SAM's env-vars JSON (`{"Parameters": {...}, "<LogicalId>": {...}}`),
 * where `Parameters` apply to every function and the object named `functionName` overrides them.
 * Throws an {@link EnvVarsError} naming the file and line on bad input.
 */
export async function readEnvVars(file: string, functionName?: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : String(error);
    throw new EnvVarsError(file, undefined, `cannot read the env-vars file: ${why}`);
  }
  return parseEnvVars(text, file, functionName);
}

/** {@link readEnvVars} on text already read; `file` only names it in errors. */
export function parseEnvVars(text: string, file: string, functionName?: string): Record<string, string> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // No dotenv line can start with { or [, so those are JSON (an array only to say it is the wrong shape).
  return /^\s*[[{]/.test(body) ? parseSamJson(body, file, functionName) : parseDotenv(body, file);
}

function parseSamJson(text: string, file: string, functionName?: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : undefined;
    throw new EnvVarsError(file, line, `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
  if (!isObject(data)) throw new EnvVarsError(file, 1, 'expected a JSON object of objects ({"Parameters": {...}})');
  const result: Record<string, string> = {};
  for (const [section, values] of Object.entries(data)) {
    if (!isObject(values)) {
      throw new EnvVarsError(
        file,
        lineOfKey(text, section),
        `"${section}" must be an object of variables, as in {"${section}": {"NAME": "value"}}`,
      );
    }
  }
  const sections = [
    'Parameters',
    ...(functionName !== undefined && functionName !== 'Parameters' ? [functionName] : []),
  ];
  for (const section of sections) {
    const values = data[section];
    if (!isObject(values)) continue;
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string') result[name] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') result[name] = String(value);
      else {
        throw new EnvVarsError(
          file,
          lineOfKey(text, name),
          `"${section}.${name}" must be a string, number or boolean, not ${value === null ? 'null' : typeof value}`,
        );
      }
    }
  }
  return result;
}

function parseDotenv(text: string, file: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index].trim();
    if (line === '' || line.startsWith('#')) continue;
    const assignment = line.replace(/^export\s+/, '');
    const equals = assignment.indexOf('=');
    if (equals < 0) {
      throw new EnvVarsError(file, lineNumber, `expected KEY=VALUE, found '${truncate(line)}'`);
    }
    const name = assignment.slice(0, equals).trim();
    if (!NAME.test(name)) {
      throw new EnvVarsError(file, lineNumber, `'${truncate(name)}' is not a variable name (letters, digits, _)`);
    }
    let rest = assignment.slice(equals + 1).trimStart();
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may run over several lines, as dotenv allows; gather lines until the closing quote.
      let value = rest.slice(1);
      let close = findClosingQuote(value, quote);
      const startLine = lineNumber;
      while (close < 0 && index + 1 < lines.length) {
        index++;
        value += `\n${lines[index]}`;
        close = findClosingQuote(value, quote);
      }
      if (close < 0) throw new EnvVarsError(file, startLine, `the ${quote} quote opened here is never closed`);
      const after = value.slice(close + 1).trim();
      if (after !== '' && !after.startsWith('#')) {
        throw new EnvVarsError(file, index + 1, `unexpected text after the closing quote: '${truncate(after)}'`);
      }
      value = value.slice(0, close);
      result[name] = quote === '"' ? unescapeDouble(value) : value;
    } else {
      // Unquoted: a # starts a comment only after whitespace, so `a#b` keeps its #.
      const comment = rest.search(/\s#/);
      if (comment >= 0) rest = rest.slice(0, comment);
      result[name] = rest.trimEnd();
    }
  }
  return result;
}

function findClosingQuote(value: string, quote: string): number {
  for (let i = 0; i < value.length; i++) {
    if (quote === '"' && value[i] === '\\') i++;
    else if (value[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(value: string): string {
  return value.replace(/\\(.)/g, (_, char: string) => {
    switch (char) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return char;
    }
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

function lineOfKey(text: string, key: string): number | undefined {
  const offset = text.indexOf(JSON.stringify(key));
  return offset < 0 ? undefined : lineAt(text, offset);
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
