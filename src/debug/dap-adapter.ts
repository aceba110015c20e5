// The little of the Debug Adapter Protocol an inline adapter needs: requests in, responses and events out.
import * as vscode from 'vscode';

/** The protocol's message shapes, as far as this adapter uses them. */
export interface DapRequest {
  readonly seq: number;
  readonly type: 'request';
  readonly command: string;
  readonly arguments?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}
interface Message {
  readonly seq: number;
  readonly type: string;
}

/** An inline debug adapter: subclasses answer requests with `respond` and send events with `event`. */
export abstract class InlineAdapter implements vscode.DebugAdapter {
  private readonly emitter = new vscode.EventEmitter<Message>();
  private seq = 1;
  readonly onDidSendMessage = this.emitter.event;

  handleMessage(message: Message): void {
    if (message.type !== 'request') return;
    const request = message as DapRequest;
    Promise.resolve()
      .then(() => this.onRequest(request))
      .then(
        (body) => this.respond(request, true, body),
        (error: unknown) =>
          this.respond(request, false, undefined, error instanceof Error ? error.message : String(error)),
      );
  }

  /** Answers `request`; what it returns is the response body; a throw is a failed response with its message. */
  protected abstract onRequest(request: DapRequest): Promise<unknown> | unknown;

  protected respond(request: DapRequest, success: boolean, body?: unknown, message?: string): void {
    const response = {
      seq: this.seq++,
      type: 'response',
      request_seq: request.seq,
      command: request.command,
      success,
      ...(message !== undefined ? { message, body: { error: { id: 1, format: message, showUser: true } } } : {}),
      ...(body !== undefined && success ? { body } : {}),
    };
    this.emitter.fire(response);
  }

  protected event(event: string, body?: unknown): void {
    const message = { seq: this.seq++, type: 'event', event, ...(body !== undefined ? { body } : {}) };
    this.emitter.fire(message);
  }

  /** A line (or lines) in the Debug Console. */
  protected output(text: string, category: 'console' | 'stdout' | 'stderr' | 'important' = 'console'): void {
    this.event('output', { category, output: text.endsWith('\n') ? text : `${text}\n` });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
