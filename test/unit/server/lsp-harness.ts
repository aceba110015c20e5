/**
 * A minimal LSP client for the server tests: starts dist/server.js over stdio, answers the requests a real editor
 * answers (workspace/configuration, client/registerCapability), keeps the document text in step, and records what
 * the server publishes and notifies so tests can wait for it.
 */
import { execa, type ResultPromise } from 'execa';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  Diagnostic,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtFile } from '../helpers';

export interface HarnessOptions {
  /** `initializationOptions.trusted`; default true. */
  trusted?: boolean;
  /** The `lambdaRuntime.lint` section answered to workspace/configuration; change it with `setSettings`. */
  settings?: Record<string, unknown>;
}

export const RULES_DOC_URL = 'file:///extension/docs/rules.md';

/** The server bundle under test (LRK_SERVER_BUNDLE lets a developer point the tests at another build). */
function serverBundle(): string {
  return process.env.LRK_SERVER_BUNDLE ?? builtFile('server.js');
}

export class LspHarness {
  readonly connection: MessageConnection;
  /** Every publishDiagnostics, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Custom notifications and window/showMessage, in order. */
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly configurationRequests: unknown[] = [];
  private readonly documents = new Map<string, TextDocument>();
  private readonly waiters = new Set<() => void>();
  private settings: Record<string, unknown>;

  private constructor(
    private readonly server: ResultPromise,
    options: HarnessOptions,
  ) {
    this.settings = options.settings ?? {};
    if (!server.stdout || !server.stdin) throw new Error('the server has no stdio');
    this.connection = createMessageConnection(
      new StreamMessageReader(server.stdout),
      new StreamMessageWriter(server.stdin),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.wake();
    });
    this.connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      this.configurationRequests.push(params);
      return params.items.map(() => this.settings);
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.listen();
  }

  /** Starts the server and completes the initialize handshake. */
  static async start(options: HarnessOptions = {}): Promise<LspHarness> {
    const server = execa(process.execPath, [serverBundle(), '--stdio'], { reject: false, stderr: 'pipe' });
    const harness = new LspHarness(server, options);
    await harness.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
        },
        textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true } },
      },
      initializationOptions: { trusted: options.trusted ?? true, rulesDocUrl: RULES_DOC_URL },
    });
    await harness.connection.sendNotification('initialized', {});
    return harness;
  }

  /** Changes the answered settings and tells the server, as the editor does when the user edits them. */
  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async open(file: string, text: string, languageId = 'shellscript'): Promise<string> {
    const uri = pathToFileURL(file).href;
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  version(uri: string): number {
    return this.document(uri).version;
  }

  /** Replaces `range` with `newText`, sent as an incremental change. */
  async edit(uri: string, range: Range, newText: string): Promise<void> {
    const before = this.document(uri);
    const after = TextDocument.update(before, [{ range, text: newText }], before.version + 1);
    this.documents.set(uri, after);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: after.version },
      contentChanges: [{ range, text: newText }],
    });
  }

  /** Applies a code action's workspace edit as an editor would: only when its version matches the document's. */
  async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<void> {
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) throw new Error('unexpected resource operation');
      const { uri, version } = change.textDocument;
      const before = this.document(uri);
      if (version !== null && version !== before.version)
        throw new Error(`edit for version ${version}, document is at ${before.version}`);
      const text = TextDocument.applyEdits(before, change.edits as TextEdit[]);
      const after = TextDocument.update(before, [{ text }], before.version + 1);
      this.documents.set(uri, after);
      await this.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: after.version },
        contentChanges: [{ text }],
      });
    }
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics },
    });
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.connection.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  /** The latest diagnostics published for `uri` that satisfy `accept`, waiting up to `timeoutMs` for them. */
  async diagnostics(
    uri: string,
    accept: (diagnostics: Diagnostic[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    const latest = () => this.published.filter((params) => params.uri === uri).at(-1);
    await this.until(
      () => {
        const params = latest();
        return params !== undefined && accept(params.diagnostics);
      },
      timeoutMs,
      () => `diagnostics of ${uri}; the last published were ${JSON.stringify(latest()?.diagnostics)}`,
    );
    return latest()!.diagnostics;
  }

  /** Waits until `condition` holds, re-checking whenever the server sends something. */
  async until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, 250));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  /** The server's process id (bench:lint reads its CPU time). */
  get pid(): number | undefined {
    return this.server.pid;
  }

  /** Shuts the server down as an editor does; returns its exit code. */
  async stop(): Promise<number | undefined> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
    }
    const result = await this.server;
    return result.exitCode;
  }

  private document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (document === undefined) throw new Error(`${uri} is not open`);
    return document;
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }
}

/** Diagnostics with the rule id `code`. */
export function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}
