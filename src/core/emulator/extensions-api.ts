// The Extensions API as far as a local run needs it: registration accepted, event/next held until shutdown.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-util';

export class ExtensionsApi {
  private readonly registered = new Set<string>();
  private readonly waiting = new Set<ServerResponse>();

  constructor(private readonly describe: () => { functionName: string; handler: string }) {}

  /** Whether every registered extension is waiting in event/next (the condition for init to end). */
  get allWaiting(): boolean {
    return this.waiting.size >= this.registered.size;
  }

  /** `POST /2020-01-01/extension/register`: allowed while the environment initializes, as in Lambda. */
  register(req: IncomingMessage, res: ServerResponse, initializing: boolean): void {
    req.resume();
    const name = req.headers['lambda-extension-name'];
    if (!name) {
      return sendJson(res, 403, { errorMessage: 'Empty extension name', errorType: 'Extension.InvalidExtensionName' });
    }
    if (!initializing) {
      return sendJson(res, 403, {
        errorMessage: 'Extension registration closed already',
        errorType: 'Extension.RegistrationClosed',
      });
    }
    const id = randomUUID();
    this.registered.add(id);
    const { functionName, handler } = this.describe();
    sendJson(res, 200, { functionName, functionVersion: '$LATEST', handler }, { 'Lambda-Extension-Identifier': id });
  }

  /** `GET /2020-01-01/extension/event/next`: no INVOKE events are sent; the call is answered with SHUTDOWN at the end. */
  next(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (!this.checkIdentifier(req, res)) return;
    this.waiting.add(res);
    res.on('close', () => this.waiting.delete(res));
  }

  /** `POST /2020-01-01/extension/init/error` and `/exit/error`. */
  error(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (!this.checkIdentifier(req, res)) return;
    sendJson(res, 202, { status: 'OK' });
  }

  /** Sends SHUTDOWN to every extension waiting for an event; returns how many were. */
  shutdown(reason: 'spindown' | 'timeout' | 'failure', graceMs: number): number {
    const count = this.waiting.size;
    for (const res of this.waiting) {
      sendJson(
        res,
        200,
        { eventType: 'SHUTDOWN', shutdownReason: reason, deadlineMs: Date.now() + graceMs },
        { 'Lambda-Extension-Event-Identifier': randomUUID() },
      );
    }
    this.waiting.clear();
    return count;
  }

  private checkIdentifier(req: IncomingMessage, res: ServerResponse): boolean {
    const id = req.headers['lambda-extension-identifier'];
    if (!id) {
      sendJson(res, 403, {
        errorMessage: 'Missing Lambda-Extension-Identifier header',
        errorType: 'Extension.MissingExtensionIdentifier',
      });
      return false;
    }
    if (typeof id !== 'string' || !this.registered.has(id)) {
      sendJson(res, 403, {
        errorMessage: 'Invalid Lambda-Extension-Identifier',
        errorType: 'Extension.InvalidExtensionIdentifier',
      });
      return false;
    }
    return true;
  }
}
