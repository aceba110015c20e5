// `npm run demo` (after the build): the main job end to end, as a user would see it in a terminal. Scaffold a
// bash custom runtime into a temporary folder, lint it, invoke it through the emulator with its sample event
// and with `{}` (which its handler refuses), then remove the folder. No network, no Docker.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const work = await mkdtemp(path.join(tmpdir(), 'lambda-runtime-kit-demo-'));
const project = 'hello-runtime';
let failures = 0;

/**
 * Prints the command as typed at a prompt, runs it, and checks its status. Its log (stderr) reaches the terminal
 * as it comes; its output (stdout: the summary, the findings, the response body) is printed once it ends, on a
 * line of its own (a response body has no final newline). Resolves to that output.
 */
async function run(args: string[], expected: number, input?: string): Promise<string> {
  const shown = `lambda-runtime-kit ${args.join(' ')}`;
  console.log(`\n$ ${input === undefined ? shown : `echo '${input}' | ${shown}`}`);
  const result = await execa(process.execPath, [cli, ...args], {
    cwd: work,
    reject: false,
    stdout: 'pipe',
    stderr: 'inherit',
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
  });
  const output = String(result.stdout ?? '');
  if (output !== '') console.log(output);
  if (result.exitCode !== 0) console.log(`(exit status ${result.exitCode})`);
  if (result.exitCode !== expected) {
    failures += 1;
    console.error(`demo: expected exit status ${expected} from '${shown}', got ${result.exitCode}`);
  }
  return output;
}

console.log(`Working in a temporary folder: ${work}`);
try {
  const created = await run(['new', 'bash', project], 0);
  await run(['lint', project], 0);
  // Follow the next step `new` printed, as a user would copy it (its words need no quoting here).
  const invoke = /^ {2}lambda-runtime-kit (invoke .*--event) \S+$/m.exec(created)?.[1]?.split(' ');
  if (invoke === undefined) throw new Error("'new' printed no invoke command among its next steps");
  await run([...invoke, `${project}/events/event.json`], 0);
  // Without a name the sample handler fails: Lambda's error JSON comes back and the status is 1.
  await run([...invoke, '-'], 1, '{}');
} finally {
  await rm(work, { recursive: true, force: true });
  console.log(`\nRemoved ${work}.`);
}
if (failures > 0) {
  console.error(`demo: ${failures} step(s) did not end as expected`);
  process.exitCode = 1;
}
