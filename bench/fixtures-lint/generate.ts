/**
 * Realistic shell bootstraps of a chosen length for the lint benchmark: a logging helper, an init error report,
 * many route handlers (case, for, [[ ]], arithmetic, printf), a dispatcher and the Runtime API loop.
 */

const HEADER = `#!/bin/bash
# A generated custom runtime for the lint benchmark: routes each event to one of many handlers.
set -euo pipefail

readonly API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
LOG_LEVEL="\${LOG_LEVEL:-info}"

log() {
  local level="$1"
  shift
  if [[ "$level" == debug && "$LOG_LEVEL" != debug ]]; then
    return 0
  fi
  printf '%s [%s] %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$level" "$*" >&2
}

report_init_error() {
  curl -sS -X POST "\${API}/init/error" \\
    -H 'Lambda-Runtime-Function-Error-Type: Runtime.InitError' \\
    -d "{\\"errorMessage\\":\\"$1\\",\\"errorType\\":\\"InitError\\"}" >/dev/null
}

if [[ ! -d "\${LAMBDA_TASK_ROOT}" ]]; then
  report_init_error "no task root"
  exit 1
fi
`;

function handler(index: number): string {
  return `
# Route ${index}: lists, echoes or acknowledges.
handle_route_${index}() {
  local event="$1"
  local count=0
  case "$event" in
    *'"action":"list"'*)
      for item in alpha beta gamma delta; do
        count=$((count + 1))
        log debug "route ${index} item \${item} (\${count})"
      done
      printf '{"route":${index},"count":%d}\\n' "$count"
      ;;
    *'"action":"echo"'*)
      printf '%s\\n' "$event"
      ;;
    *)
      if [[ "$event" == *error* ]]; then
        log warn "route ${index} rejected the event"
        return 1
      fi
      printf '{"route":${index},"ok":true}\\n'
      ;;
  esac
}
`;
}

function dispatcher(routes: number): string {
  const cases = Array.from({ length: routes }, (_, index) => `    ${index}) handle_route_${index} "$event" ;;`);
  return `
dispatch() {
  local event="$1"
  local route
  route="$(printf '%s' "$event" | sed -n 's/.*"route":\\([0-9]*\\).*/\\1/p')"
  case "\${route:-0}" in
${cases.join('\n')}
    *) log warn "no route \${route:-?}"; return 1 ;;
  esac
}
`;
}

const LOOP = `
main() {
  local headers event request_id response
  while true; do
    headers="$(mktemp)"
    event="$(curl -sS -LD "$headers" "\${API}/invocation/next")"
    request_id="$(grep -Fi lambda-runtime-aws-request-id "$headers" | tr -d '[:space:]' | cut -d: -f2)"
    rm -f "$headers"
    if response="$(dispatch "$event")"; then
      curl -sS -X POST "\${API}/invocation/\${request_id}/response" -d "$response" >/dev/null
    else
      curl -sS -X POST "\${API}/invocation/\${request_id}/error" \\
        -d '{"errorMessage":"handler failed","errorType":"HandlerError"}' >/dev/null
    fi
  done
}

main "$@"
`;

const lines = (text: string) => text.split('\n').length - 1;

/** A bootstrap of exactly `lineCount` lines (at least about 80), ending with a newline. */
export function generateBootstrap(lineCount: number): string {
  const fixed = lines(HEADER) + lines(LOOP) + lines(dispatcher(0));
  const perRoute = lines(handler(0)) + 1;
  const routes = Math.max(1, Math.floor((lineCount - fixed) / perRoute));
  const body = Array.from({ length: routes }, (_, index) => handler(index)).join('');
  let text = HEADER + body + dispatcher(routes) + LOOP;
  const missing = lineCount - lines(text);
  if (missing > 0) text += '# padding\n'.repeat(missing);
  return text;
}
