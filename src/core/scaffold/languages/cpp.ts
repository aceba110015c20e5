// The C++ scaffold: a C++17 runtime on libcurl (found with curl-config) and its own small JSON reader, built by
// a Makefile. Lambda's build links libstdc++ statically: the base image's libstdc++ may be older than the
// compiler's. glibc and libcurl stay dynamic, so that build belongs on the Amazon Linux it runs on.
import type { LanguageTemplate } from '../language';
import type { ScaffoldFile, ScaffoldOptions } from '../types';
import { CPP_JSON_CPP, CPP_JSON_HPP } from './cpp-json-source';
import { CPP_HANDLER, CPP_MAIN, CPP_RUNTIME_HPP } from './cpp-runtime-source';

const HANDLER = 'hello';
const CPU = { x86_64: 'x86_64', arm64: 'aarch64' } as const;
const PLATFORM = { x86_64: 'linux/amd64', arm64: 'linux/arm64' } as const;

function makefile(options: ScaffoldOptions): string {
  const target = `build-${options.functionName}`;
  const cpu = CPU[options.architecture];
  const al = options.base === 'provided.al2' ? 'Amazon Linux 2' : 'Amazon Linux 2023';
  return `# \`make\` builds ./bootstrap for this machine (unoptimized, with debug information) for the emulator and the
# debugger. \`sam build\` (BuildMethod: makefile) runs ${target}: the optimized bootstrap for Lambda (${cpu}) into
# $(ARTIFACTS_DIR), with libstdc++ linked in. It still uses this machine's glibc and libcurl, so build it where
# they are not newer than the base image's: on ${al} (an instance, a container, or the image variant's
# Dockerfile), with gcc-c++, make, libcurl-devel and libstdc++-static installed.
# On a machine that is not ${cpu}, LAMBDA_CXX is a cross compiler (Debian: g++-${cpu.replace('_', '-')}-linux-gnu),
# which also needs libcurl for ${cpu} (Debian multiarch: libcurl4-openssl-dev:${options.architecture === 'arm64' ? 'arm64' : 'amd64'}).
CXX ?= g++
CURL_CFLAGS := $(shell curl-config --cflags)
CURL_LIBS := $(shell curl-config --libs)
SOURCES := main.cpp json.cpp handler.cpp
HEADERS := runtime.hpp json.hpp
WARNINGS := -Wall -Wextra

ifeq ($(shell uname -m),${cpu})
LAMBDA_CXX ?= $(CXX)
else
LAMBDA_CXX ?= ${cpu}-linux-gnu-g++
endif

.PHONY: all ${target} clean

all: bootstrap

bootstrap: $(SOURCES) $(HEADERS)
\t$(CXX) -std=c++17 -O0 -g $(WARNINGS) $(CURL_CFLAGS) -o $@ $(SOURCES) $(CURL_LIBS)

${target}:
\t@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it (or: make $@ ARTIFACTS_DIR=out)"; exit 2; }
\tmkdir -p $(ARTIFACTS_DIR)
\t$(LAMBDA_CXX) -std=c++17 -O2 -s $(WARNINGS) $(CURL_CFLAGS) -o $(ARTIFACTS_DIR)/bootstrap $(SOURCES) \\
\t\t-static-libstdc++ -static-libgcc $(CURL_LIBS)

clean:
\trm -f bootstrap
`;
}

function dockerfile(options: ScaffoldOptions): string {
  const platform = PLATFORM[options.architecture];
  const al2 = options.base === 'provided.al2';
  const install = al2
    ? 'yum install -y gcc-c++ make libcurl-devel libstdc++-static && yum clean all'
    : 'dnf install -y --allowerasing gcc-c++ make libcurl-devel libstdc++-static && dnf clean all';
  return `# Two stages: Amazon Linux ${al2 ? '2' : '2023'}, the base image's own distribution, builds the bootstrap with the
# Makefile's Lambda target (same glibc and libcurl), and only the binary goes into Lambda's OS-only base image,
# which has libcurl already (curl is part of it).
FROM --platform=${platform} public.ecr.aws/amazonlinux/amazonlinux:${al2 ? '2' : '2023'} AS build
RUN ${install}
WORKDIR /src
COPY Makefile *.cpp *.hpp ./
RUN make build-${options.functionName} ARTIFACTS_DIR=/out

FROM --platform=${platform} public.ecr.aws/lambda/provided:${al2 ? 'al2' : 'al2023'}
COPY --from=build /out/bootstrap \${LAMBDA_RUNTIME_DIR}
CMD [ "${HANDLER}" ]
`;
}

