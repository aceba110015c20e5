// The language server runs in its own process (dist/server.js) so that parsing and linting never block the
// extension host. The transport (--stdio, --node-ipc, --socket) comes from the command line.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { keepWasmOnBaselineCompiler, warmUpShellParser } from '../core/lint/engine';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../core/product';
import { applyFileOperations } from './apply-command';
import { codeActions } from './code-actions';
import { DocumentLinter } from './linter';
import { APPLY_FILE_OPERATIONS_COMMAND, type InitializationOptions, TRUST_GRANTED_NOTIFICATION } from './protocol';
import { SettingsStore } from './settings';
import { ShellcheckNotice } from './shellcheck-notice';

/**
 * How long typing must pause before a document is linted again. Short, because a lint takes a few
 * milliseconds (see `npm run bench:lint`); long enough that a burst of keystrokes costs one lint.
 */
const EDIT_DEBOUNCE_MS = 100;
/** Project files (Dockerfile, template, .gitattributes) changed: every open document may be affected. */
const PROJECT_CHANGE_DELAY_MS = 200;

keepWasmOnBaselineCompiler();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let linter: DocumentLinter | undefined;
let settings: SettingsStore | undefined;
let canRegisterConfiguration = false;
let documentChanges = false;
let rulesDocUrl: string | undefined;

connection.onInitialize((params) => {
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  const workspace = params.capabilities.workspace;
  canRegisterConfiguration = workspace?.didChangeConfiguration?.dynamicRegistration === true;
  documentChanges = workspace?.workspaceEdit?.documentChanges === true;
  rulesDocUrl = typeof options.rulesDocUrl === 'string' ? options.rulesDocUrl : bundledRulesDoc();
  // An editor that says nothing about trust is a plain LSP client: it trusts the workspace it opened.
  settings = new SettingsStore(connection, workspace?.configuration === true, options.trusted !== false);
  linter = new DocumentLinter({
    connection,
    documents,
    settings,
    shellcheckNotice: new ShellcheckNotice(connection),
    rulesDocUrl,
  });
  return {
    serverInfo: { name: PRODUCT_NAME, version: PRODUCT_VERSION },
    capabilities: {
      textDocumentSync: {
        openClose: true,
        change: TextDocumentSyncKind.Incremental,
        save: { includeText: false },
      },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [APPLY_FILE_OPERATIONS_COMMAND] },
    },
  };
});

connection.onInitialized(() => {
  // Loading the WebAssembly parser takes a moment; done now, the first bootstrap opened does not wait for it.
  warmUpShellParser().catch((error: unknown) =>
    connection.console.error(`The shell parser could not be loaded: ${error instanceof Error ? error.message : error}`),
  );
  // The client then tells us when `lambdaRuntime.*` settings change; the values are pulled per document.
  if (canRegisterConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'lambdaRuntime' });
  }
});

connection.onDidChangeConfiguration((change) => {
  settings?.changed(change.settings);
  linter?.scheduleAll(0);
});

connection.onNotification(TRUST_GRANTED_NOTIFICATION, () => {
  settings?.grantTrust();
  linter?.scheduleAll(0);
});

connection.onDidChangeWatchedFiles(() => linter?.scheduleAll(PROJECT_CHANGE_DELAY_MS));

const justOpened = new Set<string>();
documents.onDidOpen(({ document }) => {
  justOpened.add(document.uri);
  linter?.schedule(document.uri, 0);
});
documents.onDidChangeContent(({ document }) => {
  // Opening fires a content change too; the open already scheduled an immediate lint.
  if (justOpened.delete(document.uri)) return;
  linter?.schedule(document.uri, EDIT_DEBOUNCE_MS);
  linter?.scheduleRelated(document.uri, EDIT_DEBOUNCE_MS);
});
// After a save the disk holds the editor's text, so the bytes-level rules (BOM, encoding) see the real file.
documents.onDidSave(({ document }) => {
  linter?.schedule(document.uri, 0);
  linter?.scheduleRelated(document.uri, 0);
});
documents.onDidClose(({ document }) => {
  justOpened.delete(document.uri);
  linter?.closed(document.uri);
});

connection.onCodeAction((params) =>
  codeActions(params, linter?.results.get(params.textDocument.uri), {
    currentVersion: documents.get(params.textDocument.uri)?.version,
    text: documents.get(params.textDocument.uri)?.getText(),
    rulesDocUrl,
    documentChanges,
  }),
);

connection.onExecuteCommand(async (params) => {
  if (params.command !== APPLY_FILE_OPERATIONS_COMMAND || linter === undefined || settings === undefined) return null;
  return applyFileOperations(connection, linter, settings.trusted, params.arguments?.[0]);
});

connection.onShutdown(() => linter?.dispose());

documents.listen(connection);
connection.listen();

/** docs/rules.md of the installed extension, next to dist/ where this bundle lives. */
function bundledRulesDoc(): string | undefined {
  if (typeof __dirname !== 'string') return undefined;
  return pathToFileURL(path.join(__dirname, '..', 'docs', 'rules.md')).href;
}
