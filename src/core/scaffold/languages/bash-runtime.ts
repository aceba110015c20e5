// The bash scaffold's sources, as written into a project: the runtime (bootstrap) and the sample handler.
// In a template literal: a backslash, a backtick and `${` of the sources are escaped.

/** The bash runtime: curl for the Runtime API, the handler sourced from `FILE.sh`. */
export const BASH_BOOTSTRAP = `#!/bin/bash
# A Lambda custom runtime in bash, on curl alone: it loads the handler that _HANDLER names
# (\`function.handler\`: the function \`handler\` of function.sh), then answers events for as long as Lambda keeps
# the environment. The handler prints its response on stdout and logs on stderr.
set -uo pipefail

API="http://\${AWS_LAMBDA_RUNTIME_API:?is not set: Lambda or the emulator sets it}/2018-06-01/runtime"
TASK_ROOT=\${LAMBDA_TASK_ROOT:-$(cd "$(dirname "$0")" && pwd)}
HEADERS=$(mktemp)
ERROR_FILE=$(mktemp)
trap 'rm -f "$HEADERS" "$ERROR_FILE"' EXIT

# Prints $1 as a JSON string.
json_string() {
  local s=$1
  s=\${s//\\\\/\\\\\\\\}
  s=\${s//\\"/\\\\\\"}
  s=\${s//$'\\n'/\\\\n}
  s=\${s//$'\\r'/\\\\r}
  s=\${s//$'\\t'/\\\\t}
  s=\${s//[[:cntrl:]]/ }
  printf '"%s"' "$s"
}

# post_error URL TYPE MESSAGE: Lambda's error JSON, with the type in the header Lambda reports.
post_error() {
  printf '{"errorMessage":%s,"errorType":%s}' "$(json_string "$3")" "$(json_string "$2")" |
    curl -sS -o /dev/null -X POST "$1" -H "Lambda-Runtime-Function-Error-Type: $2" \\
      -H 'Content-Type: application/json' \${ECHO_ID[@]+"\${ECHO_ID[@]}"} --data-binary @-
}

# init_error TYPE MESSAGE: Lambda reports it to the first invocation; the runtime cannot go on.
init_error() {
  echo "$1: $2" >&2
  post_error "$API/init/error" "$1" "$2"
  exit 1
}

# header NAME: the value of a header of the last /invocation/next response (names ignore case).
header() {
  local name value
  while IFS=: read -r name value; do
    if [[ \${name,,} == "\${1,,}" ]]; then
      value=\${value%$'\\r'}
      printf '%s' "\${value#"\${value%%[![:space:]]*}"}"
      return
    fi
  done <"$HEADERS"
}

# For the handler: the milliseconds left until Lambda stops this invocation.
remaining_ms() {
  echo $((LAMBDA_DEADLINE_MS - $(date +%s%3N)))
}

# For the handler: \`lambda_error TYPE MESSAGE; return 1\` fails the invocation with that error.
lambda_error() {
  printf '%s\\n%s' "$1" "$2" >"$ERROR_FILE"
}

handler_name=\${_HANDLER:-}
handler_file="$TASK_ROOT/\${handler_name%.*}.sh"
handler_function=\${handler_name##*.}
if [[ -z $handler_name ]]; then
  init_error Runtime.HandlerNotFound '_HANDLER is not set: name the handler as FILE.FUNCTION, e.g. function.handler'
fi
if [[ ! -f $handler_file ]]; then
  init_error Runtime.ImportModuleError "Cannot load the handler \\"$handler_name\\": $handler_file does not exist"
fi
# The file is the user's choice at run time (_HANDLER); ShellCheck checks it on its own.
# shellcheck source=/dev/null
if ! source "$handler_file"; then
  init_error Runtime.ImportModuleError "Cannot load the handler \\"$handler_name\\": $handler_file failed"
fi
if [[ $(type -t "$handler_function") != function ]]; then
  init_error Runtime.HandlerNotFound "Cannot load the handler \\"$handler_name\\": $handler_file defines no function \\"$handler_function\\""
fi

while true; do
  # No time limit: the request waits until the next event comes, however long that takes.
  if ! event=$(curl -sSf -D "$HEADERS" "$API/invocation/next"); then
    echo 'The Runtime API gave no event on /invocation/next: stopping.' >&2
    exit 1
  fi
  LAMBDA_REQUEST_ID=$(header Lambda-Runtime-Aws-Request-Id)
  LAMBDA_DEADLINE_MS=$(header Lambda-Runtime-Deadline-Ms)
  LAMBDA_FUNCTION_ARN=$(header Lambda-Runtime-Invoked-Function-Arn)
  _X_AMZN_TRACE_ID=$(header Lambda-Runtime-Trace-Id)
  export LAMBDA_REQUEST_ID LAMBDA_DEADLINE_MS LAMBDA_FUNCTION_ARN _X_AMZN_TRACE_ID
  # Lambda-Runtime-Invocation-Id names this attempt: echoed on /response and /error, so a late answer from an
  # attempt that timed out is refused (410) instead of reaching a retry. (The \${a[@]+...} form: bash 4.2 and set -u.)
  ECHO_ID=()
  invocation_id=$(header Lambda-Runtime-Invocation-Id)
  if [[ -n $invocation_id ]]; then ECHO_ID=(-H "Lambda-Runtime-Invocation-Id: $invocation_id"); fi
  : >"$ERROR_FILE"

  # The handler runs in a subshell: an \`exit\` or a failing command in it ends this invocation, not the runtime.
  if response=$("$handler_function" "$event"); then
    printf '%s' "$response" |
      curl -sS -o /dev/null -X POST "$API/invocation/$LAMBDA_REQUEST_ID/response" \${ECHO_ID[@]+"\${ECHO_ID[@]}"} \\
        --data-binary @-
  else
    status=$?
    error_type=HandlerError
    message="The handler \\"$handler_name\\" failed with exit status $status"
    if [[ -s $ERROR_FILE ]]; then
      { IFS= read -r error_type; IFS= read -r -d '' message; } <"$ERROR_FILE"
    fi
    echo "$error_type: $message" >&2
    post_error "$API/invocation/$LAMBDA_REQUEST_ID/error" "$error_type" "$message"
  fi
done
`;

/** The sample handler the bash runtime sources. */
export const BASH_FUNCTION = `# shellcheck shell=bash
# The function: the bootstrap sources this file once, then calls \`handler EVENT\` for each event. Print the
# response on stdout and log on stderr. The bootstrap gives you LAMBDA_REQUEST_ID, LAMBDA_DEADLINE_MS,
# LAMBDA_FUNCTION_ARN, _X_AMZN_TRACE_ID, \`remaining_ms\` and \`lambda_error TYPE MESSAGE\`.

handler() {
  local event=$1
  # A sample without jq (not on provided.al2023): the first "name" key with a string value, escapes kept.
  local pattern='"name"[[:space:]]*:[[:space:]]*"(([^"\\\\]|\\\\.)*)"'
  if [[ ! $event =~ $pattern ]]; then
    lambda_error InvalidEvent 'event.name must be a string'
    return 1
  fi
  local name=\${BASH_REMATCH[1]}
  echo "Greeting \${name} (request \${LAMBDA_REQUEST_ID}, trace \${_X_AMZN_TRACE_ID:-none})" >&2
  printf '{"message":"Hello, %s!","requestId":"%s","remainingMs":%d}\\n' "$name" "$LAMBDA_REQUEST_ID" "$(remaining_ms)"
}
`;
