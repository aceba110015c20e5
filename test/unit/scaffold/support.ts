/** Shared pieces of the scaffold tests: the option matrix, writing a scaffold to a temporary folder, toolchains. */
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Architecture } from '../../../src/core/lint/types';
import { renderScaffold, writeScaffold } from '../../../src/core/scaffold';
import type { BaseRuntime, LanguageInfo, Packaging, Scaffold, ScaffoldOptions } from '../../../src/core/scaffold/types';

export const FUNCTION_NAME = 'HelloFunction';
export const PACKAGINGS: readonly Packaging[] = ['zip', 'image'];
export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];
export const BASES: readonly BaseRuntime[] = ['provided.al2023', 'provided.al2'];
export const HOST_ARCH: Architecture = process.arch === 'arm64' ? 'arm64' : 'x86_64';

export function optionsFor(
  language: LanguageInfo,
  packaging: Packaging,
  architecture: Architecture = HOST_ARCH,
  base: BaseRuntime = 'provided.al2023',
): ScaffoldOptions {
  return { language: language.id, packaging, architecture, base, functionName: FUNCTION_NAME };
}

/** Renders `options` and writes the scaffold into a fresh temporary folder (nothing there to conflict with). */
export async function writeTemp(options: ScaffoldOptions): Promise<{ dir: string; scaffold: Scaffold }> {
  const scaffold = renderScaffold(options);
  const dir = await mkdtemp(path.join(tmpdir(), `lrk-scaffold-${options.language}-${options.packaging}-`));
  await writeScaffold(dir, scaffold.files, async (file) => {
    throw new Error(`unexpected conflict on ${file.path} in a fresh folder`);
  });
  return { dir, scaffold };
}

export function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v "${command}"`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why `language` cannot be built and run here (`Go: go not installed`), or undefined. */
export function missingToolchain(language: LanguageInfo): string | undefined {
  const needed = [...language.toolchain, ...(language.compiled ? ['make'] : [])];
  const missing = [...new Set(needed)].filter((command) => !has(command));
  return missing.length === 0 ? undefined : `${language.id}: ${missing.join(', ')} not installed`;
}

/** Builds stay offline and work for root in CI, even without HOME (Go's cache needs a folder). */
export const BUILD_ENV: Record<string, string> = {
  CARGO_NET_OFFLINE: 'true',
  GOPROXY: 'off',
  GOFLAGS: '',
  GOTOOLCHAIN: 'local',
  ...(process.env.HOME || process.env.GOCACHE ? {} : { GOCACHE: path.join(tmpdir(), 'lrk-go-cache') }),
};
