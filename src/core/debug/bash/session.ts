// The bash debug adapter: the Debug Adapter Protocol on one side (@vscode/debugadapter), the runtime's bash
// processes on the other (each a ProcessLink, each a thread). The editor runs it inline in the extension host;
// the unit tests run it as a server for DebugClient.
import path from 'node:path';
import {
  DebugSession,
  Handles,
  InitializedEvent,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
  ThreadEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { BreakpointStore, hitConditionMet } from './breakpoints';
import type { BashVariable } from './declare-parser';
import { evaluationCode, logMessageCode, simpleName, unquoteValue } from './evaluate';
import type { ProcessLink, StopReport } from './process-link';
import type { BashDebugServer, ProcessSink } from './server';
import { ProcessVariables, type ScopeName } from './variables';

export interface BashAttachArguments extends DebugProtocol.AttachRequestArguments {
  /** Stop at the bootstrap's first command. */
  stopOnEntry?: boolean;
  /** How long to wait for the runtime's bash to connect (ms); 30 s by default. */
  connectTimeout?: number;
}

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: 'errexit',
    label: 'Command fails under set -e',
    description:
      'Stop where a failing command is about to end the runtime (set -e): Lambda would answer Runtime.ExitError.',
    default: true,
  },
  {
    filter: 'failure',
    label: 'Any failing command',
    description: 'Stop on every command that fails outside a condition, with or without set -e.',
    default: false,
  },
];

type Mode = { kind: '' | 'in' | 'over' | 'out' | 'pause'; depth: number; pid: number };
type VariableRef =
  | { kind: 'scope'; pid: number; frame: number; scope: ScopeName }
  | { kind: 'array'; pid: number; variable: BashVariable };

