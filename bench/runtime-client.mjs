// A minimal Node runtime client for the emulator bench, used when aws-lambda-ric is not built: it polls
// /invocation/next and posts each event back as its response, over one keep-alive connection, as the
// official client's JavaScript path does. Nothing else (no handler loading, no logging).
import http from 'node:http';

const [hostname, port] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '').split(':');
if (!hostname || !port) {
  console.error('AWS_LAMBDA_RUNTIME_API is not set');
  process.exit(1);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (;;) {
  const next = await request('GET', '/2018-06-01/runtime/invocation/next');
  const id = next.headers['lambda-runtime-aws-request-id'];
  await request('POST', `/2018-06-01/runtime/invocation/${encodeURIComponent(String(id))}/response`, next.body);
}
