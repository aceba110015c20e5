// `npm run vscode:install`: put the offline VS Code into its cache (CI does this before `npm test`).
import { ensureCodeServer } from './code-server';

ensureCodeServer().then(
  (entry) => console.log(`code-server ready: ${entry}`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
