// `npm run demo`: what this version does, end to end: the command-line tool's help, then the .vsix you install.
import { execa } from 'execa';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const step = (title: string) => console.log(`\n=== ${title}\n`);

step('lambda-runtime-kit --help');
await execa(process.execPath, [path.join(root, 'dist', 'cli.js'), '--help'], { stdout: 'inherit', stderr: 'inherit' });

step('npm run package (the .vsix)');
await execa('npm', ['run', '--silent', 'package'], { cwd: root, stdout: 'inherit', stderr: 'inherit' });
const vsixDir = path.join(root, 'dist-vsix');
for (const name of readdirSync(vsixDir).filter((file) => file.endsWith('.vsix'))) {
  const file = path.join(vsixDir, name);
  console.log(`\n${path.relative(root, file)}: ${(statSync(file).size / 1024).toFixed(1)} KiB`);
  console.log(`Install it with:  code --install-extension ${path.relative(root, file)}`);
}
