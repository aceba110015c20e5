// Tells the user, once per configured path, that ShellCheck is enabled but cannot be found. Linting goes on
// without it, so this is a notice for the client to show with its actions, never an error.
import type { Connection } from 'vscode-languageserver/node';
import { pathDirectories, which } from '../core/executables';
import { shellcheckStatus } from '../core/lint/engine';
import type { LintOptions } from '../core/lint/types';
import { SHELLCHECK_MISSING_NOTIFICATION, type ShellcheckMissingParams } from './protocol';

/** Whether `command` (a name looked up on PATH, or a path) names an executable file. */
export async function executableExists(command: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return which(command, pathDirectories(env.PATH)) !== undefined;
}

/** After each lint of a shell bootstrap, reports what the engine met when it ran ShellCheck, once per path. */
export class ShellcheckNotice {
  private readonly told = new Set<string>();

  constructor(private readonly connection: Connection) {}

  /** Call after linting a bootstrap with `options`; does nothing when ShellCheck was not meant to run. */
  afterLint(options: LintOptions): void {
    if (!options.trusted || !options.shellcheck.enabled) return;
    const command = options.shellcheck.path;
    // The engine remembers how the last run at this path went; the user hears about each problem once.
    const status = shellcheckStatus(command);
    const key = `${status.state}\0${command}`;
    if (this.told.has(key)) return;
    if (status.state === 'missing') {
      this.told.add(key);
      this.connection.console.info(`ShellCheck (${command}) was not found; bootstraps are linted without it.`);
      const params: ShellcheckMissingParams = { path: command };
      void this.connection.sendNotification(SHELLCHECK_MISSING_NOTIFICATION, params);
    } else if (status.state === 'failed') {
      this.told.add(key);
      this.connection.console.warn(`ShellCheck (${command}) failed, so its findings are missing: ${status.message}`);
    }
  }
}
