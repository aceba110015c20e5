// Where a function's handler is written: the file `_HANDLER` names and the line of its function, for the
// Invoke / Debug CodeLens. Lambda's convention `file.function` (bash, Node.js, Python, Ruby...) names both;
// compiled runtimes get a plain name (`hello`) and a binary, so their usual handler sources are tried instead.
// Pure: the editor side checks which candidate exists and reads it.

/** Files to try, relative to the function's code folder (`/` separators), best first, and the function's name. */
export interface HandlerCandidates {
  readonly paths: readonly string[];
  readonly symbol?: string;
}

const SCRIPT_EXTENSIONS = ['.sh', '.bash', '.js', '.mjs', '.cjs', '.ts', '.mts', '.py', '.rb', '.php', '.pl', '.lua'];
/** The handler sources the scaffolds of compiled languages write, then the usual entry points. */
const COMPILED_SOURCES = ['handler.go', 'src/handler.rs', 'handler.cpp', 'main.go', 'src/main.rs', 'main.cpp'];

/** The files `handler` may name and the function in them. */
export function handlerCandidates(handler: string | undefined): HandlerCandidates {
  const value = handler?.trim().replace(/^\.\//, '') ?? '';
  if (value === '') return { paths: COMPILED_SOURCES };
  const dot = value.lastIndexOf('.');
  if (dot <= 0 || dot === value.length - 1) return { paths: COMPILED_SOURCES, symbol: value };
  const module = value.slice(0, dot);
  const symbol = value.slice(dot + 1);
  // Python reads `package.module.function` as package/module.py; Node.js keeps the dots in the file name.
  const modules = module.includes('.') ? [module, module.replace(/\./g, '/')] : [module];
  return { paths: modules.flatMap((base) => SCRIPT_EXTENSIONS.map((ext) => `${base}${ext}`)), symbol };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Patterns that find where `symbol` is defined, by the file's extension. */
function definitionPatterns(file: string, symbol: string): RegExp[] {
  const name = escapeRegExp(symbol);
  const extension = /\.[^./\\]+$/.exec(file)?.[0].toLowerCase() ?? '';
  switch (extension) {
    case '.js':
    case '.mjs':
    case '.cjs':
    case '.ts':
    case '.mts':
    case '.cts':
      return [
        new RegExp(`\\bfunction\\s*\\*?\\s*${name}\\s*\\(`),
        new RegExp(`\\b(?:const|let|var)\\s+${name}\\s*(?::[^=]+)?=`),
        new RegExp(`\\b(?:module\\.)?exports\\.${name}\\s*=`),
        new RegExp(`^\\s*(?:async\\s+)?${name}\\s*\\([^)]*\\)\\s*\\{`),
      ];
    case '.py':
      return [new RegExp(`^\\s*(?:async\\s+)?def\\s+${name}\\s*\\(`)];
    case '.rb':
      return [new RegExp(`^\\s*def\\s+(?:self\\.)?${name}\\b`)];
    case '.php':
      return [new RegExp(`\\bfunction\\s+${name}\\s*\\(`)];
    case '.go':
      // Go exports with a capital letter: the handler `hello` is often `func Hello`.
      return [new RegExp(`^func\\s+(?:\\([^)]*\\)\\s*)?${name}\\s*[[(]`, 'i')];
    case '.rs':
      return [new RegExp(`^\\s*(?:pub(?:\\([^)]*\\))?\\s+)?(?:async\\s+)?fn\\s+${name}\\b`)];
    case '.c':
    case '.cc':
    case '.cpp':
    case '.cxx':
      // A definition, not a declaration or a call: a type before the name, no semicolon at the end.
      return [new RegExp(`^[A-Za-z_][\\w:<>,*&\\s]*[\\s*&:]${name}\\s*\\([^;]*$`)];
    default:
      // Shell: `name() {`, `name () {`, `function name {`.
      return [new RegExp(`^\\s*(?:function\\s+${name}\\b|${name}\\s*\\(\\s*\\))`)];
  }
}

/** The zero-based line where `symbol` is defined in `text` (a file named `file`), or undefined. */
export function findDefinitionLine(text: string, file: string, symbol: string): number | undefined {
  const patterns = definitionPatterns(file, symbol);
  const lines = text.split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    if (patterns.some((pattern) => pattern.test(lines[line]))) return line;
  }
  return undefined;
}
