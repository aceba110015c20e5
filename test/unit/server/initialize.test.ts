import { execa } from 'execa';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { builtFile, manifest } from '../helpers';

it('dist/server.js speaks the Language Server Protocol over stdio and exits on request', async () => {
  const server = execa(process.execPath, [process.env.LRK_SERVER_BUNDLE ?? builtFile('server.js'), '--stdio'], {
    reject: false,
    stderr: 'pipe',
  });
  assert.ok(server.stdout && server.stdin);
  const connection = createMessageConnection(
    new StreamMessageReader(server.stdout),
    new StreamMessageWriter(server.stdin),
  );
  connection.listen();
  try {
    const result = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    })) as {
      serverInfo?: { name: string; version: string };
      capabilities: {
        textDocumentSync?: { openClose?: boolean; change?: number; save?: unknown };
        codeActionProvider?: { codeActionKinds?: string[] };
        executeCommandProvider?: { commands: string[] };
      };
    };
    assert.deepEqual(result.serverInfo, { name: 'lambda-runtime-kit', version: manifest.version });
    const sync = result.capabilities.textDocumentSync;
    assert.equal(sync?.change, 2, 'incremental document sync');
    assert.equal(sync?.openClose, true);
    assert.ok(sync?.save, 'the server lints again on save');
    assert.deepEqual(result.capabilities.codeActionProvider?.codeActionKinds, ['quickfix']);
    assert.deepEqual(result.capabilities.executeCommandProvider?.commands, ['lambdaRuntime.applyFileOperations']);
    await connection.sendNotification('initialized', {});
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
  } finally {
    connection.dispose();
  }
  const { exitCode } = await server;
  assert.equal(exitCode, 0, 'the server exits with 0 after shutdown and exit');
});
