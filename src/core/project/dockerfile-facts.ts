// What a Dockerfile says about the image Lambda will run: the final stage's base image and platform, what is
// copied where (above all into the runtime folder, where Lambda looks for `bootstrap`), what is installed, and
// the effective ENTRYPOINT and CMD. The Dockerfile rules and the bootstrap target resolution share this.
import path from 'node:path';
import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import type { Architecture } from '../types';
import { classifyImage, platformArchitecture, type ImageInfo } from './image-base';
import {
  expand,
  readCommand,
  readCopy,
  runWords,
  type CommandInstruction,
  type CopyInstruction,
  type RunInstruction,
} from './dockerfile-instructions';
import { LAMBDA_RUNTIME_DIR, LAMBDA_TASK_ROOT } from './names';
import { commandAtPath, installedByRun } from './packages';
import { unquote } from './run-commands';

export { expand, readCommand, type CommandInstruction, type CopyInstruction, type RunInstruction };

export interface Stage {
  readonly index: number;
  readonly name?: string;
  readonly from: From;
  /** The image with ARG variables substituted. */
  readonly image: string;
  /** Index of the earlier stage this one is built FROM, if it names one. */
  readonly parent?: number;
  readonly platform?: string;
  readonly instructions: readonly Instruction[];
  readonly copies: readonly CopyInstruction[];
  readonly runs: readonly RunInstruction[];
  /** WORKDIR at the end of the stage. */
  readonly workdir: string;
}

export interface DockerfileFacts {
  readonly file: string;
  readonly ast: Dockerfile;
  readonly stages: readonly Stage[];
  /** The final stage and the earlier stages it is built FROM, root first; empty without FROM. */
  readonly chain: readonly Stage[];
  /** The real image at the root of the chain (`public.ecr.aws/lambda/provided:al2023`). */
  readonly baseImage?: string;
  readonly image?: ImageInfo;
  readonly platform?: string;
  /** From `--platform` or an architecture tag of the image. */
  readonly architecture?: Architecture;
  /** Effective ENTRYPOINT and CMD of the final image, as Docker inherits them along the chain. */
  readonly entrypoint?: CommandInstruction;
  readonly cmd?: CommandInstruction;
  /** Whether the image starts through Lambda's `/lambda-entrypoint.sh` (a Lambda base, ENTRYPOINT not replaced). */
  readonly lambdaEntrypoint: boolean;
  /** COPY/ADD instructions of the chain. */
  readonly copies: readonly CopyInstruction[];
  /** WORKDIR at the end of the final stage. */
  readonly workdir: string;
  readonly installedPackages: readonly string[];
  readonly installedTools: ReadonlySet<string>;
  /** Names the Dockerfile's ENV instructions set (any stage: a name too many only silences unset-variable). */
  readonly environmentNames: ReadonlySet<string>;
  /** Folders ENV PATH=… adds to Lambda's PATH. */
  readonly pathFolders: ReadonlySet<string>;
  /** Whether a RUN of the chain writes into the runtime folder (`mv bb /var/runtime`), so its content is not all known. */
  readonly runWritesRuntimeDir: boolean;
}

const LAMBDA_ENTRYPOINT = '/lambda-entrypoint.sh';

/**
 * Dockerfiles bigger than this are not analysed: real ones are a few kilobytes, and dockerfile-ast and
 * dockerfile-utils need about a second per 400 KB (measured here), too long to hold up an editor.
 */
export const MAX_DOCKERFILE_BYTES = 256 * 1024;

/** Parses a Dockerfile's text; never throws (dockerfile-ast accepts any text). */
export function analyzeDockerfile(text: string, file: string): DockerfileFacts {
  const ast = DockerfileParser.parse(text);
  const stages = readStages(ast);
  const chain = stageChain(stages);
  const root = chain[0];
  const final = chain[chain.length - 1];
  const image = root === undefined ? undefined : classifyImage(root.image);
  const platform = final?.platform ?? root?.platform;
  const { entrypoint, cmd } = effectiveCommands(chain);
  const lambdaEntrypoint =
    image !== undefined &&
    image.kind !== 'other' &&
    (entrypoint === undefined || (entrypoint.form === 'json' && entrypoint.args[0] === LAMBDA_ENTRYPOINT));
  const copies = chain.flatMap((stage) => stage.copies);
  const installedPackages: string[] = [];
  const installedTools = new Set<string>();
  let runWritesRuntimeDir = false;
  const pathFolders = envPathFolders(ast);
  for (const stage of chain) {
    for (const run of stage.runs) {
      const installed = installedByRun(run.words, pathFolders);
      installedPackages.push(...installed.packages);
      for (const command of installed.commands) installedTools.add(command);
      if (run.words.some((word) => word.text.includes(LAMBDA_RUNTIME_DIR))) runWritesRuntimeDir = true;
    }
  }
  for (const copy of copies) {
    for (const target of copyTargets(copy)) {
      const command = commandAtPath(target, pathFolders);
      if (command !== undefined) installedTools.add(command);
    }
  }
  return {
    file,
    ast,
    stages,
    chain,
    baseImage: root?.image,
    image,
    platform,
    architecture: platformArchitecture(platform) ?? image?.architecture,
    entrypoint,
    cmd,
    lambdaEntrypoint,
    copies,
    workdir: final?.workdir ?? '/',
    installedPackages,
    installedTools,
    environmentNames: new Set(
      ast.getENVs().flatMap((env) => env.getProperties().map((property) => property.getName())),
    ),
    runWritesRuntimeDir,
    pathFolders,
  };
}

