// Where does this bootstrap run? The nearest Dockerfile that copies it, or the template function whose CodeUri
// holds it, decides the base image, the CPU and the installed tools; without either, the user's default holds.
import path from 'node:path';
import type { Architecture, TargetBase } from '../types';
import { anyLanding, contextCopies, startupPaths } from './context-files';
import { isDevSetupScript } from './dev-script';
import { analyzeDockerfile, lambdaHandler, MAX_DOCKERFILE_BYTES, type DockerfileFacts } from './dockerfile-facts';
import { FolderListingCache, ParsedFileCache } from './file-cache';
import { BOOTSTRAP_NAME, isDockerfileName, isTemplateName } from './names';
import { onPath } from './packages';
import { isProvidedRuntime, MAX_TEMPLATE_BYTES, parseTemplate, type TemplateFunctionDetails } from './template';
import type { RuntimeTarget } from './types';
import { makesExecutable } from './image-mode';

/** The bootstrap's folder and this many parents are searched (a template usually sits one or two above). */
const MAX_PARENT_LEVELS = 4;

const dockerfiles = new ParsedFileCache(analyzeDockerfile, MAX_DOCKERFILE_BYTES);
const templates = new ParsedFileCache(parseTemplate, MAX_TEMPLATE_BYTES);
const listings = new FolderListingCache();

/** The source text used when nothing in the project says where the bootstrap runs. */
export const DEFAULT_TARGET_SOURCE = 'default settings';

interface DockerUse {
  readonly facts: DockerfileFacts;
  /** Where the file lands in the image. */
  readonly landing: string;
  /** Whether it lands where Lambda starts the runtime (/var/runtime/bootstrap or the ENTRYPOINT program). */
  readonly startup: boolean;
}

/** How the project uses a file: through a Dockerfile, a template function, or both (an image function). */
export interface FileUse {
  readonly docker?: DockerUse;
  readonly fn?: TemplateFunctionDetails;
  /** The local folder of the function's layer that holds the file (Lambda extracts it to /opt). */
  readonly layer?: string;
}

/** The nearest Dockerfile or template function that uses `file` (searching up to a git root, a few levels). */
export async function findFileUse(file: string): Promise<FileUse | undefined> {
  const absolute = path.resolve(file);
  let folder = path.dirname(absolute);
  for (let level = 0; level <= MAX_PARENT_LEVELS; level += 1) {
    const uses = await usesIn(folder, absolute);
    if (uses.length > 0) return withImageFunction(best(uses));
    const parent = path.dirname(folder);
    if (parent === folder || (await listings.has(folder, '.git'))) break;
    folder = parent;
  }
  return undefined;
}

async function usesIn(folder: string, file: string): Promise<FileUse[]> {
  const uses: FileUse[] = [];
  for (const name of await listings.files(folder)) {
    const candidate = path.join(folder, name);
    if (isTemplateName(name)) {
      const parsed = await templates.get(candidate);
      for (const fn of parsed?.functions ?? []) {
        const layer = fn.layers.find((source) => source.kind === 'local' && isInside(file, source.folder));
        if (fn.packageType === 'Zip' && isProvidedRuntime(fn.runtime) && layer?.kind === 'local') {
          uses.push({ fn, layer: layer.folder });
        } else if (
          fn.packageType === 'Zip' &&
          fn.localCode &&
          isProvidedRuntime(fn.runtime) &&
          isInside(file, fn.codeUri)
        ) {
          uses.push({ fn });
        } else if (fn.packageType === 'Image' && fn.dockerfile !== undefined) {
          const docker = await dockerUse(fn.dockerfile, fn.codeUri, file);
          if (docker !== undefined) uses.push({ fn, docker });
        }
      }
    } else if (isDockerfileName(name)) {
      const docker = await dockerUse(candidate, folder, file);
      if (docker !== undefined) uses.push({ docker });
    }
  }
  return uses;
}

