import { createConnection, ProposedFeatures, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../core/product';

// The language server runs in its own process (dist/server.js) so that parsing and linting never block the
// extension host. The transport (--stdio, --node-ipc, --socket) comes from the command line.
const connection = createConnection(ProposedFeatures.all);

connection.onInitialize(() => ({
  serverInfo: { name: PRODUCT_NAME, version: PRODUCT_VERSION },
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
  },
}));

connection.listen();
