// The Python scaffold's sources, as written into a project: the runtime (bootstrap) and the sample handler.
// In a template literal: a backslash, a backtick and `${` of the sources are escaped.

/** The Python runtime: `urllib.request` for the Runtime API, the handler imported from `FILE.py`. */
export const PYTHON_BOOTSTRAP = `#!/usr/bin/env python3
"""A Lambda custom runtime in Python, on the standard library alone.

It imports the handler that _HANDLER names (\`function.handler\`: the function \`handler\` of function.py), then
answers events for as long as Lambda keeps the environment. Python 3.7 or newer (provided.al2 has 3.7).
"""
import importlib
import json
import os
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request

API = "http://{}/2018-06-01/runtime".format(os.environ.get("AWS_LAMBDA_RUNTIME_API", ""))
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT") or os.path.dirname(os.path.abspath(__file__))
HANDLER = os.environ.get("_HANDLER", "")
# Lambda Managed Instances sets AWS_LAMBDA_MAX_CONCURRENCY: that many workers (threads), each looping on /next.
try:
    WORKERS = max(1, int(os.environ.get("AWS_LAMBDA_MAX_CONCURRENCY") or "1"))
except ValueError:
    WORKERS = 1


def request(method, route, body=None, headers=None):
    """One request to the Runtime API: (status, headers, body bytes); an HTTP error status is returned too."""
    req = urllib.request.Request(API + route, data=body, method=method, headers=headers or {})
    try:
        # No timeout: /invocation/next waits until the next event comes, however long that takes.
        with urllib.request.urlopen(req) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def post_error(route, error_type, message, stack_trace=None, echo=None):
    """Posts Lambda's error JSON, with its type in Lambda-Runtime-Function-Error-Type."""
    body = json.dumps({"errorMessage": message, "errorType": error_type, "stackTrace": stack_trace or []})
    headers = dict(echo or {}, **{"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error_type})
    status, _, answer = request("POST", route, body.encode("utf-8"), headers)
    if status >= 300:
        print("The Runtime API refused the error ({}): {}".format(status, answer.decode("utf-8", "replace")), file=sys.stderr)


def init_error(error_type, message):
    """Reports an init error and exits: Lambda gives it to the first invocation."""
    print("{}: {}".format(error_type, message), file=sys.stderr)
    try:
        post_error("/init/error", error_type, message)
    except OSError as error:
        print("Could not post the init error: {}".format(error), file=sys.stderr)
    sys.exit(1)


def load_handler():
    """The function _HANDLER names, or an init error."""
    module_name, dot, name = HANDLER.rpartition(".")
    quoted = json.dumps(HANDLER)
    if not dot or not module_name:
        init_error("Runtime.HandlerNotFound", "Cannot load the handler {}: name it MODULE.FUNCTION, e.g. function.handler".format(quoted))
    sys.path.insert(0, TASK_ROOT)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except Exception as error:  # any failure while importing the user's module is an init error
        init_error("Runtime.ImportModuleError", "Cannot load the handler {}: {}: {}".format(quoted, type(error).__name__, error))
    handler = getattr(module, name, None)
    if not callable(handler):
        init_error("Runtime.HandlerNotFound", "Cannot load the handler {}: {}.py has no function {}".format(quoted, module_name, json.dumps(name)))
    return handler


class Context:
    """What the handler gets besides the event: the invocation's ids and its deadline."""

    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        self.trace_id = headers.get("Lambda-Runtime-Trace-Id")
        self.tenant_id = headers.get("Lambda-Runtime-Aws-Tenant-Id")
        client_context = headers.get("Lambda-Runtime-Client-Context")
        identity = headers.get("Lambda-Runtime-Cognito-Identity")
        self.client_context = json.loads(client_context) if client_context else None
        self.identity = json.loads(identity) if identity else None

    def get_remaining_time_in_millis(self):
        return max(0, self.deadline_ms - int(time.time() * 1000))


def main():
    # Logs reach Lambda (and the emulator) line by line, not when a buffer fills.
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    if not os.environ.get("AWS_LAMBDA_RUNTIME_API"):
        print("AWS_LAMBDA_RUNTIME_API is not set: run this bootstrap under Lambda or the emulator.", file=sys.stderr)
        sys.exit(1)
    handler = load_handler()
    workers = [threading.Thread(target=worker, args=(handler,), daemon=True) for _ in range(WORKERS - 1)]
    for thread in workers:
        thread.start()
    worker(handler)


def worker(handler):
    """One worker: event after event, for as long as the environment lives."""
    while True:
        status, headers, body = request("GET", "/invocation/next")
        if status != 200:
            print("/invocation/next answered {}: stopping.".format(status), file=sys.stderr)
            os._exit(1)  # from any thread: the runtime cannot go on
        route = "/invocation/{}".format(headers.get("Lambda-Runtime-Aws-Request-Id"))
        # With several workers the trace id is the invocation's (context.trace_id), not the process's.
        if WORKERS == 1:
            trace = headers.get("Lambda-Runtime-Trace-Id")
            if trace:
                os.environ["_X_AMZN_TRACE_ID"] = trace
            else:
                os.environ.pop("_X_AMZN_TRACE_ID", None)
        # Lambda-Runtime-Invocation-Id names this attempt: echoed back, so Lambda refuses (410) a late answer.
        invocation_id = headers.get("Lambda-Runtime-Invocation-Id")
        echo = {"Lambda-Runtime-Invocation-Id": invocation_id} if invocation_id else {}
        try:
            result = handler(json.loads(body), Context(headers))
            answer = json.dumps(result).encode("utf-8")
        except Exception as error:  # the handler's errors fail this invocation, not the runtime
            stack = traceback.format_list(traceback.extract_tb(error.__traceback__))
            print("{}: {}".format(type(error).__name__, error), file=sys.stderr)
            post_error(route + "/error", type(error).__name__, str(error), stack, echo)
            continue
        headers = dict(echo, **{"Content-Type": "application/json"})
        status, _, refused = request("POST", route + "/response", answer, headers)
        if status >= 300:
            print("The Runtime API refused the response ({}): {}".format(status, refused.decode("utf-8", "replace")), file=sys.stderr)


if __name__ == "__main__":
    main()
`;

/** The sample handler the Python runtime imports. */
export const PYTHON_FUNCTION = `"""The function: the bootstrap imports this module once, then calls handler(event, context) for each event.

Return the response (anything json.dumps takes); raise to fail the invocation with the exception's type and message.
"""


def handler(event, context):
    if not isinstance(event, dict) or not isinstance(event.get("name"), str):
        raise ValueError("event.name must be a string")
    trace = context.trace_id or "none"
    print("Greeting {} (request {}, trace {})".format(event["name"], context.aws_request_id, trace))
    return {
        "message": "Hello, {}!".format(event["name"]),
        "requestId": context.aws_request_id,
        "remainingMs": context.get_remaining_time_in_millis(),
    }
`;
