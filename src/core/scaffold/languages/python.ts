// The Python scaffold: the runtime is a Python script (urllib only), the handler a module it imports.
// provided.* has no Python 3: the zip variant takes it from a layer, the image installs Amazon Linux's package.
import type { LanguageTemplate } from '../language';
import type { BaseRuntime, ScaffoldOptions } from '../types';
import { interpretedDockerfile, interpretedFiles, type ImageInstall } from './interpreted';
import { PYTHON_BOOTSTRAP, PYTHON_FUNCTION } from './python-runtime';

const HANDLER = 'function.handler';
const HANDLER_FILE = 'function.py';

/** How the image gets `python3`: the distribution's package (3.9 on AL2023, 3.7 on AL2). */
export function pythonImageInstall(base: BaseRuntime): ImageInstall {
  return {
    steps:
      base === 'provided.al2'
        ? "# provided.al2 has no Python 3: install Amazon Linux 2's package (3.7; the runtime needs no newer).\n" +
          'RUN yum install -y python3 && yum clean all\n'
        : "# provided.al2023 has no Python: install Amazon Linux 2023's package (3.9).\n" +
          'RUN dnf install -y python3 && dnf clean all\n',
  };
}

function dockerfile(options: ScaffoldOptions): string {
  return interpretedDockerfile({
    ...options,
    install: pythonImageInstall(options.base),
    bootstrap: 'bootstrap',
    taskFiles: [HANDLER_FILE],
    handler: HANDLER,
  });
}

function readme(options: ScaffoldOptions): string {
  const where =
    options.packaging === 'image'
      ? `The image installs Amazon Linux's \`python3\` package (${options.base === 'provided.al2' ? '3.7' : '3.9'}).`
      : `\`${options.base}\` has no Python 3, so the template takes it from a layer: pass the ARN of a layer whose
\`bin/python3\` is a Python 3.7+ built for Linux ${options.architecture} and Amazon Linux (Lambda unpacks layers to \`/opt\`, and
\`/opt/bin\` is on \`PATH\`) as the \`InterpreterLayers\` parameter (\`sam deploy --guided\` asks for it); a relocatable
build such as python-build-standalone's \`install_only\` archive, with \`bin/\` and \`lib/\` at the layer's top,
works. Or choose the image packaging, which installs it. Locally, the emulator runs the \`python3\` on your \`PATH\`.`;
  return `## The Python runtime

\`bootstrap\` is the whole runtime, a Python 3 script on the standard library (\`urllib.request\`, \`json\`),
started by its \`#!/usr/bin/env python3\` line. It imports the module \`_HANDLER\` names (\`${HANDLER}\`:
\`${HANDLER_FILE}\`, and its function \`handler\`); when it cannot, it posts an init error
(\`Runtime.ImportModuleError\`, \`Runtime.HandlerNotFound\`) to \`/runtime/init/error\` and exits. Then, forever:
it waits on \`/runtime/invocation/next\`, sets \`os.environ["_X_AMZN_TRACE_ID"]\` from \`Lambda-Runtime-Trace-Id\`,
calls \`handler(event, context)\` (\`context.aws_request_id\`, \`context.get_remaining_time_in_millis()\`, ...) and
posts the result as JSON to \`/invocation/{id}/response\`. An exception goes to \`/invocation/{id}/error\` as
\`{"errorMessage", "errorType", "stackTrace"}\` (the sample raises \`ValueError\` for an event without a string
\`name\`), with its type in \`Lambda-Runtime-Function-Error-Type\`, and the loop goes on.
Each answer carries back the \`Lambda-Runtime-Invocation-Id\` that \`/next\` gave, so Lambda refuses (410) an
answer from an attempt that already timed out. Under Lambda Managed Instances it runs
\`AWS_LAMBDA_MAX_CONCURRENCY\` workers (threads), each waiting on \`/next\`, and the trace id is the
invocation's own (\`context.trace_id\`) rather than the process-wide \`_X_AMZN_TRACE_ID\`. \`lambda-runtime-kit
check\` runs it through Lambda's conformance scenarios.

### Where Python comes from

${where}

### Compared with awslambdaric

Lambda's managed \`python\` runtimes, and the [awslambdaric](https://pypi.org/project/awslambdaric/) package
for your own images, run the same loop with a native HTTP client, the extensions API, X-Ray error causes and
structured logging. This runtime is one readable file with no dependency; switch to a managed \`python\` runtime
when you need those, and keep \`${HANDLER_FILE}\` as it is.
`;
}

/** Python: the runtime on urllib, the handler a module; Python 3 from a layer (zip) or installed (image). */
export const python: LanguageTemplate = {
  id: 'python',
  label: 'Python',
  description: 'urllib only; Python 3 from a layer (zip) or installed in the image',
  compiled: false,
  toolchain: ['python3'],
  handler: () => HANDLER,
  handlerPath: HANDLER_FILE,
  files: () =>
    interpretedFiles({ bootstrap: PYTHON_BOOTSTRAP, handlerFile: HANDLER_FILE, handlerSource: PYTHON_FUNCTION }),
  dockerfile,
  gitignore: ['__pycache__/', '*.pyc'],
  readme,
};
