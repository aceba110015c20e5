// Starts the language server (dist/server.js, its own process, over IPC) and connects it to the editor.
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { PRODUCT_DISPLAY_NAME } from '../core/product';
import { type InitializationOptions, TRUST_GRANTED_NOTIFICATION } from '../server/protocol';
import { middleware } from './middleware';
import { handleServerNotices } from './notices';
import { DOCUMENT_SELECTOR, PROJECT_FILES_GLOB } from './selector';

/** The client id: `lambdaRuntime.trace.server` is read by this name. */
export const CLIENT_ID = 'lambdaRuntime';

let running: LanguageClient | undefined;

/**
 * Starts the language client; resolves once the server has answered `initialize`. A server that fails to start
 * is logged, not thrown: the rest of the extension works without diagnostics.
 */
export async function startLanguageClient(
  extension: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<LanguageClient | undefined> {
  const module = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'server.js').fsPath;
  // No --inspect in debug mode: a fixed port would clash between windows; attach by process id when needed.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(PROJECT_FILES_GLOB);
  extension.subscriptions.push(watcher);
  const initializationOptions: InitializationOptions = {
    trusted: vscode.workspace.isTrusted,
    rulesDocUrl: vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules.md').toString(),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: log,
    initializationOptions,
    synchronize: { fileEvents: watcher },
    middleware,
  };
  const client = new LanguageClient(CLIENT_ID, PRODUCT_DISPLAY_NAME, serverOptions, clientOptions);
  extension.subscriptions.push(
    handleServerNotices(client, log),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client.sendNotification(TRUST_GRANTED_NOTIFICATION).catch((error: unknown) => log.error(String(error)));
    }),
  );
  try {
    await client.start();
  } catch (error) {
    log.error(
      `The Lambda Runtime Kit language server did not start: ${error instanceof Error ? error.message : error}`,
    );
    return undefined;
  }
  running = client;
  return client;
}

/** Stops the language server; the editor waits for this on deactivation. */
export async function stopLanguageClient(): Promise<void> {
  const client = running;
  running = undefined;
  if (client?.isRunning()) await client.stop();
}
