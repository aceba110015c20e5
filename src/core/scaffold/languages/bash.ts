// The bash scaffold: the runtime is a bash script on curl (both on every provided base), the handler a function
// in a file it sources, as in AWS's custom runtime tutorial, plus error reporting, the deadline and the trace id.
import type { LanguageTemplate } from '../language';
import type { ScaffoldOptions } from '../types';
import { BASH_BOOTSTRAP, BASH_FUNCTION } from './bash-runtime';
import { interpretedDockerfile, interpretedFiles, type ImageInstall } from './interpreted';

const HANDLER = 'function.handler';
const HANDLER_FILE = 'function.sh';

/** Nothing to install: bash and curl are part of every provided base. */
export function bashImageInstall(): ImageInstall {
  return { steps: '# bash and curl, all the runtime needs, are part of the base image.\n' };
}

function readme(): string {
  return `## The bash runtime

\`bootstrap\` is the whole runtime, in bash with curl (both are on \`provided.al2023\` and \`provided.al2\`; jq
is not, so nothing here needs it). It sources the file \`_HANDLER\` names (\`${HANDLER}\`: \`${HANDLER_FILE}\`, then
the function \`handler\`); when the file or the function is missing it posts an init error
(\`Runtime.ImportModuleError\`, \`Runtime.HandlerNotFound\`) to \`/runtime/init/error\` and exits. Then, forever:
it waits on \`/runtime/invocation/next\`, exports \`LAMBDA_REQUEST_ID\`, \`LAMBDA_DEADLINE_MS\`,
\`LAMBDA_FUNCTION_ARN\` and \`_X_AMZN_TRACE_ID\` (from \`Lambda-Runtime-Trace-Id\`), runs \`handler "$EVENT"\` in a
subshell and posts what it printed to \`/invocation/{id}/response\`.
Each answer carries back the \`Lambda-Runtime-Invocation-Id\` that \`/next\` gave, so Lambda refuses (410) an
answer from an attempt that already timed out. \`lambda-runtime-kit check\` runs it through Lambda's conformance
scenarios.

When the handler returns non-zero the invocation fails: \`lambda_error TYPE MESSAGE; return 1\` names the error
(the sample says \`InvalidEvent\` for an event without a string \`name\`), and the runtime posts
\`{"errorMessage", "errorType"}\` to \`/invocation/{id}/error\` with the type in
\`Lambda-Runtime-Function-Error-Type\`, then waits for the next event. \`remaining_ms\` prints the milliseconds
left before the deadline.

Write your code in \`${HANDLER_FILE}\`: print the response on stdout, log on stderr.

### Compared with AWS's tutorial

AWS's [custom runtime tutorial](https://docs.aws.amazon.com/lambda/latest/dg/runtimes-walkthrough.html) has
the same loop in a dozen lines, without error reporting, init errors, the deadline or the trace id. There is no
official bash runtime library; for anything beyond small glue, a language with a JSON parser is easier.
`;
}

/** Bash: the runtime on curl, the handler a bash function in `function.sh`. */
export const bash: LanguageTemplate = {
  id: 'bash',
  label: 'Bash',
  description: 'bash and curl, both on every provided base; nothing to build',
  compiled: false,
  toolchain: ['bash', 'curl'],
  handler: () => HANDLER,
  handlerPath: HANDLER_FILE,
  files: () => interpretedFiles({ bootstrap: BASH_BOOTSTRAP, handlerFile: HANDLER_FILE, handlerSource: BASH_FUNCTION }),
  dockerfile: (options: ScaffoldOptions) =>
    interpretedDockerfile({
      ...options,
      install: bashImageInstall(),
      bootstrap: 'bootstrap',
      taskFiles: [HANDLER_FILE],
      handler: HANDLER,
    }),
  gitignore: [],
  readme,
};