async function dockerUse(dockerfile: string, contextDir: string, file: string): Promise<DockerUse | undefined> {
  const facts = await dockerfiles.get(dockerfile);
  if (facts === undefined) return undefined;
  const landing = anyLanding(facts, contextDir, file);
  return landing === undefined ? undefined : { facts, landing, startup: startupPaths(facts).includes(landing) };
}

/** A Dockerfile found first may be built by an image function of a template further up: that says the CPU. */
async function withImageFunction(use: FileUse): Promise<FileUse> {
  if (use.docker === undefined || use.fn !== undefined) return use;
  const context = path.dirname(use.docker.facts.file);
  const fn = (await imageFunctionsOf(use.docker.facts.file)).find((candidate) => candidate.codeUri === context);
  return fn === undefined ? use : { ...use, fn };
}

/** A use where the file is the runtime's entry wins; then an image function (it says both CPU and image). */
function best(uses: readonly FileUse[]): FileUse {
  const score = (use: FileUse) =>
    (use.docker?.startup ? 4 : 0) + (use.fn !== undefined ? 2 : 0) + (use.docker ? 1 : 0) - (use.layer ? 1 : 0);
  return [...uses].sort((a, b) => score(b) - score(a))[0];
}

/**
 * Whether `file` is a bootstrap: named `bootstrap`, or copied by a nearby Dockerfile to where Lambda starts the
 * runtime (/var/runtime/bootstrap, or the program of an ENTRYPOINT that replaces Lambda's).
 */
export async function isBootstrapCandidate(file: string): Promise<boolean> {
  const use = await findFileUse(file);
  if (path.basename(file) === BOOTSTRAP_NAME) return use !== undefined || !(await isDevSetupScript(file));
  return use?.docker?.startup === true;
}

/**
 * The runtime target of the bootstrap `file`. Cached per file and folder listing, invalidated by modification
 * times, so it is cheap enough to call on every keystroke. Never rejects.
 */
export async function resolveTarget(file: string, defaultTarget: TargetBase): Promise<RuntimeTarget> {
  let use: FileUse | undefined;
  try {
    use = await findFileUse(file);
  } catch {
    use = undefined;
  }
  if (use === undefined) {
    return {
      base: defaultTarget,
      shIsBash: true,
      architecture: 'x86_64',
      installedTools: new Set(),
      environmentNames: new Set(),
      source: DEFAULT_TARGET_SOURCE,
    };
  }
  const { docker, fn } = use;
  const inLayer = use.layer === undefined ? '' : `, layer ${path.basename(use.layer)}`;
  const templateSource = fn === undefined ? undefined : `${path.basename(fn.template)} (${fn.name}${inLayer})`;
  if (docker === undefined && fn !== undefined) {
    return {
      base: fn.runtime as TargetBase,
      shIsBash: true,
      architecture: fn.architecture,
      installedTools: await layerCommands(fn),
      // A layer's bootstrap runs as /opt/bootstrap, in the function's code folder (/var/task).
      ...(fn.localCode ? { codeFolder: fn.codeUri } : {}),
      environmentNames: new Set(fn.environmentNames),
      source: templateSource ?? DEFAULT_TARGET_SOURCE,
      template: fn.template,
      functionName: fn.name,
      handler: fn.handler,
    };
  }
  const facts = (docker as DockerUse).facts;
  const image = facts.image;
  const architecture: Architecture = fn?.architecture ?? facts.architecture ?? 'x86_64';
  const cmdHandler = lambdaHandler(facts);
  const context = contextOf(use);
  return {
    base: image?.base ?? defaultTarget,
    baseImage: facts.baseImage,
    imageSetsExecutable: makesExecutable(facts, (docker as DockerUse).landing, context, file),
    shIsBash: image?.shIsBash ?? true,
    architecture,
    installedTools: await withOptBin(await withCopiedFolders(facts, context), (docker as DockerUse).landing, file),
    environmentNames: new Set([...facts.environmentNames, ...(fn?.environmentNames ?? [])]),
    source: templateSource ?? path.basename(facts.file),
    dockerfile: facts.file,
    template: fn?.template,
    functionName: fn?.name,
    handler: fn?.imageCommand?.[0] ?? cmdHandler ?? fn?.handler,
  };
}

