// Runs every test/unit/**/*.test.ts with node's test runner, TypeScript loaded through tsx.
// (Node 20's --test takes no glob patterns, and its default patterns do not match .ts files.)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname);
const files = readdirSync(root, { recursive: true })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => path.join('test', 'unit', file))
  .sort();
if (files.length === 0) {
  console.error('No unit test file found under test/unit.');
  process.exit(1);
}
// --test-timeout bounds each test file (Node 20 applies it per file): a hang fails that file instead of the whole run.
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=600000', ...process.argv.slice(2), ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
