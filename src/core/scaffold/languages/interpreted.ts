// What the interpreted languages (bash, node, python) share: the bootstrap is the runtime itself, a script run
// by its shebang's interpreter, and the image copies it to ${LAMBDA_RUNTIME_DIR} and the handler to the task root.
import type { Architecture } from '../../types';
import { cmdLine, copyLine, fromProvided } from '../docker';
import type { BaseRuntime, ScaffoldFile } from '../types';

export interface InterpretedSources {
  readonly bootstrap: string;
  readonly handlerFile: string;
  readonly handlerSource: string;
}

/** What an image adds to the provided base so the bootstrap's interpreter is there. */
export interface ImageInstall {
  /** Stages before the final one (each ending with a blank line). */
  readonly stages?: string;
  /** Commented instructions right after the final FROM. */
  readonly steps: string;
}

/** The bootstrap (executable) and the handler. */
export function interpretedFiles(sources: InterpretedSources): ScaffoldFile[] {
  return [
    { path: 'bootstrap', content: sources.bootstrap, role: 'bootstrap', executable: true },
    { path: sources.handlerFile, content: sources.handlerSource, role: 'handler' },
  ];
}

export interface ImageParts {
  readonly base: BaseRuntime;
  readonly architecture: Architecture;
  readonly install: ImageInstall;
  /** The bootstrap's path in the build context. */
  readonly bootstrap: string;
  /** Files for the task root; none: the whole build context. */
  readonly taskFiles: readonly string[];
  readonly handler: string;
}

/**
 * The image: the interpreter's install on Lambda's provided base, the bootstrap where Lambda starts a custom
 * runtime (made executable there, whatever mode the checkout gave it), the handler's files in the task root, the
 * handler as CMD.
 */
export function interpretedDockerfile(parts: ImageParts): string {
  const task =
    parts.taskFiles.length === 0
      ? `# The whole build context goes to the task root (list the handler's files instead to keep the image small).\n${copyLine('', ['.'], '${LAMBDA_TASK_ROOT}/')}`
      : copyLine('', parts.taskFiles, '${LAMBDA_TASK_ROOT}/');
  return `${parts.install.stages ?? ''}${fromProvided(parts.base, parts.architecture)}
${parts.install.steps}# Lambda starts \${LAMBDA_RUNTIME_DIR}/bootstrap, which loads the handler from \${LAMBDA_TASK_ROOT}.
${copyLine('', [parts.bootstrap], '${LAMBDA_RUNTIME_DIR}/bootstrap')}
# A RUN, not COPY --chmod: sam build's default builder (docker-py) has no BuildKit, which --chmod needs.
RUN chmod 755 \${LAMBDA_RUNTIME_DIR}/bootstrap
${task}
${cmdLine(parts.handler)}
`;
}
