// Which of a language's tools this machine lacks, so that the language picker can say so before the user
// picks it (the scaffold is still written: it may be built elsewhere). No vscode here.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { LanguageInfo } from '../../core/scaffold/types';

/** Whether `program` is an executable file in one of `PATH`'s folders (or is an executable path itself). */
export async function isOnPath(program: string, pathVariable = process.env.PATH ?? ''): Promise<boolean> {
  const candidates = program.includes('/')
    ? [program]
    : pathVariable
        .split(path.delimiter)
        .filter(Boolean)
        .map((folder) => path.join(folder, program));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return true;
    } catch {
      // not there: the next folder
    }
  }
  return false;
}

/** The tools of `languages` that are not on PATH, per language id. */
export async function missingToolchains(
  languages: readonly LanguageInfo[],
  pathVariable = process.env.PATH ?? '',
): Promise<Map<string, string[]>> {
  const missing = new Map<string, string[]>();
  await Promise.all(
    languages.map(async (language) => {
      const absent: string[] = [];
      for (const tool of language.toolchain) if (!(await isOnPath(tool, pathVariable))) absent.push(tool);
      missing.set(language.id, absent);
    }),
  );
  return missing;
}

/** A language's description in the picker, with the tools this machine lacks: `… — go not found on PATH`. */
export function languageDescription(language: LanguageInfo, missing: readonly string[] = []): string {
  if (missing.length === 0) return language.description;
  return `${language.description} — ${missing.join(', ')} not found on PATH`;
}
