// Finds and loads web-tree-sitter and the bash grammar, in the two ways this code runs:
//  - bundled by esbuild into dist/server.js or dist/cli.js (CommonJS): `require` and `__dirname` exist, the build
//    copies tree-sitter.wasm and tree-sitter-bash.wasm next to the bundle, and no node_modules may be around;
//  - from source under tsx (ESM): neither `require` nor `__dirname` exists, and node_modules is.
// `import.meta` is deliberately not used: esbuild empties it in CommonJS output (and warns), and web-tree-sitter's
// own ESM build, which relies on it, fails inside a CommonJS bundle — so the bundle must get its CommonJS build.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';

export type WebTreeSitter = typeof import('web-tree-sitter');

export const RUNTIME_WASM = 'tree-sitter.wasm';
export const BASH_WASM = 'tree-sitter-bash.wasm';

const PACKAGE_PATHS: Readonly<Record<string, string>> = {
  [RUNTIME_WASM]: 'web-tree-sitter/tree-sitter.wasm',
  [BASH_WASM]: 'tree-sitter-bash/tree-sitter-bash.wasm',
};

let explicitDirectory: string | undefined;

/**
 * Keeps this process's WebAssembly on V8's baseline compiler (Liftoff), for processes of our own (the language
 * server, the command line), before their first parse; never in the extension host, where the flag would apply to
 * every extension's WebAssembly. Otherwise V8 optimises tree-sitter-bash's lexer (one huge function) with TurboFan
 * right after the first parses: about 1 s of CPU, taken from the editor as a workspace opens and from the runtime of
 * a first F5 (on 2 cores, a first F5 on Python reached its breakpoint 0.7 s later), and waited for by a `lint` on the
 * command line before it exits (300 lines: 1.18 s, 0.44 s without). Liftoff's code parses 2× slower,
 * far inside the linter's targets (`npm run bench:lint`). A V8 without the flag says so on stderr and goes on.
 */
export function keepWasmOnBaselineCompiler(): void {
  setFlagsFromString('--liftoff-only');
}

/**
 * Makes the loader look for both .wasm files in `directory` first. The bundles find theirs next to themselves
 * without this; it is for hosts that keep the files elsewhere.
 */
export function setShellWasmDirectory(directory: string | undefined): void {
  explicitDirectory = directory;
}

/**
 * Loads web-tree-sitter's JavaScript. A literal `require` is what makes esbuild bundle the CommonJS build; from
 * source the specifier is a variable so that esbuild leaves that branch alone.
 */
export async function loadWebTreeSitter(): Promise<WebTreeSitter> {
  if (typeof require === 'function') return require('web-tree-sitter') as WebTreeSitter;
  const specifier = 'web-tree-sitter';
  return (await import(specifier)) as WebTreeSitter;
}

/** Every place `name` may be, most specific first (see the header comment). */
export function wasmCandidates(name: string): string[] {
  const candidates: string[] = [];
  if (explicitDirectory !== undefined) candidates.push(path.join(explicitDirectory, name));
  if (typeof __dirname === 'string') candidates.push(path.join(__dirname, name));
  const packagePath = PACKAGE_PATHS[name] ?? name;
  if (typeof require === 'function') {
    try {
      candidates.push(require.resolve(packagePath));
    } catch {
      // Not resolvable from the bundle; the other candidates remain.
    }
  }
  // From source: resolve from the entry script and from the working folder (tests and scripts run in the repo).
  for (const base of [process.argv[1], path.join(process.cwd(), 'package.json')]) {
    if (base === undefined || base === '') continue;
    try {
      candidates.push(createRequire(path.resolve(base)).resolve(packagePath));
    } catch {
      // Not installed where that base looks.
    }
  }
  return [...new Set(candidates)];
}

/** The first existing candidate for `name`, or an error that lists where it looked. */
export function locateWasm(name: string): string {
  const candidates = wasmCandidates(name);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found !== undefined) return found;
  throw new Error(
    `Cannot find ${name} for the shell parser; looked in: ${candidates.join(', ') || '(nowhere)'}. ` +
      'Reinstall the extension or run npm install.',
  );
}
