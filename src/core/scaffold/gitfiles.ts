// .gitattributes and .gitignore. Lambda runs Linux: a bootstrap checked out with CRLF fails to start ("bad
// interpreter: /bin/bash^M"), so every text file of the scaffold is kept with LF whatever the checkout's platform.
import type { LanguageTemplate } from './language';
import type { ScaffoldFile } from './types';

/** `.gitattributes` for the scaffold's files: LF for the bootstrap script and every text file type it has. */
export function renderGitattributes(files: readonly ScaffoldFile[], language: LanguageTemplate): string {
  const patterns = new Set<string>();
  for (const file of files) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const dot = name.lastIndexOf('.');
    patterns.add(dot > 0 ? `*${name.slice(dot)}` : name);
  }
  patterns.delete('bootstrap');
  const lines = ['# Lambda runs Linux: these files keep LF line endings on every checkout.'];
  // A compiled language's bootstrap is the binary `make` builds (and .gitignore excludes): never convert it.
  lines.push(language.compiled ? 'bootstrap binary' : 'bootstrap text eol=lf');
  for (const pattern of [...patterns].sort()) lines.push(`${pattern} text eol=lf`);
  return `${lines.join('\n')}\n`;
}

/** `.gitignore`: sam's build folder, editor leftovers and the language's build outputs. */
export function renderGitignore(language: LanguageTemplate): string {
  return `${['.aws-sam/', '.DS_Store', ...language.gitignore].join('\n')}\n`;
}
