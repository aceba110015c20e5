// The Go scaffold: a runtime on net/http and encoding/json only (no aws-lambda-go), built by a Makefile.
// Go cross-compiles by itself and CGO_ENABLED=0 makes a static binary, so one build runs on al2 and al2023.
import type { LanguageTemplate } from '../language';
import type { ScaffoldFile, ScaffoldOptions } from '../types';
import { GO_HANDLER, GO_MAIN } from './go-sources';

const HANDLER = 'hello';
const GOARCH = { x86_64: 'amd64', arm64: 'arm64' } as const;

/** The `module` line of go.mod: Go module paths are lower case by convention. */
function moduleName(options: ScaffoldOptions): string {
  return options.functionName.toLowerCase();
}

function makefile(options: ScaffoldOptions): string {
  const goarch = GOARCH[options.architecture];
  const target = `build-${options.functionName}`;
  return `# \`make\` builds ./bootstrap for this machine, unoptimized and with debug information, for the emulator and
# the debugger. \`sam build\` (BuildMethod: makefile) runs ${target}: the optimized bootstrap for Lambda
# (linux/${goarch}) into $(ARTIFACTS_DIR). CGO_ENABLED=0 makes both static binaries: no libc to match, so the
# same build runs on provided.al2023 and provided.al2, and Go cross-compiles to any architecture by itself.
GO ?= go
SOURCES := go.mod $(wildcard *.go)

.PHONY: all ${target} clean

all: bootstrap

bootstrap: $(SOURCES)
\tCGO_ENABLED=0 $(GO) build -gcflags='all=-N -l' -o $@ .

${target}:
\t@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it (or: make $@ ARTIFACTS_DIR=out)"; exit 2; }
\tmkdir -p $(ARTIFACTS_DIR)
\tCGO_ENABLED=0 GOOS=linux GOARCH=${goarch} $(GO) build -trimpath -ldflags='-s -w' -o $(ARTIFACTS_DIR)/bootstrap .

clean:
\trm -f bootstrap
`;
}

function dockerfile(options: ScaffoldOptions): string {
  const platform = `linux/${GOARCH[options.architecture]}`;
  const tag = options.base === 'provided.al2' ? 'al2' : 'al2023';
  return `# Two stages: the Go image builds the bootstrap with the Makefile's Lambda target, and only that static
# binary goes into Lambda's OS-only base image.
FROM --platform=${platform} public.ecr.aws/docker/library/golang:1 AS build
WORKDIR /src
COPY go.mod *.go Makefile ./
RUN make build-${options.functionName} ARTIFACTS_DIR=/out

FROM --platform=${platform} public.ecr.aws/lambda/provided:${tag}
COPY --from=build /out/bootstrap \${LAMBDA_RUNTIME_DIR}
CMD [ "${HANDLER}" ]
`;
}

function readme(options: ScaffoldOptions): string {
  const goarch = GOARCH[options.architecture];
  return `## The Go runtime

\`main.go\` is the whole runtime, on Go's standard library only (\`net/http\`, \`encoding/json\`): it looks up
\`_HANDLER\` (\`${HANDLER}\`) in the \`handlers\` table of \`handler.go\` and posts an init error
(\`Runtime.HandlerNotFound\`) to \`/runtime/init/error\` when the name is unknown. Then, forever: it waits on
\`/runtime/invocation/next\`, sets \`_X_AMZN_TRACE_ID\` from \`Lambda-Runtime-Trace-Id\`, calls the handler with a
\`*Context\` (request id, deadline and \`RemainingMs()\`, function ARN, trace id) and the event's bytes, and posts
the result as JSON to \`/invocation/{id}/response\`. A returned error goes to \`/invocation/{id}/error\` as
\`{"errorMessage", "errorType"}\`, named after the error's Go type as aws-lambda-go does (\`*InvalidEvent\` is
\`InvalidEvent\`), with the same type in \`Lambda-Runtime-Function-Error-Type\`; a panic is reported the same way,
with its stack, and the loop goes on.
Each answer carries back the \`Lambda-Runtime-Invocation-Id\` that \`/next\` gave, so Lambda refuses (410) an
answer from an attempt that already timed out. Under Lambda Managed Instances it runs
\`AWS_LAMBDA_MAX_CONCURRENCY\` workers (goroutines), each waiting on \`/next\`, and the trace id is the
invocation's own (\`ctx.TraceID\`) rather than the process-wide \`_X_AMZN_TRACE_ID\`. \`lambda-runtime-kit
check\` runs it through Lambda's conformance scenarios.

Write your code in \`handler.go\`: add a function \`func(ctx *Context, event []byte) (interface{}, error)\` and
an entry in \`handlers\`.

### Build

- \`make\` builds \`./bootstrap\` for this machine (unoptimized, with debug information for Delve), which the
  emulator and the debugger run.
- \`sam build\` runs \`make build-${options.functionName}\`: \`CGO_ENABLED=0 GOOS=linux GOARCH=${goarch}\`, stripped,
  into \`$(ARTIFACTS_DIR)\`. Go cross-compiles by itself, so this works from any machine.
- The image variant builds the same target in the Dockerfile's first stage.

Needs Go 1.19 or newer (\`go.mod\` says \`go 1.19\`); no module is downloaded, so it builds offline.

### Compared with aws-lambda-go

[aws-lambda-go](https://github.com/aws/aws-lambda-go) is AWS's library for the same loop: \`lambda.Start(handler)\`
with typed events (\`events.APIGatewayProxyRequest\`, \`events.SQSEvent\`, ...), a \`context.Context\` that is
cancelled at the deadline, response streaming, the extensions API, X-Ray error causes, and a client tested
against the real service. This scaffold has none of that, on purpose: it builds with no download, and the
whole Runtime API exchange is in one file you can read, change and step through. Switch to aws-lambda-go when
you want typed events or streaming: \`go get github.com/aws/aws-lambda-go\` and call \`lambda.Start\` from \`main\`.
`;
}

function files(options: ScaffoldOptions): ScaffoldFile[] {
  const list: ScaffoldFile[] = [
    { path: 'main.go', content: GO_MAIN, role: 'source' },
    { path: 'handler.go', content: GO_HANDLER, role: 'handler' },
    { path: 'go.mod', content: `module ${moduleName(options)}\n\ngo 1.19\n`, role: 'source' },
    { path: 'Makefile', content: makefile(options), role: 'makefile' },
  ];
  if (options.packaging === 'image') {
    list.push({ path: '.dockerignore', content: 'bootstrap\n.aws-sam/\n', role: 'source' });
  }
  return list;
}

/** Go: a runtime on the standard library, `handler.go` for the function, a Makefile for `./bootstrap` and `sam build`. */
export const go: LanguageTemplate = {
  id: 'go',
  label: 'Go',
  description: 'net/http runtime, no aws-lambda-go; static binary built by make',
  compiled: true,
  toolchain: ['go'],
  handler: () => HANDLER,
  handlerPath: 'handler.go',
  files,
  dockerfile,
  gitignore: ['/bootstrap'],
  readme,
  build: ['make'],
};
