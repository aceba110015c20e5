// Builds every bundle of the project with one esbuild configuration:
//   dist/extension.js  the extension (vscode stays external: the editor provides it)
//   dist/server.js     the language server, its own process
//   dist/cli.js        the command-line tool (package.json "bin")
//   out/integration/   the in-editor test suites (not shipped; skipped with --production)
// Flags: --production (minified, no source maps, no tests), --watch (rebuild on change).
import * as esbuild from 'esbuild';
import { chmod, copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

/**
 * The package is ESM ("type": "module") so that tools and tests can import ESM-only packages, but the
 * editor loads extensions with require(): each output folder gets a package.json that makes its .js CommonJS.
 */
function commonJsFolder(folder) {
  return {
    name: `commonjs-${folder}`,
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length > 0) return;
        await mkdir(folder, { recursive: true });
        await writeFile(`${folder}/package.json`, '{ "type": "commonjs" }\n');
      });
    },
  };
}

/** Makes the command-line tool runnable as ./dist/cli.js after each build. */
const executableCli = {
  name: 'executable-cli',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length === 0) await chmod('dist/cli.js', 0o755);
    });
  },
};

/**
 * Files the bundles read at run time, copied next to them into dist/: the shell parser is WebAssembly, not bundled
 * code (the server and the command line find both .wasm files next to their bundle; the versions are pinned
 * together in package.json: the grammar's ABI must be one the runtime reads), and the bash debugger's harness is a
 * bash file that bash itself loads (BASH_ENV).
 */
const WASM_FILES = [
  'node_modules/web-tree-sitter/tree-sitter.wasm',
  'node_modules/tree-sitter-bash/tree-sitter-bash.wasm',
];
const BASH_HARNESS = { from: 'src/core/debug/bash/harness.bash', to: 'bash-debug-harness.bash' };

/** An esbuild plugin that copies `files` ({from, to} or a path kept by its name) into dist/ after a build. */
function copyToDist(name, files) {
  return {
    name,
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length > 0) return;
        await mkdir('dist', { recursive: true });
        await Promise.all(
          files.map((file) =>
            typeof file === 'string'
              ? copyFile(file, `dist/${path.basename(file)}`)
              : copyFile(file.from, `dist/${file.to}`),
          ),
        );
      });
    },
  };
}
const wasmAssets = copyToDist('wasm-assets', WASM_FILES);
const bashHarness = copyToDist('bash-harness', [BASH_HARNESS]);

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
    plugins: [commonJsFolder('dist'), bashHarness],
  },
  { ...common, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist', plugins: [wasmAssets] },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [executableCli],
  },
];
if (!production) {
  builds.push({
    ...common,
    // bench/ holds in-editor benchmarks (npm run bench:debug), run instead of suites/ when LRK_TEST_SUITES=bench;
    // screenshots/ the scenarios of npm run screenshots (LRK_TEST_SUITES=screenshots).
    entryPoints: [
      'test/integration/index.ts',
      'test/integration/suites/*.test.ts',
      ...['bench', 'screenshots']
        .filter((folder) => existsSync(`test/integration/${folder}`))
        .map((folder) => `test/integration/${folder}/*.test.ts`),
    ],
    outbase: 'test/integration',
    outdir: 'out/integration',
    // The editor provides vscode; mocha is loaded from node_modules so its reporters resolve as usual.
    external: ['vscode', 'mocha'],
    plugins: [commonJsFolder('out/integration')],
  });
}

/**
 * Removes what an earlier build left in `folder` and this one did not write (a deleted suite, a renamed
 * bundle). Done after the build rather than by emptying the folder first, so that an editor or a test
 * starting meanwhile never finds dist/ missing.
 */
async function removeStale(folder, written) {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !written.has(path.resolve(file))) await rm(file, { force: true });
  }
}

/** Every file the builds and their plugins write. */
function writtenFiles(results) {
  const files = new Set();
  for (const result of results)
    for (const output of Object.keys(result.metafile.outputs)) files.add(path.resolve(output));
  for (const file of WASM_FILES) files.add(path.resolve('dist', path.basename(file)));
  files.add(path.resolve('dist', BASH_HARNESS.to));
  for (const folder of ['dist', 'out/integration']) files.add(path.resolve(folder, 'package.json'));
  return files;
}

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching for changes (Ctrl+C to stop)');
} else {
  const started = Date.now();
  const results = await Promise.all(builds.map((options) => esbuild.build({ ...options, metafile: true })));
  const written = writtenFiles(results);
  await removeStale('dist', written);
  if (!production) await removeStale('out', written);
  else await rm('out', { recursive: true, force: true });
  console.log(
    `esbuild: built ${builds.length} bundles${production ? ' (production)' : ''} in ${Date.now() - started} ms`,
  );
}
