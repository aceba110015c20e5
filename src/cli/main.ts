import { keepWasmOnBaselineCompiler } from '../core/lint/shell/wasm';
import { EXIT_INTERNAL } from './exit-codes';
import { processIO } from './io';
import { runCli } from './run';

// The entry of dist/cli.js. Exit through exitCode, not process.exit(), so buffered output is flushed first.
keepWasmOnBaselineCompiler();
runCli(process.argv.slice(2), processIO).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    processIO.err(
      `lambda-runtime-kit: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT_INTERNAL;
  },
);
