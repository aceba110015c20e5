// "Add Dockerfile" for a bootstrap that already exists: the language's own image when it is known, otherwise a
// generic one that copies the bootstrap where Lambda starts a custom runtime and the rest into the task root.
import path from 'node:path';
import type { Architecture } from '../types';
import { cmdLine } from './docker';
import { bashImageInstall } from './languages/bash';
import { languageTemplate } from './languages';
import { interpretedDockerfile, type ImageInstall } from './languages/interpreted';
import { nodeImageInstall } from './languages/node';
import { pythonImageInstall } from './languages/python';
import type { BaseRuntime, Language } from './types';

export interface DockerfileRequest {
  readonly base: BaseRuntime;
  readonly architecture: Architecture;
  /** The bootstrap's language when known; a compiled language is built from its sources in a first stage. */
  readonly language?: Language;
  /** Relative path of the existing bootstrap in the build context (the Dockerfile's folder). */
  readonly bootstrap: string;
  /** `_HANDLER`, the image's CMD. */
  readonly handler?: string;
  /** Relative paths of the files the handler needs in the task root; none: the whole build context. */
  readonly extraFiles?: readonly string[];
  /** The template's logical id, for a compiled language's Makefile target `build-<functionName>`. */
  readonly functionName?: string;
}

const DEFAULT_HANDLER = 'function.handler';

/** A build-context path: relative, inside the context, with `/` separators. Throws a sentence otherwise. */
function contextPath(given: string, what: string): string {
  const normalized = path.posix.normalize(given.replace(/\\/g, '/'));
  if (given.trim() === '' || path.posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
    throw new Error(
      `The ${what} ${JSON.stringify(given)} is not inside the Dockerfile's folder, which docker build sends as the build context.`,
    );
  }
  return normalized;
}

function installFor(language: Language | undefined, base: BaseRuntime, architecture: Architecture): ImageInstall {
  if (language === 'bash') return bashImageInstall();
  if (language === 'node') return nodeImageInstall(base, architecture);
  if (language === 'python') return pythonImageInstall(base);
  return {
    steps:
      '# Install what the bootstrap runs that the base lacks (dnf on provided.al2023, yum on provided.al2); the\n' +
      '# linter flags missing commands.\n',
  };
}

/**
 * The Dockerfile for an existing bootstrap. A compiled language (go, rust, cpp) gets its scaffold's multi-stage
 * build (its Makefile's `build-<functionName>` target; CMD set to `handler` when given); any other bootstrap is
 * copied as it is to `${LAMBDA_RUNTIME_DIR}/bootstrap`, after the interpreter's install for bash, node and
 * python, with `extraFiles` (or the whole context) in `${LAMBDA_TASK_ROOT}`. Throws an Error with a sentence when
 * a path leaves the build context.
 */
export function renderDockerfileFor(request: DockerfileRequest): string {
  const bootstrap = contextPath(request.bootstrap, 'bootstrap');
  const extraFiles = (request.extraFiles ?? []).map((file) => contextPath(file, 'file'));
  const language = request.language === undefined ? undefined : languageTemplate(request.language);
  if (language?.compiled) {
    const options = {
      language: language.id,
      packaging: 'image' as const,
      base: request.base,
      architecture: request.architecture,
      functionName: request.functionName ?? 'Function',
    };
    const dockerfile = language.dockerfile(options);
    return request.handler === undefined ? dockerfile : dockerfile.replace(/^CMD .*$/m, cmdLine(request.handler));
  }
  return interpretedDockerfile({
    base: request.base,
    architecture: request.architecture,
    install: installFor(language?.id, request.base, request.architecture),
    bootstrap,
    taskFiles: extraFiles.filter((file) => file !== bootstrap),
    handler: request.handler ?? DEFAULT_HANDLER,
  });
}
