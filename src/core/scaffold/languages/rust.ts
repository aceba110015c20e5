// The Rust scaffold: a runtime on std only (its own small HTTP/1.1 client and JSON reader, no crates), so
// `cargo build --offline` works with an empty registry. Lambda's build is a static musl binary: it runs on
// provided.al2 and provided.al2023 whatever glibc the build machine has.
import type { LanguageTemplate } from '../language';
import type { ScaffoldFile, ScaffoldOptions } from '../types';
import { RUST_JSON } from './rust-json-source';
import { RUST_HANDLER, RUST_HTTP, RUST_MAIN } from './rust-runtime-source';

const HANDLER = 'hello';
const CPU = { x86_64: 'x86_64', arm64: 'aarch64' } as const;
const PLATFORM = { x86_64: 'linux/amd64', arm64: 'linux/arm64' } as const;

/** The Rust target Lambda's build uses for `architecture`. */
function lambdaTarget(options: ScaffoldOptions): string {
  return `${CPU[options.architecture]}-unknown-linux-musl`;
}

function cargoToml(options: ScaffoldOptions): string {
  return `[package]
name = "${options.functionName.toLowerCase()}"
version = "0.1.0"
edition = "2021"
# is_some_and and io::Error::other are the newest std items the runtime uses.
rust-version = "1.74"
publish = false

# Lambda runs the file called bootstrap.
[[bin]]
name = "bootstrap"
path = "src/main.rs"

# None: the runtime uses the standard library only, so \`cargo build --offline\` always works.
[dependencies]

[profile.release]
opt-level = 3
lto = true
codegen-units = 1
strip = true
`;
}

function makefile(options: ScaffoldOptions): string {
  const target = `build-${options.functionName}`;
  const triple = lambdaTarget(options);
  const cpu = CPU[options.architecture];
  const linkerVariable = `CARGO_TARGET_${triple.toUpperCase().replace(/-/g, '_')}_LINKER`;
  return `# \`make\` builds ./bootstrap for this machine (cargo's dev profile, with debug information) for the emulator and
# the debugger. \`sam build\` (BuildMethod: makefile) runs ${target}: the release build for Lambda into
# $(ARTIFACTS_DIR). It targets ${triple}: a static binary, so it runs on provided.al2023 and provided.al2
# whatever glibc this machine has. That target is installed once with
#   rustup target add ${triple}
# Building it on a machine that is not ${cpu} also needs a linker for ${cpu}, named in the environment of make
# (or of sam build), e.g. with Debian's gcc-${cpu.replace('_', '-')}-linux-gnu:
#   export ${linkerVariable}=${cpu}-linux-gnu-gcc
# or \`cargo zigbuild\` in place of cargo build.
CARGO ?= cargo
LAMBDA_TARGET ?= ${triple}
SOURCES := Cargo.toml $(wildcard src/*.rs)

.PHONY: all ${target} clean

all: bootstrap

# Copied through a temporary name: a bootstrap the emulator is running cannot be overwritten in place.
bootstrap: $(SOURCES)
\t$(CARGO) build --offline
\tcp target/debug/bootstrap $@.tmp && mv -f $@.tmp $@

${target}:
\t@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it (or: make $@ ARTIFACTS_DIR=out)"; exit 2; }
\t@test -d "$$(rustc --print sysroot)/lib/rustlib/$(LAMBDA_TARGET)" || { echo "The Rust target $(LAMBDA_TARGET) is not installed: rustup target add $(LAMBDA_TARGET)"; exit 2; }
\tmkdir -p $(ARTIFACTS_DIR)
\t$(CARGO) build --offline --release --target $(LAMBDA_TARGET)
\tcp target/$(LAMBDA_TARGET)/release/bootstrap $(ARTIFACTS_DIR)/bootstrap

clean:
\trm -rf bootstrap target
`;
}

function dockerfile(options: ScaffoldOptions): string {
  const platform = PLATFORM[options.architecture];
  const tag = options.base === 'provided.al2' ? 'al2' : 'al2023';
  return `# Two stages: the Rust image builds the bootstrap with the Makefile's Lambda target (static, musl), and only
# that binary goes into Lambda's OS-only base image.
FROM --platform=${platform} public.ecr.aws/docker/library/rust:1 AS build
RUN rustup target add ${lambdaTarget(options)}
WORKDIR /src
COPY Cargo.toml Makefile ./
COPY src ./src
RUN make build-${options.functionName} ARTIFACTS_DIR=/out

FROM --platform=${platform} public.ecr.aws/lambda/provided:${tag}
COPY --from=build /out/bootstrap \${LAMBDA_RUNTIME_DIR}
CMD [ "${HANDLER}" ]
`;
}

