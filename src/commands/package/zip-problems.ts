// Problems on deployment zips. A zip is no text document, so the language server never sees it: the extension
// checks it with the same engine as `lambda-runtime-kit lint` and keeps its findings in a collection of its own,
// refreshed when the zip changes on disk and cleared when it is deleted. Watched are the zips the user checked or
// built, and those a workspace template names as a function's CodeUri or a layer's ContentUri.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { lintZipFile } from '../../core/lint/engine';
import type { Finding, RuleSettings, Severity } from '../../core/lint/types';
import { findLintTargets } from '../../core/project';
import { lintOptionsFromSettings } from '../../core/settings';

const SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};
/** Writes come in bursts (a zip tool appends, then rewrites the central directory): check once it is quiet. */
const SETTLE_MS = 300;
/** Templates read at start-up to find the zips they deploy (a guard for huge workspaces). */
const MAX_TEMPLATES = 50;

/** How a zip is checked: by default as `lint` checks it (against the template that deploys it, if any). */
export type ZipChecker = (file: string, rules: RuleSettings) => Promise<Finding[]>;

/** The zips' findings in Problems, kept fresh; one per extension. */
export class ZipProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('lambdaRuntime.zip');
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Zips checked otherwise than lint would (a built zip, against the target it was built for). */
  private readonly checkers = new Map<string, ZipChecker>();
  private readonly templateWatcher: vscode.FileSystemWatcher;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.templateWatcher = vscode.workspace.createFileSystemWatcher('**/template.{yaml,yml}', false, false, true);
    this.disposables.push(
      this.templateWatcher,
      this.templateWatcher.onDidCreate((uri) => void this.watchTemplate(uri)),
      this.templateWatcher.onDidChange((uri) => void this.watchTemplate(uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('lambdaRuntime.lint'))
          for (const file of this.watchers.keys()) this.schedule(file);
      }),
    );
  }

  /** Finds the templates of the workspace and watches (and checks) the zips they deploy. */
  async watchWorkspaceTemplates(): Promise<void> {
    const templates = await vscode.workspace.findFiles(
      '**/template.{yaml,yml}',
      '**/{node_modules,.git,.aws-sam}/**',
      MAX_TEMPLATES,
    );
    for (const template of templates) await this.watchTemplate(template);
  }

  /**
   * Checks the zip `file` now (with `checker` when given, then and on every change), shows its findings on it, and
   * watches it from then on. Rejects with a sentence when it cannot be read.
   */
  async check(file: string, checker?: ZipChecker): Promise<Finding[]> {
    if (checker !== undefined) this.checkers.set(file, checker);
    this.watch(file);
    return this.refresh(file, true);
  }

  /** Starts watching `file` (its findings are refreshed on change, cleared on deletion). */
  watch(file: string): void {
    if (this.watchers.has(file)) return;
    const pattern = new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file));
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const subscriptions = [
      watcher,
      watcher.onDidCreate(() => this.schedule(file)),
      watcher.onDidChange(() => this.schedule(file)),
      watcher.onDidDelete(() => {
        this.collection.delete(vscode.Uri.file(file));
        // A check under way may finish after the deletion: the scheduled one finds no file and clears again.
        this.schedule(file);
      }),
    ];
    this.watchers.set(file, vscode.Disposable.from(...subscriptions));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const watcher of this.watchers.values()) watcher.dispose();
    for (const disposable of this.disposables) disposable.dispose();
    this.collection.dispose();
  }

  private async watchTemplate(template: vscode.Uri): Promise<void> {
    try {
      const targets = await findLintTargets([template.fsPath]);
      for (const target of targets) {
        if (target.kind !== 'zip' || this.watchers.has(target.file)) continue;
        this.watch(target.file);
        this.schedule(target.file);
      }
    } catch (error) {
      this.log.warn(`Zips of ${template.fsPath} not watched: ${(error as Error).message}`);
    }
  }

  private schedule(file: string): void {
    this.cancel(file);
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        this.refresh(file, false).catch(() => undefined);
      }, SETTLE_MS),
    );
  }

  private cancel(file: string): void {
    const timer = this.timers.get(file);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(file);
  }

  private async refresh(file: string, rejectUnreadable: boolean): Promise<Finding[]> {
    const uri = vscode.Uri.file(file);
    const settings = lintOptionsFromSettings(
      vscode.workspace.getConfiguration('lambdaRuntime').get('lint'),
      vscode.workspace.isTrusted,
    );
    if (!settings.enabled) {
      this.collection.delete(uri);
      return [];
    }
    if (!(await isFile(file))) {
      this.collection.delete(uri);
      return [];
    }
    const checker = this.checkers.get(file);
    let findings: Finding[];
    try {
      findings = checker === undefined ? await lintZipFile(file, settings) : await checker(file, settings.rules);
    } catch (error) {
      this.collection.delete(uri);
      if (!rejectUnreadable && !(await isFile(file))) return [];
      const message = `${path.basename(file)} cannot be checked: ${(error as Error).message}`;
      if (rejectUnreadable) throw new Error(message);
      this.log.warn(message);
      return [];
    }
    if (!(await isFile(file))) {
      this.collection.delete(uri);
      return [];
    }
    this.collection.set(
      uri,
      findings.map((finding) => this.toDiagnostic(finding)),
    );
    return findings;
  }

  private toDiagnostic(finding: Finding): vscode.Diagnostic {
    const range = new vscode.Range(
      finding.range.start.line,
      finding.range.start.character,
      finding.range.end.line,
      finding.range.end.character,
    );
    const diagnostic = new vscode.Diagnostic(
      range,
      finding.message,
      SEVERITY[finding.severity] ?? vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = finding.source;
    const rules = vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules.md');
    diagnostic.code = { value: finding.code, target: rules.with({ fragment: finding.code }) };
    return diagnostic;
  }
}

const instances = new WeakMap<vscode.ExtensionContext, ZipProblems>();

/** The extension's ZipProblems, made on first use and disposed of with the extension. */
export function zipProblems(extension: vscode.ExtensionContext, log: vscode.LogOutputChannel): ZipProblems {
  let problems = instances.get(extension);
  if (problems === undefined) {
    problems = new ZipProblems(extension.extensionUri, log);
    instances.set(extension, problems);
    extension.subscriptions.push(problems);
  }
  return problems;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}
