// The Node.js scaffold: the runtime is a Node script (node:http only), the handler an ES module it imports.
// provided.* has no Node.js: the zip variant takes it from a layer, the image installs it.
import type { LanguageTemplate } from '../language';
import { dockerPlatform } from '../docker';
import type { Architecture } from '../../types';
import type { BaseRuntime, ScaffoldOptions } from '../types';
import { interpretedDockerfile, interpretedFiles, type ImageInstall } from './interpreted';
import { NODE_BOOTSTRAP, NODE_FUNCTION } from './node-runtime';

const HANDLER = 'function.handler';
const HANDLER_FILE = 'function.mjs';

/** How the image gets `node`: Amazon Linux 2023's package, or Lambda's own AL2 build on provided.al2. */
export function nodeImageInstall(base: BaseRuntime, architecture: Architecture): ImageInstall {
  if (base === 'provided.al2') {
    return {
      stages:
        "# Amazon Linux 2's repositories have no Node.js, and nodejs.org's builds need a newer glibc than AL2's. Lambda's\n" +
        '# own nodejs18.x image is built on Amazon Linux 2: its node runs here.\n' +
        `FROM --platform=${dockerPlatform(architecture)} public.ecr.aws/lambda/nodejs:18 AS node\n\n`,
      steps:
        '# node links libstdc++, which the OS-only base may lack.\n' +
        'RUN yum install -y libstdc++ && yum clean all\n' +
        'COPY --from=node /var/lang/bin/node /usr/local/bin/node\n',
    };
  }
  return {
    steps:
      "# provided.al2023 has no Node.js: install Amazon Linux's own package (the bootstrap runs `node` from PATH).\n" +
      'RUN dnf install -y nodejs && dnf clean all\n',
  };
}

function dockerfile(options: ScaffoldOptions): string {
  return interpretedDockerfile({
    ...options,
    install: nodeImageInstall(options.base, options.architecture),
    bootstrap: 'bootstrap',
    taskFiles: [HANDLER_FILE],
    handler: HANDLER,
  });
}

function readme(options: ScaffoldOptions): string {
  const where =
    options.packaging === 'image'
      ? `The image installs Node.js: ${options.base === 'provided.al2' ? "the `node` of Lambda's `nodejs:18` image (built on Amazon Linux 2)" : "Amazon Linux 2023's `nodejs` package"}.`
      : `\`${options.base}\` has no Node.js, so the template takes it from a layer: pass the ARN of a layer whose
\`bin/node\` is a Linux ${options.architecture} Node.js (Lambda unpacks layers to \`/opt\` and \`/opt/bin\` is on
\`PATH\`) as the \`InterpreterLayers\` parameter (\`sam deploy --guided\` asks for it). To make one: put the
\`node\` binary of a nodejs.org Linux ${options.architecture === 'arm64' ? 'arm64' : 'x64'} build in \`layer/bin/\`, then
\`aws lambda publish-layer-version --layer-name node --zip-file fileb://node-layer.zip\` with that folder zipped.
Or choose the image packaging, which installs it. Locally, the emulator runs the \`node\` on your \`PATH\`.`;
  return `## The Node.js runtime

\`bootstrap\` is the whole runtime, a Node.js script on its built-in modules (\`node:http\`), started by its
\`#!/usr/bin/env node\` line. It imports the module \`_HANDLER\` names (\`${HANDLER}\`: \`${HANDLER_FILE}\`, or
\`.js\`/\`.cjs\`, and its export \`handler\`); when it cannot, it posts an init error (\`Runtime.ImportModuleError\`,
\`Runtime.HandlerNotFound\`) to \`/runtime/init/error\` and exits. Then, forever: it waits on
\`/runtime/invocation/next\`, sets \`process.env._X_AMZN_TRACE_ID\` from \`Lambda-Runtime-Trace-Id\`, calls
\`await handler(event, context)\` (\`context.awsRequestId\`, \`context.getRemainingTimeInMillis()\`, ...) and posts
the result as JSON to \`/invocation/{id}/response\`. A thrown error goes to \`/invocation/{id}/error\` as
\`{"errorMessage", "errorType", "stackTrace"}\` (the sample throws a \`TypeError\` for an event without a string
\`name\`), with its name in \`Lambda-Runtime-Function-Error-Type\`, and the loop goes on.
Each answer carries back the \`Lambda-Runtime-Invocation-Id\` that \`/next\` gave, so Lambda refuses (410) an
answer from an attempt that already timed out. Under Lambda Managed Instances it runs
\`AWS_LAMBDA_MAX_CONCURRENCY\` workers (asynchronous loops), each waiting on \`/next\`, and the trace id is the
invocation's own (\`context.traceId\`) rather than the process-wide \`_X_AMZN_TRACE_ID\`. \`lambda-runtime-kit
check\` runs it through Lambda's conformance scenarios.

### Where Node.js comes from

${where}

### Compared with aws-lambda-ric

Lambda's managed \`nodejs\` runtimes, and the [aws-lambda-ric](https://www.npmjs.com/package/aws-lambda-ric)
package for your own images, run the same loop with callbacks and \`context.done\`, response streaming, the
extensions API, X-Ray error causes and a native HTTP client. This runtime is one readable file with no
dependency; switch to a managed \`nodejs\` runtime when you need those, and keep \`${HANDLER_FILE}\` as it is.
`;
}

/** Node.js: the runtime on node:http, the handler an ES module; Node.js from a layer (zip) or installed (image). */
export const node: LanguageTemplate = {
  id: 'node',
  label: 'Node.js',
  description: 'node:http only; Node.js from a layer (zip) or installed in the image',
  compiled: false,
  toolchain: ['node'],
  handler: () => HANDLER,
  handlerPath: HANDLER_FILE,
  files: () => interpretedFiles({ bootstrap: NODE_BOOTSTRAP, handlerFile: HANDLER_FILE, handlerSource: NODE_FUNCTION }),
  dockerfile,
  gitignore: ['node_modules/'],
  readme,
};
