// The `lambda-runtime` session: an inline debug adapter that owns the emulator and the runtime, starts the
// language debugger as a child session for each runtime process, shows the runtime's output and Lambda's
// START/END/REPORT lines in the Debug Console, invokes the configured event, and stops everything on Stop.
import path from 'node:path';
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { waitForListening } from '../core/debug/adapters/wait-listening';
import { extractAgain } from '../core/package';
import { assertZipFile, disposeExtracted } from '../core/package/temporary-task-root';
import type { ResolvedLaunch } from '../core/debug/launch-config';
import { localLayerSources } from '../core/environment';
import type { Emulator, EmulatorEvent, InvokeResult } from '../core/emulator/types';
import type { KeptLayerFolders } from '../core/environment';
import { CONSOLE_AFTER_START_KEY, CONSOLE_AFTER_START_LIMIT_MS, isWithin } from './console-opening';
import { InlineAdapter, type DapRequest } from './dap-adapter';
import { layerOverrides, prepareSessionFunction } from './execution-environment';
import { watchSession } from './session-watch';
import type { DebugPlan, MissingDebugger } from './languages/types';
import { EARLY_START_KEY, RuntimeStart, takeStart } from './runtime-start';
import { LambdaRun, type InvocationRecord } from './runs';
import { SessionTimeline } from './timeline';

/** Where the resolver leaves the resolved launch inside the configuration (see configuration-provider). */
export const RESOLVED_KEY = '__lambdaRuntime';