function readme(options: ScaffoldOptions): string {
  const triple = lambdaTarget(options);
  return `## The Rust runtime

\`src/main.rs\` is the whole runtime, on Rust's standard library only: \`src/http.rs\` is a small HTTP/1.1
client over \`std::net::TcpStream\` and \`src/json.rs\` reads one top-level string field and quotes strings
(\`cargo test\` runs its tests). It looks up \`_HANDLER\` (\`${HANDLER}\`) in \`HANDLERS\` of \`src/handler.rs\` and
posts an init error (\`Runtime.HandlerNotFound\`) to \`/runtime/init/error\` when the name is unknown. Then,
forever: it waits on \`/runtime/invocation/next\`, sets \`_X_AMZN_TRACE_ID\` from \`Lambda-Runtime-Trace-Id\`, calls
the handler with a \`Context\` (request id, \`deadline_ms\` and \`remaining_ms()\`, function ARN, trace id) and the
event's JSON text, and posts the JSON text it returns to \`/invocation/{id}/response\`. An \`Err(HandlerError)\`
goes to \`/invocation/{id}/error\` as \`{"errorMessage", "errorType"}\`, with the type also in
\`Lambda-Runtime-Function-Error-Type\`; a panic is reported as \`Runtime.Panic\` and the loop goes on.
Each answer carries back the \`Lambda-Runtime-Invocation-Id\` that \`/next\` gave, so Lambda refuses (410) an
answer from an attempt that already timed out. Under Lambda Managed Instances it runs
\`AWS_LAMBDA_MAX_CONCURRENCY\` workers (threads), each waiting on \`/next\`, and the trace id is the
invocation's own (\`ctx.trace_id\`) rather than the process-wide \`_X_AMZN_TRACE_ID\`. \`lambda-runtime-kit
check\` runs it through Lambda's conformance scenarios.

Write your code in \`src/handler.rs\`: a \`fn(&Context, &str) -> Result<String, HandlerError>\` and an entry in
\`HANDLERS\`.

### Build

- \`make\` builds \`./bootstrap\` for this machine (dev profile, with debug information), which the emulator
  and the debugger run.
- \`sam build\` runs \`make build-${options.functionName}\`: \`cargo build --release --target ${triple}\`. A static
  musl binary needs no glibc of a given version, so it runs on provided.al2023 and provided.al2 alike. Install
  the target once with \`rustup target add ${triple}\`; on a machine of another architecture, also a linker
  for it (see the Makefile's comment).
- The image variant builds the same target in the Dockerfile's first stage.

No crate is downloaded: \`cargo build --offline\` works with an empty registry.

### Compared with the lambda_runtime crate

[lambda_runtime](https://github.com/awslabs/aws-lambda-rust-runtime) (with \`cargo lambda\`) runs the same
loop on tokio and hyper, with serde-typed events (the \`aws_lambda_events\` crate), response streaming, the
extensions API, tracing integration and a client tested against the real service. This scaffold has none of
that, on purpose: it builds offline with no dependency, and the whole Runtime API exchange is a few hundred
lines of std you can read and step through. Move to lambda_runtime when you want typed events, async
handlers or streaming.
`;
}

function files(options: ScaffoldOptions): ScaffoldFile[] {
  const list: ScaffoldFile[] = [
    { path: 'Cargo.toml', content: cargoToml(options), role: 'source' },
    { path: 'src/main.rs', content: RUST_MAIN, role: 'source' },
    { path: 'src/http.rs', content: RUST_HTTP, role: 'source' },
    { path: 'src/json.rs', content: RUST_JSON, role: 'source' },
    { path: 'src/handler.rs', content: RUST_HANDLER, role: 'handler' },
    { path: 'Makefile', content: makefile(options), role: 'makefile' },
  ];
  if (options.packaging === 'image') {
    list.push({ path: '.dockerignore', content: 'bootstrap\ntarget/\n.aws-sam/\n', role: 'source' });
  }
  return list;
}

/** Rust: a std-only runtime, `src/handler.rs` for the function, a Makefile for `./bootstrap` and `sam build`. */
export const rust: LanguageTemplate = {
  id: 'rust',
  label: 'Rust',
  description: 'std-only runtime, no crates; builds offline with cargo and make',
  compiled: true,
  toolchain: ['cargo'],
  handler: () => HANDLER,
  handlerPath: 'src/handler.rs',
  files,
  dockerfile,
  gitignore: ['/bootstrap', '/target/'],
  readme,
  build: ['make'],
};