function readme(options: ScaffoldOptions): string {
  const al = options.base === 'provided.al2' ? 'Amazon Linux 2' : 'Amazon Linux 2023';
  return `## The C++ runtime

\`main.cpp\` is the whole runtime, in C++17 with libcurl as its only library; \`json.cpp\` reads one top-level
string field of the event and quotes strings for the answers. It looks up \`_HANDLER\` (\`${HANDLER}\`) in
\`lambda::handlers\` of \`handler.cpp\` and posts an init error (\`Runtime.HandlerNotFound\`) to
\`/runtime/init/error\` when the name is unknown. Then, forever: it waits on \`/runtime/invocation/next\` (one curl
handle, kept alive), sets \`_X_AMZN_TRACE_ID\` from \`Lambda-Runtime-Trace-Id\`, calls the handler with a
\`lambda::Context\` (request id, \`deadline_ms\` and \`remaining_ms()\`, function ARN, trace id) and the event's
JSON text, and posts the JSON text it returns to \`/invocation/{id}/response\`. A thrown \`lambda::Error\` goes to
\`/invocation/{id}/error\` as \`{"errorMessage", "errorType"}\` with its type; any other exception with its C++ type
name (\`std::out_of_range\`); the type is also sent in \`Lambda-Runtime-Function-Error-Type\`, and the loop goes on.
Each answer carries back the \`Lambda-Runtime-Invocation-Id\` that \`/next\` gave, so Lambda refuses (410) an
answer from an attempt that already timed out. \`lambda-runtime-kit check\` runs it through Lambda's conformance
scenarios.

Write your code in \`handler.cpp\`: a \`std::string f(const lambda::Context&, const std::string& event)\` and an
entry in \`lambda::handlers\`.

### Build

- \`make\` builds \`./bootstrap\` for this machine (\`g++ -std=c++17 -O0 -g ... $(curl-config --cflags --libs)\`),
  which the emulator and the debugger run. It needs g++, make and the libcurl headers (Debian:
  \`libcurl4-openssl-dev\`; Amazon Linux: \`libcurl-devel\`).
- \`sam build\` runs \`make build-${options.functionName}\`: optimized, stripped, libstdc++ linked statically. glibc and
  libcurl stay dynamic, so run it on ${al} (the base image's distribution), where they match; the base image
  has libcurl, because curl is part of it. For another architecture, the Makefile takes a cross compiler
  (\`LAMBDA_CXX\`) and needs that architecture's libcurl.
- The image variant does exactly that in the Dockerfile's first stage (\`amazonlinux\`, with \`gcc-c++\`,
  \`libcurl-devel\` and \`libstdc++-static\`).

### Compared with aws-lambda-cpp

[aws-lambda-cpp](https://github.com/awslabs/aws-lambda-cpp) runs the same loop on libcurl too, and adds a
CMake package, \`aws_lambda_package_target\` that zips the binary with every shared library it loads (so the
build machine's libraries travel with it), response streaming, tested retries and the AWS SDK for C++ next to
it. This scaffold has none of that, on purpose: no library to fetch or install, one Makefile, and the whole
Runtime API exchange in \`main.cpp\` you can read and step through. Move to aws-lambda-cpp when you want its
packaging or the SDK.
`;
}

function files(options: ScaffoldOptions): ScaffoldFile[] {
  const list: ScaffoldFile[] = [
    { path: 'main.cpp', content: CPP_MAIN, role: 'source' },
    { path: 'runtime.hpp', content: CPP_RUNTIME_HPP, role: 'source' },
    { path: 'json.hpp', content: CPP_JSON_HPP, role: 'source' },
    { path: 'json.cpp', content: CPP_JSON_CPP, role: 'source' },
    { path: 'handler.cpp', content: CPP_HANDLER, role: 'handler' },
    { path: 'Makefile', content: makefile(options), role: 'makefile' },
  ];
  if (options.packaging === 'image') {
    list.push({ path: '.dockerignore', content: 'bootstrap\n*.o\n.aws-sam/\n', role: 'source' });
  }
  return list;
}

/** C++: a C++17 runtime on libcurl, `handler.cpp` for the function, a Makefile for `./bootstrap` and `sam build`. */
export const cpp: LanguageTemplate = {
  id: 'cpp',
  label: 'C++',
  description: 'C++17 runtime on libcurl, no aws-lambda-cpp; built by make',
  compiled: true,
  toolchain: ['g++', 'make', 'curl-config'],
  handler: () => HANDLER,
  handlerPath: 'handler.cpp',
  files,
  dockerfile,
  gitignore: ['/bootstrap', '*.o'],
  readme,
  build: ['make'],
};