function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** The port a child configuration connects to (js-debug and Delve `port`, debugpy `connect.port`). */
function childPort(child: vscode.DebugConfiguration): number | undefined {
  const port = Number(child.port ?? child.connect?.port);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export class ParentSession extends InlineAdapter {
  private emulator: Emulator | undefined;
  /** The runtime's start, taken over from the resolver or begun at launch. */
  private start: RuntimeStart | undefined;
  private plan: DebugPlan | undefined;
  private resolved: ResolvedLaunch | undefined;
  /** Removes the layers' extracted and built content when the session ends. */
  private disposeEnvironment: (() => Promise<void>) | undefined;
  /** The layers' folders, the same after a rebuild: the debuggers' mappings name them. */
  private keptLayers: KeptLayerFolders | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ended = false;
  private shutdown: Promise<void> | undefined;
  private markConfigured!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.markConfigured = resolve));
  /** The run has settled: first stop, first answer, runtime ready with no event, runtime ended, or session ended. */
  private settle!: () => void;
  private readonly settled = new Promise<void>((resolve) => (this.settle = resolve));
  /** Environments that have started, so a recycled runtime gets its own child session. */
  private runtimeGeneration = 0;
  private readonly timeline: SessionTimeline;

  constructor(
    private readonly session: vscode.DebugSession,
    private readonly context: CommandContext,
  ) {
    super();
    this.timeline = new SessionTimeline(session.configuration);
    this.timeline.mark('adapter');
  }

  protected async onRequest(request: DapRequest): Promise<unknown> {
    switch (request.command) {
      case 'initialize':
        setTimeout(() => this.event('initialized'), 0);
        return { supportsConfigurationDoneRequest: true, supportsTerminateRequest: true };
      case 'launch': {
        const args = request.arguments ?? {};
        await this.launch(args);
        // The editor opens the Debug Console when this answer comes (see console-opening).
        if (args[CONSOLE_AFTER_START_KEY] === true) await this.settledRun();
        this.timeline.mark('launch answered');
        return undefined;
      }
      case 'configurationDone':
        this.timeline.mark('configured');
        this.markConfigured();
        return undefined;
      case 'terminate':
        await this.stop();
        this.event('terminated');
        return undefined;
      case 'disconnect':
        await this.stop();
        return undefined;
      case 'threads':
        return { threads: [] };
      case 'setBreakpoints':
        // The child sessions own the breakpoints; the parent only accepts them so the editor does not grey them out.
        return { breakpoints: (request.arguments?.breakpoints ?? []).map(() => ({ verified: true })) };
      case 'setFunctionBreakpoints':
      case 'setInstructionBreakpoints':
      case 'setDataBreakpoints':
        return { breakpoints: [] };
      default:
        return undefined;
    }
  }

  private async launch(args: Record<string, unknown>): Promise<void> {
    const resolved = args[RESOLVED_KEY] as ResolvedLaunch | undefined;
    if (!resolved)
      throw new Error('This lambda-runtime configuration was not resolved by Lambda Runtime Kit; start it again.');
    this.resolved = resolved;
    this.timeline.mark('launch');
    const log = this.context.log;
    if (resolved.detectionNote) this.output(resolved.detectionNote, 'important');
    if (resolved.zip) {
      const shown = resolved.zip.local.map((folder) => vscode.workspace.asRelativePath(folder, true)).join(', ');
      this.output(
        `${vscode.workspace.asRelativePath(resolved.zip.file, false)} is extracted to ${resolved.zip.taskRoot}, which stands for /var/task; breakpoints are set on the files of ${shown || 'the zip'}.`,
      );
    }
    if (resolved.notice) this.output(resolved.notice, 'important');
    // Usually started by the resolver already, while the editor created this session.
    const start =
      takeStart(args[EARLY_START_KEY]) ??
      new RuntimeStart({ resolved, folder: this.session.workspaceFolder, log, noDebug: args.noDebug === true });
    this.start = start;
    start.attach({
      output: (text, category) => this.output(text, category),
      mark: (phase, at) => this.timeline.mark(phase, at),
      event: (event, at) => this.onEmulatorEvent(event, at),
    });
    const started = await start.started;
    // Stopped while it started: stop() has cancelled it, which removes what it made.
    if (!started || this.ended) return;
    const { environment, keptLayers, plan, missing, emulator } = started;
    this.disposeEnvironment = environment.dispose;
    this.keptLayers = keptLayers;
    this.plan = plan;
    this.emulator = emulator;
    start.adopt();
    const fn = environment.config;
    if (missing) this.reportMissing(missing);
    const run = new LambdaRun(fn.name, emulator, this.session, this.plan !== undefined, this.timeline);
    run.tenantId = resolved.tenantId;
    this.disposables.push(
      run.onDidFinishInvocation((record) => this.showResult(record)),
      this.context.runs.add(run),
      run,
    );
    const how = this.plan ? `with ${this.plan.child.name}` : 'without a debugger';
    this.output(
      `${fn.name}: ${path.basename(fn.bootstrap)} runs under the Lambda emulator at ${emulator.url}, ${how}.`,
    );
    log.info(`Debug: ${fn.name} (${fn.bootstrap}) at ${emulator.url} ${how}.`);

    if (this.plan?.startChild === 'before-runtime') await this.startChild();
    if (resolved.watch) this.watch(fn.taskRoot ?? path.dirname(fn.bootstrap));
    if (resolved.event !== undefined) {
      const event = resolved.event;
      void this.configured.then(() => {
        if (this.ended) return;
        const source = resolved.eventSource ?? 'the configuration';
        // A file of the workspace reads as the Explorer shows it (events/event.json), not as a long absolute path.
        const shown = path.isAbsolute(source) ? vscode.workspace.asRelativePath(source, false) : source;
        this.output(`Invoking ${fn.name} with the event from ${shown}.`);
        this.timeline.mark('invoked');
        run.invoke(event).catch((error: Error) => {
          if (!this.ended) this.output(`The invocation failed: ${error.message}`, 'stderr');
        });
      });
    }
  }

  /**
   * Waits for the run to settle, the moment the Debug Console may open without slowing the first breakpoint: a
   * stop in this session's children, an invocation's end, the runtime ready with no event to invoke or ended,
   * at most CONSOLE_AFTER_START_LIMIT_MS after configuration. At once when there is no debugger to set up.
   */
  private async settledRun(): Promise<void> {
    if (this.ended || !this.plan) return;
    // A frame, not a thread: the editor also focuses a child's running thread as the child starts.
    const stops = vscode.debug.onDidChangeActiveStackItem((item) => {
      if (item instanceof vscode.DebugStackFrame && isWithin(item.session, this.session)) this.settle();
    });
    let timer: NodeJS.Timeout | undefined;
    void this.configured.then(() => (timer = setTimeout(() => this.settle(), CONSOLE_AFTER_START_LIMIT_MS)));
    try {
      await this.settled;
    } finally {
      stops.dispose();
      clearTimeout(timer);
    }
  }

  private reportMissing(missing: MissingDebugger): void {
    const fnName = this.resolved?.fn.name ?? 'the function';
    const hint = missing.installHint ? ` (${missing.installHint})` : '';
    this.output(`${missing.missing}${hint} Running ${fnName} without a debugger.`, 'important');
    const actions = missing.extensionId ? ['Install'] : [];
    void vscode.window
      .showWarningMessage(`${missing.missing} ${fnName} runs without a debugger.`, ...actions)
      .then((choice) => {
        if (choice === 'Install' && missing.extensionId)
          void vscode.commands.executeCommand('workbench.extensions.installExtension', missing.extensionId);
      });
  }

  private onEmulatorEvent(event: EmulatorEvent, at?: number): void {
    if (this.ended) return;
    switch (event.type) {
      case 'log':
        this.output(event.line, event.stream === 'platform' ? 'console' : event.stream);
        break;
      case 'environment-started':
        this.runtimeGeneration++;
        this.timeline.mark('runtime started', at);
        if (this.plan?.startChild === 'after-runtime-start') void this.startChild(this.runtimeGeneration);
        break;
      case 'runtime-api-call':
        // The runtime's first /next and the event it got: where the time after the debugger's resume goes.
        if (event.call.path.endsWith('/invocation/next')) {
          if (event.call.phase === 'received') {
            this.timeline.mark('runtime asked next', event.call.receivedAt);
            // Ready, and nothing will be invoked until someone asks.
            if (this.resolved?.event === undefined) this.settle();
          } else if (event.call.status === 200) this.timeline.mark('event delivered', event.call.doneAt);
        }
        break;
      case 'invocation-finished':
        this.settle();
        break;
      case 'environment-stopped':
        this.settle();
        if (event.reason !== 'stopped') {
          const how = event.signal ? `signal ${event.signal}` : `exit status ${event.exitCode ?? '?'}`;
          this.output(`The runtime ended (${event.reason}, ${how}); the next invoke starts it again.`, 'stderr');
        }
        break;
      default:
        break;
    }
  }

  /** Starts the language debugger's child session, once its debugger listens (after-runtime-start). */
  private async startChild(generation?: number): Promise<void> {
    const plan = this.plan;
    if (!plan) return;
    const stale = () => this.ended || (generation !== undefined && generation !== this.runtimeGeneration);
    try {
      const port = childPort(plan.child);
      if (port !== undefined && plan.startChild === 'after-runtime-start')
        await waitForListening(port, { timeoutMs: 30_000, cancelled: stale });
      this.timeline.mark('debugger listening');
      if (stale()) return;
      await plan.ready;
      if (stale()) return;
      this.timeline.mark('child asked');
      // The parent opens the Debug Console when it should (see console-opening), never a child as it starts.
      const child = { ...plan.child, internalConsoleOptions: 'neverOpen' };
      const started = await vscode.debug.startDebugging(this.session.workspaceFolder, child, {
        parentSession: this.session,
        lifecycleManagedByParent: true,
        consoleMode: vscode.DebugConsoleMode.MergeWithParent,
        compact: true,
      });
      this.timeline.mark('child started');
      this.context.log.trace(`Debug: ${this.session.name}: ${this.timeline}`);
      if (!started) this.output(`${plan.child.name} did not start; see the Lambda Runtime Kit output.`, 'stderr');
    } catch (error) {
      if (!stale()) this.output(`${plan.child.name}: ${(error as Error).message}`, 'stderr');
    }
  }

  private watch(taskRoot: string): void {
    const resolved = this.resolved!;
    const layerSources = localLayerSources(resolved.layers ?? [], layerOverrides(this.session.workspaceFolder));
    this.disposables.push(
      watchSession({
        taskRoot,
        layerSources,
        ...(resolved.zip ? { zip: resolved.zip.file } : {}),
        onCodeChange: async (uri) => {
          if (this.ended || !this.emulator) return;
          const shown = vscode.workspace.asRelativePath(uri);
          if (resolved.zip) {
            // Into the same folder: the debuggers' mappings and the sandbox's /var/task stay right.
            try {
              await assertZipFile(resolved.zip.file);
              await extractAgain(resolved.zip.file, resolved.zip.taskRoot);
            } catch (error) {
              this.output(
                `${shown} changed but cannot be extracted, so the runtime keeps the previous code: ${(error as Error).message}`,
                'stderr',
              );
              return;
            }
            this.output(`${shown} changed: extracted again; the runtime restarts before the next invoke.`);
          } else this.output(`${shown} changed: the runtime restarts before the next invoke.`);
          await this.emulator.recycle();
        },
        onLayerChange: (uri) => this.rebuildLayers(uri),
      }),
    );
  }

  /** Builds the layers again and reloads the function on them; on failure it keeps running the previous ones. */
  private async rebuildLayers(uri: vscode.Uri): Promise<void> {
    const resolved = this.resolved;
    if (this.ended || !this.emulator || !resolved) return;
    const name = resolved.fn.name;
    this.output(
      `${vscode.workspace.asRelativePath(uri)} changed: the layers of ${name} are built again; the runtime restarts before the next invoke.`,
    );
    let next;
    try {
      next = await prepareSessionFunction(
        resolved,
        this.session.workspaceFolder,
        // The notices were given when the session started; the build's output is new.
        (text, category) => category !== 'important' && this.output(text),
        // A failure is said in the Debug Console below, where the build's output is.
        false,
        this.keptLayers,
      );
    } catch (error) {
      this.output(
        `The layers of ${name} could not be built again, so it keeps running the previous ones: ${(error as Error).message}`,
        'stderr',
      );
      return;
    }
    try {
      if (this.ended) throw new Error('the session ended');
      await this.emulator.reload(next.config);
    } catch (error) {
      await next.dispose().catch(() => undefined);
      if (!this.ended)
        this.output(`${name} could not restart on the new layers: ${(error as Error).message}`, 'stderr');
      return;
    }
    const previous = this.disposeEnvironment;
    this.disposeEnvironment = next.dispose;
    await previous?.().catch(() => undefined);
  }

  private showResult(record: InvocationRecord): void {
    if (this.ended) return;
    if (record.error !== undefined) {
      this.output(`Invocation ${record.id} failed: ${record.error}`, 'stderr');
      return;
    }
    const result = record.result as InvokeResult;
    const label = result.functionError ? `Function error (${result.errorType ?? 'Unhandled'})` : 'Response';
    this.output(
      `${label} in ${result.durationMs.toFixed(0)} ms: ${text(result.payload)}`,
      result.functionError ? 'stderr' : 'console',
    );
  }

  /** Ends the runtime (every process) and the emulator, and with them the children; safe to call more than once. */
  stop(): Promise<void> {
    return (this.shutdown ??= (async () => {
      this.ended = true;
      this.markConfigured();
      this.settle();
      await this.start?.cancel();
      // The editor ends the child sessions with their parent (stopping them here too cancels its own requests);
      // once the emulator has killed the runtime, their debuggers' connections close in any case.
      await this.emulator?.stop().catch(() => undefined);
      for (const disposable of this.disposables.splice(0)) disposable.dispose();
      await Promise.resolve(this.plan?.dispose?.()).catch(() => undefined);
      await this.disposeEnvironment?.().catch(() => undefined);
      await this.keptLayers?.dispose().catch(() => undefined);
      if (this.resolved?.zip) await disposeExtracted(this.resolved.zip.taskRoot).catch(() => undefined);
      this.context.log.info(`Debug: ${this.resolved?.fn.name ?? 'session'} stopped.`);
    })());
  }

  override dispose(): void {
    void this.stop();
    super.dispose();
  }
}
