// Lints open documents and publishes their diagnostics: one lint at a time per document, edits debounced,
// results dropped when the document changed while they were computed. Keeps each document's last findings,
// which the code actions turn into quick fixes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { performance } from 'node:perf_hooks';
import { classifyFile, type FileKind, lintDocument, lintSourcedFile, readLintDocument } from '../core/lint/engine';
import type { Finding } from '../core/lint/types';
import { toDiagnostic } from './diagnostics';
import { documentBytes } from './document-bytes';
import { ModeWatcher } from './mode-watcher';
import type { DocumentSettings, SettingsStore } from './settings';
import type { ShellcheckNotice } from './shellcheck-notice';

/** The findings published for a document, and the version of the document they were computed on. */
export interface LintResult {
  readonly version: number;
  readonly findings: readonly Finding[];
}

export interface LinterOptions {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly settings: SettingsStore;
  readonly shellcheckNotice: ShellcheckNotice;
  readonly rulesDocUrl: string | undefined;
}

/** Schedules, runs and publishes the lints of the open documents. */
export class DocumentLinter {
  /** Last published findings per document URI. */
  readonly results = new Map<string, LintResult>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();
  /** Files watched for mode changes, per document URI (bootstraps only). */
  private readonly watched = new Map<string, string>();
  private readonly modeWatcher: ModeWatcher;
  /** Documents whose lint with ShellCheck took longer than SLOW_LINT_MS: they are linted in two steps. */
  private readonly slowShellcheck = new Set<string>();
  private readonly shellchecking = new Set<string>();
  private readonly shellcheckAgain = new Set<string>();

  constructor(private readonly options: LinterOptions) {
    this.modeWatcher = new ModeWatcher((file) => {
      for (const [uri, watchedFile] of this.watched) if (watchedFile === file) this.schedule(uri, MODE_CHANGE_DELAY_MS);
    });
  }

