// lambdaRuntime.addDockerfile: a Dockerfile on public.ecr.aws/lambda/provided for an existing bootstrap, with
// the language, handler and architecture found from the bootstrap and the template that uses it.
import path from 'node:path';
import * as vscode from 'vscode';
import { findFileUse } from '../../core/project';
import { languageTemplate, renderDockerfileFor, writeScaffold } from '../../core/scaffold';
import type { Architecture } from '../../core/types';
import type { BaseRuntime, Language, ScaffoldFile } from '../../core/scaffold/types';
import type { CommandContext } from '../context';
import { conflictResolver } from './conflicts';
import { handlerFilesIn, inspectBootstrapFolder, type BootstrapFacts } from './detect';
import { outcomeOf, runSteps, type StepOutcome } from './flow';
import { defaultHandler, parseAddDockerfileArgs, type AddDockerfileArgs } from './add-requests';
import { hostArchitecture } from '../../core/scaffold';
import { BASES, conflictingFiles, DEFAULT_BASE } from './request';
import { inputStep, pickStep } from './steps';
import { activeFile, architectureItems, baseItems, fail, failWith, openFile, reason, uriFolder } from './ui';

const COMMAND = 'Add Dockerfile';

/**
 * `lambdaRuntime.addDockerfile`. With no argument: for the bootstrap in the active editor (or in the active file's
 * folder); with a Uri: that folder or that bootstrap. Asks the handler when no template names it, then base and
 * architecture. With `{ folder, base?, architecture?, handler?, onConflict?, open? }` it asks nothing but conflicts.
 * Resolves the Dockerfile's absolute path, undefined when the user cancels.
 */
export async function addDockerfile(context: CommandContext, arg?: unknown): Promise<string | undefined> {
  const prompted = arg === undefined || arg instanceof vscode.Uri;
  const given: AddDockerfileArgs | undefined = prompted
    ? undefined
    : failWith(context, COMMAND, () => parseAddDockerfileArgs(arg));
  const folder = given
    ? await uriFolder(vscode.Uri.file(given.folder))
    : arg instanceof vscode.Uri
      ? await uriFolder(arg)
      : activeFile() && path.dirname(activeFile()!);
  if (folder === undefined) {
    return fail(
      context,
      `${COMMAND} needs a bootstrap: open it in the editor, or run ${COMMAND} from its folder’s context menu in the Explorer.`,
    );
  }
  const facts = await inspectBootstrapFolder(folder);
  if (facts.bootstrap === undefined && facts.sources === undefined) {
    return fail(
      context,
      `There is no bootstrap in ${folder}: add one with Add Bootstrap… (or start with New Custom Runtime…), then run ${COMMAND} again.`,
    );
  }
  const language = dockerLanguage(facts);
  const use = await findFileUse(facts.bootstrap ?? path.join(folder, 'bootstrap')).catch(() => undefined);
  const extraFiles = handlerFilesIn(facts.names, language);
  const templateBase = BASES.find((base) => base === use?.fn?.runtime);
  const answers = {
    handler: given?.handler ?? use?.fn?.handler,
    base: given?.base ?? templateBase ?? DEFAULT_BASE,
    architecture: given?.architecture ?? use?.fn?.architecture ?? facts.architecture ?? hostArchitecture(),
  };
  context.log.info(
    `${COMMAND}: ${facts.bootstrap ?? `sources (${facts.sources})`} in ${folder}; language ${language ?? 'unknown'}; ` +
      `handler ${answers.handler ?? 'not named by a template'}.`,
  );
  const proposedHandler = answers.handler ?? handlerFor(language, extraFiles);
  if (prompted) {
    const asked = await askDockerfile(proposedHandler, answers.handler === undefined, answers);
    if (asked === undefined) return undefined;
    Object.assign(answers, asked);
  }
  let content: string;
  try {
    content = renderDockerfileFor({
      base: answers.base,
      architecture: answers.architecture,
      language,
      bootstrap: 'bootstrap',
      handler: answers.handler ?? proposedHandler,
      extraFiles,
      functionName: use?.fn?.name,
    });
  } catch (error) {
    return fail(context, `${COMMAND}: ${(error as Error).message}`);
  }
  const file: ScaffoldFile = { path: 'Dockerfile', content, role: 'dockerfile' };
  const target = path.join(folder, file.path);
  const onConflict = given?.onConflict ?? 'ask';
  try {
    await writeScaffold(folder, [file], conflictResolver(context, onConflict, conflictingFiles(folder, [file]).length));
  } catch (error) {
    return fail(context, `Could not write ${target}: ${reason(error)}. Check that the folder is writable.`);
  }
  context.log.info(`${COMMAND}: ${target} (${answers.base}, ${answers.architecture}).`);
  if (given?.open ?? true) await openFile(context, target);
  return target;
}

/**
 * The language the Dockerfile builds: a script's interpreter; for a binary, the compiled sources next to it
 * (built in a first stage), or none when there are no sources (the binary is copied as it is).
 */
function dockerLanguage(facts: BootstrapFacts): Language | undefined {
  if (facts.kind === 'binary' || facts.bootstrap === undefined) return facts.sources;
  return facts.language;
}

/** The `_HANDLER` proposed when no template names one. */
function handlerFor(language: Language | undefined, handlerFiles: readonly string[]): string {
  if (handlerFiles.length > 0 || language === undefined) return defaultHandler(handlerFiles);
  const template = languageTemplate(language);
  return template.handler({
    language,
    packaging: 'image',
    architecture: hostArchitecture(),
    base: DEFAULT_BASE,
    functionName: 'Function',
  });
}

interface DockerfileAnswers {
  handler?: string;
  base: BaseRuntime;
  architecture: Architecture;
}

/** Handler (only when no template names it), base, architecture: a small multi-step prompt with Back. */
async function askDockerfile(
  proposedHandler: string,
  askHandler: boolean,
  defaults: DockerfileAnswers,
): Promise<DockerfileAnswers | undefined> {
  const answers: DockerfileAnswers = { ...defaults };
  const total = askHandler ? 3 : 2;
  const frame = (step: number) => ({ title: COMMAND, step: step - (askHandler ? 0 : 1), totalSteps: total });
  const steps: (() => Promise<StepOutcome>)[] = [];
  if (askHandler) {
    steps.push(async () =>
      outcomeOf(
        await inputStep({
          ...frame(1),
          prompt: 'The handler (_HANDLER, the CMD of the image): no template names one for this bootstrap',
          value: answers.handler ?? proposedHandler,
          validate: (value) => (value.trim() === '' ? 'Type the handler, e.g. function.handler.' : undefined),
        }),
        (value) => (answers.handler = value.trim()),
      ),
    );
  }
  steps.push(async () => {
    const items = baseItems();
    return outcomeOf(
      await pickStep({
        ...frame(2),
        placeholder: 'The base image: public.ecr.aws/lambda/provided',
        items,
        active: items.find((item) => item.value === answers.base),
      }),
      (item) => (answers.base = item.value),
    );
  });
  steps.push(async () => {
    const items = architectureItems(hostArchitecture());
    return outcomeOf(
      await pickStep({
        ...frame(3),
        placeholder: 'The CPU the image is built for (docker build --platform)',
        items,
        active: items.find((item) => item.value === answers.architecture),
      }),
      (item) => (answers.architecture = item.value),
    );
  });
  return (await runSteps(steps)) ? answers : undefined;
}
