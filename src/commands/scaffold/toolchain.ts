// Which of a language's tools this machine lacks, so that the language picker can say so before the user
// picks it (the scaffold is still written: it may be built elsewhere). No vscode here.
import { pathDirectories, which } from '../../core/executables';
import type { LanguageInfo } from '../../core/scaffold/types';

/** Whether `program` is an executable file in one of `PATH`'s folders (or is an executable path itself). */
export function isOnPath(program: string, pathVariable = process.env.PATH ?? ''): boolean {
  return which(program, pathDirectories(pathVariable)) !== undefined;
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
      for (const tool of language.toolchain) if (!isOnPath(tool, pathVariable)) absent.push(tool);
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
