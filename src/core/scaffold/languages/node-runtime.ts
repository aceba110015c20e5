// The Node.js scaffold's sources, as written into a project: the runtime (bootstrap) and the sample handler.
// In a template literal: a backslash, a backtick and `${` of the sources are escaped.

/** The Node.js runtime: `node:http` for the Runtime API, the handler imported from `FILE.mjs|.js|.cjs`. */
export const NODE_BOOTSTRAP = `#!/usr/bin/env node
// A Lambda custom runtime in Node.js, on its built-in modules alone: it loads the handler that _HANDLER names
// (\`function.handler\`: the export \`handler\` of function.mjs, .js or .cjs), then answers events for as long as
// Lambda keeps the environment.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const API = process.env.AWS_LAMBDA_RUNTIME_API || '';
const TASK_ROOT = process.env.LAMBDA_TASK_ROOT || __dirname;
const HANDLER = process.env._HANDLER || '';
// Lambda Managed Instances sets AWS_LAMBDA_MAX_CONCURRENCY: that many workers, each with its own loop on /next.
const WORKERS = Math.max(1, Number.parseInt(process.env.AWS_LAMBDA_MAX_CONCURRENCY || '1', 10) || 1);
// One connection per worker, kept open: each worker makes one request at a time.
const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS });

/** One request to the Runtime API; resolves with the status, the headers and the body as text. */
function request(method, route, body, headers) {
  return new Promise((resolve, reject) => {
    const colon = API.lastIndexOf(':');
    const options = {
      host: API.slice(0, colon).replace(/^\\[|\\]$/g, ''),
      port: Number(API.slice(colon + 1)),
      method,
      path: '/2018-06-01/runtime' + route,
      agent,
      headers: headers || {},
    };
    const req = http.request(options, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Posts Lambda's error JSON to \`route\`, with its type in Lambda-Runtime-Function-Error-Type. */
async function postError(route, type, message, stackTrace, echo) {
  const body = JSON.stringify({ errorMessage: message, errorType: type, stackTrace: stackTrace || [] });
  const res = await request('POST', route, body, {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': type,
    ...echo,
  });
  if (res.status >= 300) console.error('The Runtime API refused the error (' + res.status + '): ' + res.body);
}

/** Reports an init error and exits: Lambda gives it to the first invocation. */
async function initError(type, message) {
  console.error(type + ': ' + message);
  try {
    await postError('/init/error', type, message);
  } catch (error) {
    console.error('Could not post the init error: ' + error.message);
  }
  process.exit(1);
}

/** The function _HANDLER names, or an init error. */
async function loadHandler() {
  const dot = HANDLER.lastIndexOf('.');
  const quoted = JSON.stringify(HANDLER);
  if (dot <= 0) {
    return initError('Runtime.HandlerNotFound', 'Cannot load the handler ' + quoted + ': name it FILE.EXPORT, e.g. function.handler');
  }
  const module = HANDLER.slice(0, dot);
  const name = HANDLER.slice(dot + 1);
  const candidates = ['.mjs', '.js', '.cjs'].map((extension) => path.resolve(TASK_ROOT, module + extension));
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  if (file === undefined) {
    return initError('Runtime.ImportModuleError', 'Cannot load the handler ' + quoted + ': there is no ' + module + '.mjs, .js or .cjs in ' + TASK_ROOT);
  }
  let exports;
  try {
    exports = await import(pathToFileURL(file).href);
  } catch (error) {
    return initError('Runtime.ImportModuleError', 'Cannot load the handler ' + quoted + ': ' + (error && error.stack ? error.stack : error));
  }
  const handler = typeof exports[name] === 'function' ? exports[name] : exports.default && exports.default[name];
  if (typeof handler !== 'function') {
    return initError('Runtime.HandlerNotFound', 'Cannot load the handler ' + quoted + ': ' + path.basename(file) + ' exports no function ' + JSON.stringify(name));
  }
  return handler;
}

/** What the handler gets besides the event: the invocation's ids and its deadline. */
function contextOf(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const json = (value) => (value ? JSON.parse(value) : undefined);
  return {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    traceId: headers['lambda-runtime-trace-id'],
    tenantId: headers['lambda-runtime-aws-tenant-id'],
    clientContext: json(headers['lambda-runtime-client-context']),
    identity: json(headers['lambda-runtime-cognito-identity']),
    deadlineMs: deadline,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** One worker: event after event, for as long as the environment lives. */
async function worker(handler) {
  for (;;) {
    // No time limit: the request waits until the next event comes, however long that takes.
    const next = await request('GET', '/invocation/next');
    if (next.status !== 200) throw new Error('/invocation/next answered ' + next.status + ': ' + next.body);
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    // With several workers the trace id is the invocation's (context.traceId), not the process's.
    if (WORKERS === 1) {
      const trace = next.headers['lambda-runtime-trace-id'];
      if (trace) process.env._X_AMZN_TRACE_ID = trace;
      else delete process.env._X_AMZN_TRACE_ID;
    }
    // Lambda-Runtime-Invocation-Id names this attempt: echoed back, so Lambda refuses (410) a late answer.
    const invocationId = next.headers['lambda-runtime-invocation-id'];
    const echo = invocationId ? { 'Lambda-Runtime-Invocation-Id': invocationId } : {};
    const route = '/invocation/' + requestId;
    try {
      const result = await handler(JSON.parse(next.body), contextOf(next.headers));
      const body = JSON.stringify(result === undefined ? null : result);
      const res = await request('POST', route + '/response', body, { 'Content-Type': 'application/json', ...echo });
      if (res.status >= 300) console.error('The Runtime API refused the response (' + res.status + '): ' + res.body);
    } catch (error) {
      const type = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      const stack = error instanceof Error && error.stack ? error.stack.split('\\n').slice(1).map((line) => line.trim()) : [];
      console.error(type + ': ' + message);
      await postError(route + '/error', type, message, stack, echo);
    }
  }
}

async function main() {
  if (API === '') {
    console.error('AWS_LAMBDA_RUNTIME_API is not set: run this bootstrap under Lambda or the emulator.');
    process.exit(1);
  }
  const handler = await loadHandler();
  await Promise.all(Array.from({ length: WORKERS }, () => worker(handler)));
}

main().catch((error) => {
  // Only the Runtime API's connection fails here: Lambda then ends the environment.
  console.error('The runtime stopped: ' + (error && error.stack ? error.stack : error));
  process.exit(1);
});
`;

/** The sample handler (an ES module) the Node.js runtime imports. */
export const NODE_FUNCTION = `// The function: the bootstrap imports this module once, then calls \`handler(event, context)\` for each event.
// Return (or resolve with) the response; throw to fail the invocation with the error's name and message.
export async function handler(event, context) {
  if (typeof event?.name !== 'string') {
    throw new TypeError('event.name must be a string');
  }
  console.log(\`Greeting \${event.name} (request \${context.awsRequestId}, trace \${context.traceId ?? 'none'})\`);
  return {
    message: \`Hello, \${event.name}!\`,
    requestId: context.awsRequestId,
    remainingMs: context.getRemainingTimeInMillis(),
  };
}
`;
