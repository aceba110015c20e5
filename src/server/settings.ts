// The lint settings of each document, pulled from the client per resource (a folder may override the user's
// settings) and cached until the client says they changed. Workspace trust is folded in here, because it decides
// what the engine may run: untrusted means no ShellCheck and no git.
import type { Connection } from 'vscode-languageserver/node';
import type { LintOptions } from '../core/lint/types';
import { lintOptionsFromSettings } from '../core/settings';
import { LINT_SETTINGS_SECTION } from './protocol';

export type DocumentSettings = LintOptions & { readonly enabled: boolean };

/** Settings per document URI, pulled with `workspace/configuration` when the client supports it. */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<DocumentSettings>>();
  /** Settings pushed with didChangeConfiguration, for clients that cannot be asked per resource. */
  private pushed: unknown = undefined;
  private trustedNow: boolean;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
    trusted: boolean,
  ) {
    this.trustedNow = trusted;
  }

  get trusted(): boolean {
    return this.trustedNow;
  }

  /** The user granted trust: ShellCheck and git may run from now on. */
  grantTrust(): void {
    this.trustedNow = true;
    this.cache.clear();
  }

  /** Forgets every cached value; `settings` is what a pushing client sent (`{ lambdaRuntime: { lint: ... } }`). */
  changed(settings: unknown): void {
    this.cache.clear();
    const lint = pick(pick(settings, 'lambdaRuntime'), 'lint');
    if (lint !== undefined) this.pushed = lint;
  }

  /** The settings that apply to the document at `uri`. */
  for(uri: string): Promise<DocumentSettings> {
    let settings = this.cache.get(uri);
    if (settings === undefined) {
      settings = this.pull(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  private async pull(uri: string): Promise<DocumentSettings> {
    let section = this.pushed;
    if (this.canPull) {
      try {
        section = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: LINT_SETTINGS_SECTION });
      } catch (error) {
        // The defaults still lint usefully; say why the user's settings were not used.
        this.connection.console.warn(`Could not read the ${LINT_SETTINGS_SECTION} settings: ${String(error)}`);
        this.cache.delete(uri);
      }
    }
    return lintOptionsFromSettings(section, this.trustedNow);
  }
}

function pick(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
