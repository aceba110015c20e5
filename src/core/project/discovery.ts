// What `lambda-runtime-kit lint PATH...` checks: in folders, every Dockerfile, SAM template and bootstrap (by
// name, or because a Dockerfile or template makes it one) and the zips templates deploy; explicit files whatever
// their name (a `.zip` is checked as a deployment package). A folder search does not look into zips, nor lint
// the zips it meets (build output, downloads) unless a template names them as a function's code.
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { findStartupFile } from './context-files';
import { cachedDockerfileFacts, cachedTemplate, isBootstrapCandidate } from './target';
import { BOOTSTRAP_NAME, isDockerfileName, isTemplateName, SKIPPED_FOLDERS } from './names';
import { isProvidedRuntime } from './template';
import { deploysZip, layerZips } from './zip-function';

export type LintTargetKind = 'bootstrap' | 'dockerfile' | 'template' | 'zip';

export interface LintTarget {
  /** Absolute path. */
  readonly file: string;
  readonly kind: LintTargetKind;
}

/** Folders deeper than this are not searched (a guard against pathological trees, not a real limit). */
const MAX_DEPTH = 30;
const SNIFF_BYTES = 64 * 1024;

/**
 * The files to lint under `paths` (absolute or relative to the process's folder), sorted, each once.
 * Rejects with a sentence naming the path when one does not exist or cannot be read (the CLI exits 2).
 */
export async function findLintTargets(paths: readonly string[]): Promise<LintTarget[]> {
  const found = new Map<string, LintTargetKind>();
  for (const given of paths) {
    const absolute = path.resolve(given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        code === 'ENOENT'
          ? `${given}: no such file or folder`
          : `${given}: cannot be read (${code ?? (error as Error).message})`,
      );
    }
    if (info.isDirectory()) {
      for (const target of await searchFolder(absolute))
        if (!found.has(target.file)) found.set(target.file, target.kind);
    } else {
      const kind = await explicitFileKind(absolute);
      found.set(absolute, kind);
      // A template given by name brings the zips it deploys, as it does in a folder search.
      if (kind === 'template')
        for (const zip of await deployedZips(absolute)) if (!found.has(zip)) found.set(zip, 'zip');
    }
  }
  return [...found].map(([file, kind]) => ({ file, kind })).sort((a, b) => a.file.localeCompare(b.file));
}

async function searchFolder(root: string): Promise<LintTarget[]> {
  const targets = new Map<string, LintTargetKind>();
  const dockerfiles: string[] = [];
  const templateFiles: string[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(folder, entry.name);
      // Symbolic links to folders are not followed: they can loop, and they point outside the project.
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && depth < MAX_DEPTH) await walk(file, depth + 1);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (isDockerfileName(entry.name)) {
          targets.set(file, 'dockerfile');
          dockerfiles.push(file);
        } else if (isTemplateName(entry.name)) {
          targets.set(file, 'template');
          templateFiles.push(file);
        } else if (entry.name === BOOTSTRAP_NAME && (await isBootstrapCandidate(file))) {
          targets.set(file, 'bootstrap');
        }
      }
    }
  };
  await walk(root, 0);
  // Files that are bootstraps because of where a Dockerfile copies them (`COPY runtime.sh /var/runtime/bootstrap`).
  for (const dockerfile of dockerfiles) {
    const facts = await cachedDockerfileFacts(dockerfile);
    const startup = facts === undefined ? undefined : await findStartupFile(facts, path.dirname(dockerfile));
    if (startup !== undefined && !targets.has(startup)) targets.set(startup, 'bootstrap');
  }
  for (const templateFile of templateFiles) {
    for (const layer of await layerZips(templateFile)) if (!targets.has(layer.file)) targets.set(layer.file, 'zip');
    for (const fn of (await cachedTemplate(templateFile))?.functions ?? []) {
      if (fn.packageType === 'Image' && fn.dockerfile !== undefined && fn.localCode) {
        const facts = await cachedDockerfileFacts(fn.dockerfile);
        const startup = facts === undefined ? undefined : await findStartupFile(facts, fn.codeUri);
        if (startup !== undefined && !targets.has(startup)) targets.set(startup, 'bootstrap');
      } else if (deploysZip(fn)) {
        if (!targets.has(fn.codeUri) && (await isFile(fn.codeUri))) targets.set(fn.codeUri, 'zip');
      } else if (fn.packageType === 'Zip' && fn.localCode && isProvidedRuntime(fn.runtime)) {
        // The CodeUri may be in a folder the search skips (`build/`), yet the template names it.
        const bootstrap = path.join(fn.codeUri, BOOTSTRAP_NAME);
        if (!targets.has(bootstrap) && (await isFile(bootstrap))) targets.set(bootstrap, 'bootstrap');
      }
    }
  }
  return [...targets].map(([file, kind]) => ({ file, kind }));
}

/**
 * The kind of a file named on the command line: by name for Dockerfiles and templates, else by content
 * (a CloudFormation template, a Dockerfile, a zip by its local-file signature); anything else is linted as a
 * bootstrap.
 */
export async function explicitFileKind(file: string): Promise<LintTargetKind> {
  if (isDockerfileName(file)) return 'dockerfile';
  if (/\.zip$/i.test(file)) return 'zip';
  if (isTemplateName(file)) return 'template';
  const head = await readHead(file);
  if (head.startsWith('PK\x03\x04') || head.startsWith('PK\x05\x06')) return 'zip';
  if (head.includes('\0')) return 'bootstrap';
  if (/^(AWSTemplateFormatVersion|Transform:\s*['"]?AWS::Serverless)/m.test(head)) return 'template';
  if (/\.(ya?ml|json)$/i.test(file) && /^Resources:/m.test(head)) return 'template';
  const firstInstruction = head
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'));
  if (!head.startsWith('#!') && firstInstruction !== undefined && /^(FROM|ARG)\s+\S/i.test(firstInstruction)) {
    return 'dockerfile';
  }
  return 'bootstrap';
}

async function readHead(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}

/** The zip files the template `file` deploys as provided.* functions' code and as layers' content (those that exist). */
async function deployedZips(file: string): Promise<string[]> {
  const zips: string[] = [];
  for (const fn of (await cachedTemplate(file))?.functions ?? [])
    if (deploysZip(fn) && (await isFile(fn.codeUri))) zips.push(fn.codeUri);
  for (const layer of await layerZips(file)) zips.push(layer.file);
  return zips;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
