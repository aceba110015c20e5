// Which build-context file becomes which file in the image: the link between a bootstrap in the editor and the
// Dockerfile (and so the image) it runs in.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CopyInstruction, DockerfileFacts } from './dockerfile-facts';
import { BOOTSTRAP_NAME, LAMBDA_RUNTIME_DIR } from './names';

/** Where Lambda's `/lambda-entrypoint.sh` (and so every Lambda base image) starts the runtime. */
export const RUNTIME_BOOTSTRAP = `${LAMBDA_RUNTIME_DIR}/${BOOTSTRAP_NAME}`;

/** Copies of build-context files: not `--from` another stage, not inline here-documents. */
export function contextCopies(facts: DockerfileFacts): CopyInstruction[] {
  return facts.copies.filter((copy) => copy.fromStage === undefined && !copy.heredoc);
}

/**
 * The image path `file` (absolute, inside `contextDir`) lands at through `copy`, or undefined when the copy
 * does not take it. Folder sources copy their contents, as Docker does.
 */
export function landingPath(copy: CopyInstruction, contextDir: string, file: string): string | undefined {
  let landing: string | undefined;
  for (const source of copy.sources) {
    // Context paths are relative to the context even when written absolute (`COPY /bootstrap /var/runtime/`).
    const sourcePath = path.join(contextDir, source.text.replace(/^\/+/, ''));
    if (/[*?[]/.test(source.text)) {
      if (
        path.dirname(file) === path.dirname(sourcePath) &&
        globMatch(path.basename(sourcePath), path.basename(file))
      ) {
        landing = path.posix.join(copy.destinationPath, path.basename(file));
      }
    } else if (file === sourcePath) {
      landing = copy.destinationIsFolder
        ? path.posix.join(copy.destinationPath, path.basename(file))
        : copy.destinationPath;
    } else if (isInside(file, sourcePath)) {
      landing = path.posix.join(copy.destinationPath, toPosix(path.relative(sourcePath, file)));
    }
  }
  return landing;
}

/** The image paths Lambda executes first: the runtime folder's bootstrap, or a replaced ENTRYPOINT's program. */
export function startupPaths(facts: DockerfileFacts): string[] {
  const paths = [RUNTIME_BOOTSTRAP];
  const program = facts.entrypoint?.form === 'json' ? facts.entrypoint.args[0] : undefined;
  if (!facts.lambdaEntrypoint && program !== undefined && program !== '') {
    paths.push(path.posix.resolve(facts.workdir, program));
  }
  return paths;
}

/** The image path where `file` runs as the runtime's first program, if the Dockerfile puts it there. */
export function startupLanding(facts: DockerfileFacts, contextDir: string, file: string): string | undefined {
  const startup = startupPaths(facts);
  let found: string | undefined;
  for (const copy of contextCopies(facts)) {
    const landing = landingPath(copy, contextDir, file);
    if (landing !== undefined && startup.includes(landing)) found = landing;
  }
  return found;
}

/** Any image path `file` is copied to (the last copy wins), for a target even when the path is wrong. */
export function anyLanding(facts: DockerfileFacts, contextDir: string, file: string): string | undefined {
  let found: string | undefined;
  for (const copy of contextCopies(facts)) found = landingPath(copy, contextDir, file) ?? found;
  return found;
}

/** The context file that ends up as `/var/runtime/bootstrap` (or the ENTRYPOINT program), if it exists. */
export async function findStartupFile(facts: DockerfileFacts, contextDir: string): Promise<string | undefined> {
  const copies = contextCopies(facts);
  for (const target of startupPaths(facts)) {
    for (let i = copies.length - 1; i >= 0; i -= 1) {
      const copy = copies[i];
      for (const source of [...copy.sources].reverse()) {
        if (/[*?[]/.test(source.text)) continue;
        const sourcePath = path.join(contextDir, source.text.replace(/^\/+/, ''));
        const candidates: string[] = [];
        if (!copy.destinationIsFolder && copy.destinationPath === target) candidates.push(sourcePath);
        if (copy.destinationIsFolder && path.posix.join(copy.destinationPath, path.basename(sourcePath)) === target) {
          candidates.push(sourcePath);
        }
        if (isInside(target, copy.destinationPath, path.posix)) {
          candidates.push(path.join(sourcePath, path.posix.relative(copy.destinationPath, target)));
        }
        for (const candidate of candidates) if (await isFile(candidate)) return candidate;
      }
    }
  }
  return undefined;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function isInside(child: string, parent: string, paths: typeof path.posix = path as typeof path.posix): boolean {
  const relative = paths.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !paths.isAbsolute(relative);
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/** Docker's `*`, `?` and `[...]` patterns for one path segment. */
export function globMatch(pattern: string, name: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  try {
    return new RegExp(`^${regex}$`).test(name);
  } catch {
    return false;
  }
}
