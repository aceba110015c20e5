// What an existing bootstrap is, for Add Dockerfile: a script (which interpreter it ends up running) or a
// compiled program (for which CPU, and from which sources next to it). No vscode here: tested on plain Node.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readExecutableHeader } from '../../core/lint/binary';
import type { Architecture } from '../../core/types';
import type { Language } from '../../core/scaffold/types';

export interface BootstrapKind {
  readonly kind: 'script' | 'binary' | 'unknown';
  /** The language it runs, when the shebang or the program it execs says so. */
  readonly language?: Language;
  /** For a Linux x86_64 or arm64 binary. */
  readonly architecture?: Architecture;
}

/** The language a handler file is written in, by its extension. */
export function languageFromExtension(file: string): Language | undefined {
  const extension = path.extname(file).toLowerCase();
  const byExtension: Readonly<Record<string, Language>> = {
    '.sh': 'bash',
    '.bash': 'bash',
    '.js': 'node',
    '.mjs': 'node',
    '.cjs': 'node',
    '.ts': 'node',
    '.py': 'python',
    '.go': 'go',
    '.rs': 'rust',
    '.cpp': 'cpp',
    '.cc': 'cpp',
    '.cxx': 'cpp',
    '.hpp': 'cpp',
    '.h': 'cpp',
  };
  return byExtension[extension];
}

/** Interpreters a shell bootstrap hands over to, as scaffolds and hand-written runtimes exec them. */
const EXEC_PATTERNS: readonly [RegExp, Language][] = [
  [/\bexec\s+(?:\S*\/)?(?:node|nodejs)\b/, 'node'],
  [/\bexec\s+(?:\S*\/)?python3?(?:\.\d+)?\b/, 'python'],
];

/** Reads a bootstrap's first bytes (or all of them) and says what it is. Never throws. */
export function classifyBootstrap(bytes: Uint8Array): BootstrapKind {
  const header = readExecutableHeader(bytes);
  if (header.format === 'elf') {
    const architecture = header.arch === 'x86_64' || header.arch === 'arm64' ? header.arch : undefined;
    return { kind: 'binary', language: compiledLanguage(bytes), architecture };
  }
  const text = Buffer.from(bytes).toString('utf8');
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  if (shebang === null) return { kind: 'unknown' };
  // `#!/usr/bin/env node` names the program in the second word.
  const program = path.basename(path.basename(shebang[1]) === 'env' ? (shebang[2] ?? '') : shebang[1]);
  if (/^(node|nodejs)$/.test(program)) return { kind: 'script', language: 'node' };
  if (/^python3?(\.\d+)?$/.test(program)) return { kind: 'script', language: 'python' };
  if (!/^(bash|sh|dash|ash|ksh|zsh)$/.test(program)) return { kind: 'script' };
  for (const [pattern, language] of EXEC_PATTERNS) if (pattern.test(text)) return { kind: 'script', language };
  return { kind: 'script', language: 'bash' };
}

/**
 * The language a Linux binary was written in, from what its toolchain leaves in it: Go's build info, Rust's
 * panic machinery, the C++ standard library's symbol versions.
 */
function compiledLanguage(bytes: Uint8Array): Language | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (text.includes('\xff Go buildinf:') || text.includes('Go build ID:')) return 'go';
  if (text.includes('rust_panic') || text.includes('/rustc/')) return 'rust';
  if (text.includes('GLIBCXX_') || text.includes('libstdc++')) return 'cpp';
  return undefined;
}

/** Files whose presence says that a compiled language's sources are here (the Makefile builds them). */
const SOURCE_MARKERS: readonly [RegExp, Language][] = [
  [/^go\.mod$/, 'go'],
  [/^Cargo\.toml$/, 'rust'],
  [/^(CMakeLists\.txt|.+\.(cpp|cc|cxx))$/, 'cpp'],
];

/** The compiled language whose sources are in `names` (a folder's entries), if any. */
export function compiledSourcesIn(names: readonly string[]): Language | undefined {
  for (const [pattern, language] of SOURCE_MARKERS) if (names.some((name) => pattern.test(name))) return language;
  return undefined;
}

/** Handler-looking files of `names`, for a Dockerfile's COPY: scripts the interpreter of a bootstrap loads. */
export function handlerFilesIn(names: readonly string[], language: Language | undefined): string[] {
  const scripting = new Set<Language>(['bash', 'node', 'python']);
  return names
    .filter((name) => name !== 'bootstrap' && !name.startsWith('.'))
    .filter((name) => {
      const own = languageFromExtension(name);
      return own !== undefined && scripting.has(own) && (language === undefined || own === language);
    })
    .sort();
}

/** What Add Dockerfile needs to know about the bootstrap in `folder`. */
export interface BootstrapFacts extends BootstrapKind {
  /** Absolute path of the bootstrap, when it exists. */
  readonly bootstrap?: string;
  /** Compiled sources next to it, which the Dockerfile builds in a first stage. */
  readonly sources?: Language;
  /** The folder's entries. */
  readonly names: readonly string[];
}

/** Reads `folder` and its `bootstrap`. Missing folders and files give an empty answer, never an exception. */
export async function inspectBootstrapFolder(folder: string): Promise<BootstrapFacts> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const sources = compiledSourcesIn(names);
  if (!names.includes('bootstrap')) return { kind: 'unknown', names, sources, language: sources };
  const file = path.join(folder, 'bootstrap');
  // Go and Rust put their markers anywhere in the binary; a few MB is read once per command.
  const bytes = await readFile(file).catch(() => new Uint8Array());
  return { ...classifyBootstrap(bytes), bootstrap: file, names, sources };
}
