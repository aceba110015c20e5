// Builds the compiled custom runtimes of test/fixtures/workspaces/debug-native into a temporary folder: a Go one
// (net/http, standard library only) and a C++ one (libcurl). Shared by the unit tests and the in-editor suite.
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { which } from '../../../../src/core/debug/adapters/find-tool';

/** test/fixtures/workspaces/debug-native under a checkout (the repository, or the extension's folder in the editor). */
export function debugNativeFixtures(root: string): string {
  return path.join(root, 'test', 'fixtures', 'workspaces', 'debug-native');
}

export interface BuiltRuntime {
  readonly dir: string;
  readonly bootstrap: string;
  readonly handlerFile: string;
  /** The 1-based line marked `// breakpoint` in the handler. */
  readonly breakpointLine: number;
}

async function breakpointLine(file: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.includes('// breakpoint'));
  if (index < 0) throw new Error(`${file} has no line marked // breakpoint`);
  return index + 1;
}

async function copyFixture(name: string, fixtures: string, parent: string): Promise<string> {
  const dir = await mkdtemp(path.join(parent, `lrk-debug-${name}-`));
  await cp(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

/** Why the Go runtime cannot be built here, or undefined. */
export function goMissing(): string | undefined {
  return which('go') ? undefined : 'go is not installed (the Go fixture is compiled at run time)';
}

/** Why the C++ runtime cannot be built here, or undefined. */
export function cppMissing(): string | undefined {
  if (!which('g++')) return 'g++ is not installed (the C++ fixture is compiled at run time)';
  return undefined;
}

/** Builds the Go runtime without optimisations or inlining, as a debug build should be. */
export async function buildGoRuntime(fixtures: string, parent = tmpdir()): Promise<BuiltRuntime> {
  const dir = await copyFixture('go', fixtures, parent);
  await execa('go', ['build', '-gcflags=all=-N -l', '-o', 'bootstrap', '.'], {
    cwd: dir,
    env: { CGO_ENABLED: '0', GOPROXY: 'off', GOFLAGS: '' },
  });
  const handlerFile = path.join(dir, 'handler.go');
  return {
    dir,
    bootstrap: path.join(dir, 'bootstrap'),
    handlerFile,
    breakpointLine: await breakpointLine(handlerFile),
  };
}

/** Builds the C++ runtime with debug information and no optimisation. */
export async function buildCppRuntime(fixtures: string, parent = tmpdir()): Promise<BuiltRuntime> {
  const dir = await copyFixture('cpp', fixtures, parent);
  try {
    await execa('g++', ['-g', '-O0', '-o', 'bootstrap', 'main.cpp', 'handler.cpp', '-lcurl'], { cwd: dir });
  } catch (error) {
    throw new Error(`The C++ fixture needs libcurl's headers (libcurl4-openssl-dev): ${(error as Error).message}`);
  }
  const handlerFile = path.join(dir, 'handler.cpp');
  return {
    dir,
    bootstrap: path.join(dir, 'bootstrap'),
    handlerFile,
    breakpointLine: await breakpointLine(handlerFile),
  };
}