export class BashDebugSession extends DebugSession implements ProcessSink {
  private main: ProcessLink | undefined;
  private readonly links = new Map<number, ProcessLink>();
  private readonly variables = new Map<number, ProcessVariables>();
  private readonly breakpoints: BreakpointStore;
  private exceptionFilters = 'e';
  private mode: Mode = { kind: '', depth: 0, pid: 0 };
  private readonly frames = new Handles<{ pid: number; index: number }>();
  private readonly refs = new Handles<VariableRef>();
  private markConfigured!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.markConfigured = resolve));
  private entryPending = false;
  private detached = false;
  private unregister: (() => void) | undefined;

  constructor(private readonly server: BashDebugServer) {
    super();
    this.breakpoints = new BreakpointStore(server.pathMappings);
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsExceptionInfoRequest: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override attachRequest(response: DebugProtocol.AttachResponse, args: BashAttachArguments): void {
    this.entryPending = args.stopOnEntry === true;
    this.sendResponse(response);
    this.server.nextMain(args.connectTimeout ?? 30_000).then(
      (link) => void this.adoptMain(link),
      (error: Error) => {
        this.say(`${error.message}\n`, 'stderr');
        this.sendEvent(new TerminatedEvent());
      },
    );
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.markConfigured();
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    const file = args.source.path;
    response.body = { breakpoints: file ? this.breakpoints.set(file, args.breakpoints ?? []) : [] };
    this.sendResponse(response);
    this.stateChanged('table');
  }

  protected override setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    const filters = args.filters ?? [];
    this.exceptionFilters = (filters.includes('errexit') ? 'e' : '') + (filters.includes('failure') ? 'a' : '');
    this.sendResponse(response);
    this.stateChanged('ex');
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [...this.links.values()].map((link) => new Thread(link.pid, threadName(link))) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    const link = this.links.get(args.threadId);
    const report = link?.stopped;
    const frames = report?.frames ?? [];
    const start = args.startFrame ?? 0;
    const count = args.levels ? Math.min(args.levels, frames.length - start) : frames.length - start;
    response.body = {
      totalFrames: frames.length,
      stackFrames: frames.slice(start, start + Math.max(count, 0)).map((frame, offset) => {
        const index = start + offset;
        const real = this.breakpoints.resolve(frame.file, report!.pwd);
        const shown = this.breakpoints.editorPath(real);
        return new StackFrame(
          this.frames.create({ pid: args.threadId, index }),
          frameName(frame.name, shown),
          new Source(path.basename(shown), shown),
          frame.line,
          1,
        );
      }),
    };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const { pid, index } = this.frames.get(args.frameId, { pid: 0, index: 0 });
    const frame = this.links.get(pid)?.stopped?.frames[index];
    const scope = (name: string, scope: ScopeName, expensive = false) =>
      Object.assign(new Scope(name, this.refs.create({ kind: 'scope', pid, frame: index, scope }), expensive), {
        presentationHint: scope === 'locals' ? 'locals' : undefined,
      });
    const inFunction = frame !== undefined && frame.name !== 'main' && frame.name !== 'source';
    response.body = {
      scopes: [
        ...(inFunction && index === 0 ? [scope('Locals', 'locals')] : []),
        scope('Globals', 'globals'),
        scope('Environment', 'environment'),
        scope('Shell', 'shell', true),
      ],
    };
    this.sendResponse(response);
  }

  protected override async variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): Promise<void> {
    const ref = this.refs.get(args.variablesReference);
    try {
      if (!ref) throw new Error('These variables are no longer available.');
      if (ref.kind === 'array') {
        response.body = {
          variables: (ref.variable.entries ?? []).map(([key, value]) => ({
            name: `[${key}]`,
            value,
            evaluateName: `\${${ref.variable.name}[${key}]}`,
            variablesReference: 0,
          })),
        };
      } else {
        const list = await this.processVariables(ref.pid).scope(ref.scope, ref.frame === 0);
        response.body = { variables: list.map((variable) => this.toDap(ref.pid, variable)) };
      }
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, 1, (error as Error).message);
    }
  }

  protected override async setVariableRequest(
    response: DebugProtocol.SetVariableResponse,
    args: DebugProtocol.SetVariableArguments,
  ): Promise<void> {
    const ref = this.refs.get(args.variablesReference);
    const link = ref ? this.links.get(ref.pid) : undefined;
    if (!ref || !link?.stopped) {
      this.sendErrorResponse(response, 1, 'Set Value needs the bash process to be stopped.');
      return;
    }
    const target = ref.kind === 'array' ? `${ref.variable.name}${args.name}` : args.name;
    const value = unquoteValue(args.value);
    const answer = await link.request('set', [target, value], 'result').catch((error: Error) => error);
    if (answer instanceof Error || answer.fields[0] !== '0') {
      const why = answer instanceof Error ? answer.message : answer.fields[1].trim();
      this.sendErrorResponse(response, 1, `Cannot set ${target}: ${why}`);
      return;
    }
    this.variables.delete(ref.pid);
    response.body = { value };
    this.sendResponse(response);
  }

  protected override async evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): Promise<void> {
    const pid = args.frameId !== undefined ? this.frames.get(args.frameId)?.pid : undefined;
    const link =
      (pid !== undefined ? this.links.get(pid) : undefined) ??
      [...this.links.values()].find((candidate) => candidate.stopped);
    if (!link?.stopped) {
      this.sendErrorResponse(response, 1, 'Evaluate needs a stopped bash process.');
      return;
    }
    const expression = args.expression.trim();
    const name = simpleName(expression);
    if (name) {
      const topFrame = (pid !== undefined ? this.frames.get(args.frameId!)?.index : 0) === 0;
      const variable = await this.processVariables(link.pid).find(name, topFrame);
      if (variable) {
        const shown = this.toDap(link.pid, variable);
        response.body = { result: shown.value, variablesReference: shown.variablesReference, type: shown.type };
        this.sendResponse(response);
        return;
      }
      if (args.context !== 'repl' || expression.startsWith('$')) {
        this.sendErrorResponse(response, 1, `${name} is not set`);
        return;
      }
    }
    const answer = await link.request('eval', [evaluationCode(expression)], 'result').catch((error: Error) => error);
    if (answer instanceof Error) {
      this.sendErrorResponse(response, 1, answer.message);
      return;
    }
    const status = Number(answer.fields[0]);
    const output = answer.fields[1].replace(/\n$/, '');
    response.body = {
      result: status === 0 ? output : `${output}${output ? '\n' : ''}(exit status ${status})`,
      variablesReference: 0,
    };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(
    response: DebugProtocol.ExceptionInfoResponse,
    args: DebugProtocol.ExceptionInfoArguments,
  ): void {
    const report = this.links.get(args.threadId)?.stopped;
    if (!report || report.reason !== 'exception') {
      this.sendErrorResponse(response, 1, 'This thread is not stopped on a failing command.');
      return;
    }
    response.body = {
      exceptionId: report.detail === 'errexit' ? 'errexit' : 'failure',
      description: exceptionText(report),
      breakMode: 'always',
      details: { message: exceptionText(report), typeName: `exit status ${report.status}` },
    };
    this.sendResponse(response);
  }

  protected override continueRequest(
    response: DebugProtocol.ContinueResponse,
    args: DebugProtocol.ContinueArguments,
  ): void {
    this.resume(args.threadId, '');
    response.body = { allThreadsContinued: false };
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.resume(args.threadId, 'over');
    this.sendResponse(response);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.resume(args.threadId, 'in');
    this.sendResponse(response);
  }

  protected override stepOutRequest(
    response: DebugProtocol.StepOutResponse,
    args: DebugProtocol.StepOutArguments,
  ): void {
    this.resume(args.threadId, 'out');
    this.sendResponse(response);
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    // The first process that runs a command stops; one blocked in curl stops when curl returns.
    this.mode = { kind: 'pause', depth: 0, pid: 0 };
    this.server.bump();
    this.sendResponse(response);
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    // The runtime belongs to the emulator: it runs on with nothing to stop it (its connections stay open,
    // since a bash that writes to a closed socket dies of SIGPIPE).
    this.detached = true;
    this.breakpoints.clear();
    this.exceptionFilters = '';
    this.mode = { kind: '', depth: 0, pid: 0 };
    this.markConfigured();
    this.stateChanged('table');
    this.stateChanged('ex');
    for (const link of this.links.values()) if (link.stopped) link.go('');
    this.unregister?.();
    this.sendResponse(response);
  }

  /** Never ends the process: in the editor this adapter runs inside the extension host. */
  override shutdown(): void {}

  /** A subshell of this session's runtime connected. */
  adopt(link: ProcessLink): void {
    this.track(link);
  }

  private async adoptMain(link: ProcessLink): Promise<void> {
    this.main = link;
    this.unregister = this.server.register(link.hello.mainPid, this);
    this.track(link);
    await this.configured;
    if (this.entryPending && !this.detached) this.mode = { kind: 'in', depth: 0, pid: link.pid };
    this.sendState(link);
  }

  private track(link: ProcessLink): void {
    this.links.set(link.pid, link);
    this.sendEvent(new ThreadEvent('started', link.pid));
    link.on('state', (kind, fields) => {
      const name = fields[0] ?? '';
      const known = kind === 'resolve' && this.breakpoints.knows(name);
      if (kind === 'resolve') this.breakpoints.resolve(name, fields[1] ?? '/');
      this.sendState(link);
      // A file first met in a subshell (the handler's, in the tutorial's $(...)): the main shell learns it at its
      // next command, so the next invoke's subshells inherit it instead of each connecting to ask.
      if (kind === 'resolve' && !known) this.server.bump();
    });
    link.on('stop', (report) => void this.onStop(link, report));
    link.on('exec', (command) => {
      this.say(
        `${threadName(link)} runs "${command}": it is no longer bash, so its debugging ends here; the runtime goes on.\n`,
      );
      if (link === this.main) this.sendEvent(new TerminatedEvent());
    });
    link.on('close', () => {
      this.links.delete(link.pid);
      this.variables.delete(link.pid);
      this.sendEvent(new ThreadEvent('exited', link.pid));
      if (link === this.main) {
        this.unregister?.();
        this.sendEvent(new TerminatedEvent());
      }
    });
  }

  /** Answers a process's `sync` or `resolve`: the breakpoint table, its mode, the filters, the generation. */
  private sendState(link: ProcessLink): void {
    // The generation is read first: a change after this answer is seen by the process at its next command.
    const generation = this.server.generation;
    link.send('table', this.breakpoints.table());
    const mode = this.modeFor(link);
    if (mode) link.send('mode', mode);
    link.send('ex', [this.exceptionFilters]);
    link.send('gen', [String(generation)]);
    link.send('ready');
  }

  /**
   * The stepping mode a process learns when it asks: the session's, if it is not a step of another process; a
   * step of a process that has ended stops at the next command (a step that left a subshell); a step of one that
   * still runs leaves the asking process's own mode (inherited when it was forked) alone.
   */
  private modeFor(link: ProcessLink): string[] | undefined {
    const { kind, depth, pid } = this.mode;
    if (kind === '' || kind === 'pause') return [kind, '0'];
    if (pid === link.pid) return [kind, String(depth)];
    if (!this.links.has(pid)) return ['in', '0'];
    return undefined;
  }

  /** The editor's breakpoints or filters changed: running processes learn it at their next command. */
  private stateChanged(what: 'table' | 'ex'): void {
    this.server.bump();
    for (const link of this.links.values()) {
      if (!link.stopped) continue;
      if (what === 'table') link.send('table', this.breakpoints.table());
      else link.send('ex', [this.exceptionFilters]);
    }
  }

  private resume(threadId: number, kind: Mode['kind']): void {
    const link = this.links.get(threadId);
    const report = link?.stopped;
    if (!link || !report) return;
    const depth = report.frames.length + report.subshell;
    this.mode = { kind, depth, pid: link.pid };
    this.variables.delete(link.pid);
    link.go(kind, depth);
    this.server.bump();
  }

  private async onStop(link: ProcessLink, report: StopReport): Promise<void> {
    this.variables.delete(link.pid);
    if (this.detached) {
      link.go('');
      return;
    }
    if (report.reason === 'exception') {
      this.stopped(link, 'exception', exceptionText(report));
      return;
    }
    const hit: number[] = [];
    if (report.reason === 'breakpoint') {
      const top = report.frames[0];
      const real = top ? this.breakpoints.resolve(top.file, report.pwd) : '';
      for (const breakpoint of top ? this.breakpoints.at(real, top.line) : []) {
        if (breakpoint.condition) {
          const answer = await link.request('eval', [breakpoint.condition], 'result').catch(() => undefined);
          if (answer?.fields[0] !== '0') continue;
        }
        breakpoint.hits++;
        if (breakpoint.hitCondition && !hitConditionMet(breakpoint.hitCondition, breakpoint.hits)) continue;
        if (breakpoint.logMessage) {
          const answer = await link
            .request('eval', [logMessageCode(breakpoint.logMessage)], 'result')
            .catch(() => undefined);
          this.say(`${answer?.fields[1] ?? breakpoint.logMessage}\n`);
          continue;
        }
        hit.push(breakpoint.id);
      }
    }
    if (hit.length > 0) {
      this.stopped(link, 'breakpoint', undefined, hit);
    } else if (report.detail === 'step' || report.detail === 'pause') {
      const reason = this.entryPending && link === this.main ? 'entry' : report.detail;
      this.stopped(link, reason);
    } else {
      link.go(report.mode, report.modeDepth);
    }
  }

  private stopped(link: ProcessLink, reason: string, text?: string, hitBreakpointIds?: number[]): void {
    this.entryPending = false;
    if (this.mode.kind === 'pause') this.mode = { kind: '', depth: 0, pid: 0 };
    const event = new StoppedEvent(reason, link.pid, text) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = false;
    if (hitBreakpointIds) event.body.hitBreakpointIds = hitBreakpointIds;
    if (text) event.body.description = text;
    this.sendEvent(event);
  }

  private processVariables(pid: number): ProcessVariables {
    let variables = this.variables.get(pid);
    if (!variables) {
      const link = this.links.get(pid);
      if (!link) throw new Error('That bash process has ended.');
      variables = new ProcessVariables(link);
      this.variables.set(pid, variables);
    }
    return variables;
  }

  private toDap(pid: number, variable: BashVariable): DebugProtocol.Variable {
    const readOnly = variable.flags.includes('r');
    const common = {
      name: variable.name,
      evaluateName: `$${variable.name}`,
      ...(readOnly ? { presentationHint: { attributes: ['readOnly'] } } : {}),
    };
    if (variable.kind === 'scalar') {
      return {
        ...common,
        value: variable.value ?? '(declared, no value)',
        type: variable.flags.includes('i') ? 'integer' : 'string',
        variablesReference: 0,
      };
    }
    const entries = variable.entries ?? [];
    return {
      ...common,
      value: `(${entries.map(([, value]) => (/[\s"]/.test(value) || value === '' ? JSON.stringify(value) : value)).join(' ')})`,
      type: variable.kind === 'associative' ? 'associative array' : 'array',
      variablesReference: entries.length > 0 ? this.refs.create({ kind: 'array', pid, variable }) : 0,
      indexedVariables: variable.kind === 'indexed' ? entries.length : undefined,
      namedVariables: variable.kind === 'associative' ? entries.length : undefined,
    };
  }

  private say(text: string, category: 'console' | 'stderr' = 'console'): void {
    this.sendEvent(new OutputEvent(text, category));
  }
}

function threadName(link: ProcessLink): string {
  if (link.isMain) return `bootstrap (pid ${link.pid})`;
  return `subshell ${link.hello.subshell} of ${link.hello.mainPid} (pid ${link.pid})`;
}

function frameName(name: string, file: string): string {
  if (name === 'main') return path.basename(file);
  if (name === 'source') return `source ${path.basename(file)}`;
  return name;
}

function exceptionText(report: StopReport): string {
  const command = report.command.length > 200 ? `${report.command.slice(0, 200)}…` : report.command;
  return report.detail === 'errexit'
    ? `"${command}" failed with exit status ${report.status} under set -e: the runtime exits here (Lambda answers Runtime.ExitError).`
    : `"${command}" failed with exit status ${report.status}.`;
}