  /** Lints the document at `uri` after `delayMs`, replacing a lint scheduled earlier and not yet started. */
  schedule(uri: string, delayMs: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.lintNow(uri);
      }, delayMs),
    );
  }

  /** Schedules every open document (settings, trust or a project file changed). */
  scheduleAll(delayMs: number): void {
    for (const document of this.options.documents.all()) this.schedule(document.uri, delayMs);
  }

  /** Lints every open document now; resolves once all are published. */
  async lintAll(): Promise<void> {
    await Promise.all(this.options.documents.all().map((document) => this.lintNow(document.uri)));
  }

  /**
   * Lints `uri` once the lint in progress, if any, has finished; requests made while one waits share it,
   * so a burst of triggers costs at most one lint more.
   */
  lintNow(uri: string): Promise<void> {
    const waiting = this.queued.get(uri);
    if (waiting !== undefined) return waiting;
    const previous = this.running.get(uri) ?? Promise.resolve();
    const next = previous
      .then(() => {
        this.queued.delete(uri);
        return this.lint(uri);
      })
      .catch((error: unknown) => {
        this.options.connection.console.error(`Linting ${uri} failed: ${error instanceof Error ? error.stack : error}`);
      });
    this.queued.set(uri, next);
    this.running.set(uri, next);
    void next.finally(() => {
      if (this.running.get(uri) === next) this.running.delete(uri);
    });
    return next;
  }

  /** The document was closed: its diagnostics go, and so does its watch. */
  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.unwatch(uri);
    this.results.delete(uri);
    this.slowShellcheck.delete(uri);
    this.shellcheckAgain.delete(uri);
    this.options.settings.forget(uri);
    void this.options.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.modeWatcher.dispose();
  }

  private async lint(uri: string): Promise<void> {
    const { documents, settings: store } = this.options;
    const document = documents.get(uri);
    const file = document === undefined ? undefined : filePath(uri);
    if (document === undefined || file === undefined) return;
    const version = document.version;
    const settings = await store.for(uri);
    const kind = settings.enabled ? await classifyFile(file) : 'other';
    if (kind === 'bootstrap') this.watch(uri, file);
    else this.unwatch(uri);
    // A script that a bootstrap sources gets the findings inside it from linting that bootstrap.
    if (kind === 'other') {
      const sourced = settings.enabled && mayBeSourced(file) ? await this.sourcedFindings(file, settings) : [];
      return this.publish(uri, version, sourced);
    }
    const withShellcheck = kind === 'bootstrap' && settings.trusted && settings.shellcheck.enabled;
    if (withShellcheck && this.slowShellcheck.has(uri)) {
      // ShellCheck takes long on this file: our findings now, ShellCheck's when it is done (see runShellcheck).
      const quick = { ...settings, shellcheck: { ...settings.shellcheck, enabled: false } };
      await this.publish(uri, version, await this.findings(file, document.getText(), quick, kind));
      this.runShellcheck(uri);
      return;
    }
    const started = performance.now();
    const findings = await this.findings(file, document.getText(), settings, kind);
    if (withShellcheck) this.noteShellcheckTime(uri, performance.now() - started, settings);
    await this.publish(uri, version, findings);
  }

  private async findings(file: string, text: string, settings: DocumentSettings, kind: FileKind): Promise<Finding[]> {
    const lintDoc = await documentBytes(file, text);
    // The engine reports on the file it was given; the findings in the files a bootstrap sources are published
    // when those files are open (see sourcedFindings).
    const options = { ...settings, openText: this.openText };
    return (await lintDocument(lintDoc, options, kind)).filter((finding) => samePath(finding.file, file));
  }

  private async sourcedFindings(file: string, settings: DocumentSettings): Promise<Finding[]> {
    const read = (bootstrap: string) => {
      const text = this.openText(bootstrap);
      return text === undefined ? readLintDocument(bootstrap) : documentBytes(bootstrap, text);
    };
    return lintSourcedFile(file, { ...settings, openText: this.openText }, read);
  }

  /** The editor's text of an open file, which the files a bootstrap sources are read from before the disk. */
  private readonly openText = (file: string): string | undefined => {
    const resolved = path.resolve(file);
    for (const document of this.options.documents.all()) {
      const open = filePath(document.uri);
      if (open !== undefined && path.resolve(open) === resolved) return document.getText();
    }
    return undefined;
  };

  /**
   * The text of `uri` changed: the documents whose findings depend on it are linted again too. A bootstrap's
   * findings depend on the files it sources, and theirs on the bootstrap (both searched as lintSourcedFile does).
   */
  scheduleRelated(uri: string, delayMs: number): void {
    const file = filePath(uri);
    if (file === undefined) return;
    const isBootstrap = this.watched.has(uri);
    for (const document of this.options.documents.all()) {
      const other = filePath(document.uri);
      if (document.uri === uri || other === undefined) continue;
      const otherIsBootstrap = this.watched.has(document.uri);
      const related = isBootstrap
        ? !otherIsBootstrap && isWithin(other, path.dirname(file))
        : otherIsBootstrap && isWithin(file, path.dirname(other));
      if (related) this.schedule(document.uri, delayMs);
    }
  }

  private async publish(uri: string, version: number, findings: Finding[]): Promise<void> {
    // Typing went on while this ran: the newer text has its own lint scheduled, so these results are stale.
    if (this.options.documents.get(uri)?.version !== version) return;
    this.results.set(uri, { version, findings });
    const diagnostics = findings.map((finding) => toDiagnostic(finding, this.options.rulesDocUrl));
    await this.options.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private noteShellcheckTime(uri: string, elapsedMs: number, settings: DocumentSettings): void {
    this.options.shellcheckNotice.afterLint(settings);
    if (elapsedMs > SLOW_LINT_MS) this.slowShellcheck.add(uri);
    else this.slowShellcheck.delete(uri);
  }

  /**
   * The full lint, ShellCheck included, of a document whose quick findings are already published. One at a time
   * per document: a request made while one runs is served by one more run on the then latest text.
   */
  private runShellcheck(uri: string): void {
    if (this.shellchecking.has(uri)) {
      this.shellcheckAgain.add(uri);
      return;
    }
    this.shellchecking.add(uri);
    const run = async () => {
      const document = this.options.documents.get(uri);
      const file = filePath(uri);
      if (document === undefined || file === undefined) return;
      const version = document.version;
      const settings = await this.options.settings.for(uri);
      const started = performance.now();
      const findings = await this.findings(file, document.getText(), settings, 'bootstrap');
      this.noteShellcheckTime(uri, performance.now() - started, settings);
      await this.publish(uri, version, findings);
    };
    void run()
      .catch((error: unknown) => {
        this.options.connection.console.error(`Linting ${uri} failed: ${error instanceof Error ? error.stack : error}`);
      })
      .finally(() => {
        this.shellchecking.delete(uri);
        if (this.shellcheckAgain.delete(uri) && this.options.documents.get(uri) !== undefined) this.runShellcheck(uri);
      });
  }

  private watch(uri: string, file: string): void {
    if (this.watched.get(uri) === file) return;
    this.unwatch(uri);
    this.watched.set(uri, file);
    this.modeWatcher.add(file);
  }

  private unwatch(uri: string): void {
    const file = this.watched.get(uri);
    if (file === undefined) return;
    this.watched.delete(uri);
    this.modeWatcher.remove(file);
  }
}

/**
 * A lint with ShellCheck slower than this (ShellCheck takes about 2 s on 5,000 lines) would hold back every
 * diagnostic while typing, so such documents get our findings first and ShellCheck's when it has finished.
 */
const SLOW_LINT_MS = 400;

/** A chmod often comes with other events on the same file (an editor saving); one lint shortly after covers them. */
const MODE_CHANGE_DELAY_MS = 50;

/** The local path of a `file:` URI; undefined for other schemes (untitled, git...), which are not linted. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Names of files a bootstrap may source: shell scripts and libraries, and files without an extension. */
const SOURCED_NAME = /^[^.]+$|\.(sh|bash|ksh|inc|lib|env|conf|cfg)$/i;

/** Whether `file` may be a script a bootstrap sources (others are not worth linting the bootstraps around them). */
function mayBeSourced(file: string): boolean {
  return SOURCED_NAME.test(path.basename(file));
}

/** Whether `file` is inside `folder` (at any depth). */
function isWithin(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}