/** Folders ENV PATH=… adds (`ENV PATH=/var/task/bin:$PATH`), where copied programs become commands. */
function envPathFolders(ast: Dockerfile): Set<string> {
  const folders = new Set<string>();
  for (const env of ast.getENVs()) {
    for (const property of env.getProperties()) {
      if (property.getName() !== 'PATH') continue;
      const value = expand(ast, unquote(property.getValue() ?? ''), env.getRange().start.line);
      for (const folder of value.split(':')) if (folder.startsWith('/')) folders.add(folder.replace(/\/+$/, '') || '/');
    }
  }
  return folders;
}

/**
 * The handler /lambda-entrypoint.sh gets: its one argument, from ENTRYPOINT (`["/lambda-entrypoint.sh", "h"]`) or
 * from a JSON-form CMD; undefined when the image does not start through it.
 */
export function lambdaHandler(facts: DockerfileFacts): string | undefined {
  if (!facts.lambdaEntrypoint) return undefined;
  const fromEntrypoint = facts.entrypoint?.form === 'json' ? facts.entrypoint.args[1] : undefined;
  return fromEntrypoint ?? (facts.cmd?.form === 'json' ? facts.cmd.args[0] : undefined);
}

/** Image paths a COPY writes, named after its sources (a folder source is shown as the folder's own path). */
export function copyTargets(copy: CopyInstruction): string[] {
  if (!copy.destinationIsFolder) return [copy.destinationPath];
  return copy.sources.map((source) => path.posix.join(copy.destinationPath, path.posix.basename(source.text)));
}

function readStages(ast: Dockerfile): Stage[] {
  const froms = ast.getFROMs();
  const instructions = ast.getInstructions();
  const stages: Stage[] = [];
  const workdirs: string[] = [];
  froms.forEach((from, index) => {
    const nextLine = froms[index + 1]?.getRange().start.line ?? Number.MAX_SAFE_INTEGER;
    const own = instructions.filter(
      (i) => i.getRange().start.line > from.getRange().start.line && i.getRange().start.line < nextLine,
    );
    const image = expand(ast, from.getImage() ?? '', from.getRange().start.line);
    const parent = stages.findIndex((stage) => stage.name !== undefined && stage.name === image.toLowerCase());
    let workdir = parent >= 0 ? workdirs[parent] : classifyImage(image).kind === 'other' ? '/' : LAMBDA_TASK_ROOT;
    const copies: CopyInstruction[] = [];
    const runs: RunInstruction[] = [];
    for (const instruction of own) {
      const keyword = instruction.getKeyword();
      if (keyword === 'WORKDIR') {
        const target = expand(ast, unquote(instruction.getArgumentsContent() ?? ''), instruction.getRange().start.line);
        if (target !== '') workdir = path.posix.resolve(workdir, target);
      } else if (keyword === 'COPY' || keyword === 'ADD') {
        const copy = readCopy(ast, instruction, keyword, workdir);
        if (copy !== undefined) copies.push(copy);
      } else if (keyword === 'RUN') {
        runs.push({ instruction, words: runWords(ast, instruction) });
      }
    }
    workdirs.push(workdir);
    const platformFlag = from.getPlatformFlag()?.getValue() ?? undefined;
    stages.push({
      index,
      name: from.getBuildStage()?.toLowerCase() ?? undefined,
      from,
      image,
      parent: parent >= 0 ? parent : undefined,
      platform: platformFlag === undefined ? undefined : expand(ast, platformFlag, from.getRange().start.line),
      instructions: own,
      copies,
      runs,
      workdir,
    });
  });
  return stages;
}

function stageChain(stages: readonly Stage[]): Stage[] {
  const chain: Stage[] = [];
  let stage: Stage | undefined = stages[stages.length - 1];
  while (stage !== undefined && !chain.includes(stage)) {
    chain.unshift(stage);
    stage = stage.parent === undefined ? undefined : stages[stage.parent];
  }
  return chain;
}

/** Docker resets an inherited CMD when a stage sets ENTRYPOINT; a CMD of the same stage stays. */
function effectiveCommands(chain: readonly Stage[]): { entrypoint?: CommandInstruction; cmd?: CommandInstruction } {
  let entrypoint: CommandInstruction | undefined;
  let cmd: CommandInstruction | undefined;
  for (const stage of chain) {
    let cmdFromThisStage = false;
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'ENTRYPOINT') {
        entrypoint = readCommand(instruction);
        if (!cmdFromThisStage) cmd = undefined;
      } else if (keyword === 'CMD') {
        cmd = readCommand(instruction);
        cmdFromThisStage = true;
      }
    }
  }
  return { entrypoint, cmd };
}
