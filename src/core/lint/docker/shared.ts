// Helpers shared by the Dockerfile rules: which copies are bootstraps, and edits on Dockerfile words.
import path from 'node:path';
import { RUNTIME_BOOTSTRAP } from '../../project/context-files';
import { copyTargets, type CopyInstruction, type DockerfileFacts } from '../../project/dockerfile-facts';
import { BOOTSTRAP_NAME, LAMBDA_RUNTIME_DIR } from '../../project/names';
import type { Range } from '../types';

/** Whether a COPY/ADD brings a bootstrap: a source named `bootstrap`, or a file written as the runtime's bootstrap. */
export function isBootstrapCopy(copy: CopyInstruction): boolean {
  if (copy.sources.some((source) => path.posix.basename(source.text.replace(/\/+$/, '')) === BOOTSTRAP_NAME))
    return true;
  return copyTargets(copy).includes(RUNTIME_BOOTSTRAP);
}

/** Whether the image ends up with /var/runtime/bootstrap, as far as the Dockerfile shows (unknowns count as yes). */
export function providesRuntimeBootstrap(facts: DockerfileFacts): boolean {
  if (facts.runWritesRuntimeDir) return true;
  return facts.copies.some((copy) => {
    if (copyTargets(copy).includes(RUNTIME_BOOTSTRAP)) return true;
    if (!isUnder(copy.destinationPath, LAMBDA_RUNTIME_DIR)) return false;
    // A folder copied into the runtime folder may hold a bootstrap this linter cannot see.
    return copy.sources.some((source) => {
      const name = path.posix.basename(source.text.replace(/\/+$/, ''));
      return (
        source.text.endsWith('/') ||
        // ADD unpacks a local tar archive into the destination.
        (copy.keyword === 'ADD' && /\.(tar(\.\w+)?|tgz|tbz2?|txz)$/i.test(name)) ||
        name === '.' ||
        name === '..' ||
        /[*?[]/.test(name) ||
        (name !== BOOTSTRAP_NAME && !name.includes('.'))
      );
    });
  });
}

export function isUnder(file: string, folder: string): boolean {
  return file === folder || file.startsWith(`${folder}/`);
}

/** Text to put in place of a word of an instruction, quoted when the instruction is in JSON form. */
export function wordText(text: string, json: boolean): string {
  return json ? JSON.stringify(text) : text;
}

/** The position just after the last character of `text`, and whether a newline is needed before appending. */
export function endOfText(text: string): { range: Range; needsNewline: boolean } {
  const lines = text.split('\n');
  const line = lines.length - 1;
  const position = { line, character: lines[line].length };
  return { range: { start: position, end: position }, needsNewline: text.length > 0 && !text.endsWith('\n') };
}