/** Whether the Dockerfile that copies `file` into the image makes it executable for every user there. */
export async function imageMakesExecutable(file: string): Promise<boolean> {
  return (await resolveTarget(file, 'provided.al2023')).imageSetsExecutable === true;
}

function contextOf(use: FileUse): string {
  const dockerfile = use.docker!.facts.file;
  return use.fn?.packageType === 'Image' && use.fn.dockerfile === dockerfile
    ? use.fn.codeUri
    : path.dirname(dockerfile);
}

/** The image's commands, with the files of build-context folders copied into a PATH folder (`COPY bin/ /opt/bin/`). */
async function withCopiedFolders(facts: DockerfileFacts, contextDir: string): Promise<ReadonlySet<string>> {
  let tools: Set<string> | undefined;
  for (const copy of contextCopies(facts)) {
    if (!onPath(copy.destinationPath, facts.pathFolders)) continue;
    for (const source of copy.sources) {
      if (/[*?[]/.test(source.text)) continue;
      const names = await listings.files(path.join(contextDir, source.text.replace(/^\/+/, '')));
      if (names.length === 0) continue;
      tools ??= new Set(facts.installedTools);
      for (const name of names) tools.add(name);
    }
  }
  return tools ?? facts.installedTools;
}

/**
 * A bootstrap copied into /opt (`COPY layer/ /opt/`, as a layer would put it there) comes with the `bin/` folder
 * beside it, which lands in /opt/bin, on PATH.
 */
async function withOptBin(tools: ReadonlySet<string>, landing: string, file: string): Promise<ReadonlySet<string>> {
  if (!landing.startsWith('/opt/') || path.posix.dirname(landing) !== '/opt') return tools;
  const names = await listings.files(path.join(path.dirname(path.resolve(file)), 'bin'));
  return names.length === 0 ? tools : new Set([...tools, ...names]);
}

/** A layer whose content is not known here may put any command in /opt/bin: none is reported as missing. */
class AnyCommand extends Set<string> {
  override has(): boolean {
    return true;
  }
}

/** Commands the function's layers put on PATH (/opt/bin), from their local folders' `bin/`. */
async function layerCommands(fn: TemplateFunctionDetails): Promise<ReadonlySet<string>> {
  if (fn.layers.some((layer) => layer.kind === 'unknown' || layer.built)) return new AnyCommand();
  const commands = new Set<string>();
  for (const layer of fn.layers) {
    if (layer.kind === 'local')
      for (const name of await listings.files(path.join(layer.folder, 'bin'))) commands.add(name);
  }
  return commands;
}

/** The Dockerfile facts of `file`, from the shared cache (undefined when it cannot be read). */
export function cachedDockerfileFacts(file: string): Promise<DockerfileFacts | undefined> {
  return dockerfiles.get(file);
}

/** The parsed template at `file`, from the shared cache (undefined when it cannot be read). */
export function cachedTemplate(file: string) {
  return templates.get(file);
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Image functions of the templates around `dockerfile` (its folder and a few parents) that build from it. */
export async function imageFunctionsOf(dockerfile: string): Promise<TemplateFunctionDetails[]> {
  const absolute = path.resolve(dockerfile);
  const found: TemplateFunctionDetails[] = [];
  let folder = path.dirname(absolute);
  for (let level = 0; level <= MAX_PARENT_LEVELS; level += 1) {
    for (const name of await listings.files(folder)) {
      if (!isTemplateName(name)) continue;
      const parsed = await templates.get(path.join(folder, name));
      for (const fn of parsed?.functions ?? [])
        if (fn.packageType === 'Image' && fn.dockerfile === absolute) found.push(fn);
    }
    const parent = path.dirname(folder);
    if (found.length > 0 || parent === folder || (await listings.has(folder, '.git'))) break;
    folder = parent;
  }
  return found;
}
