// Starting an F5's runtime: the function's execution environment (layers, sandbox), the language debugger's plan
// and the emulator that starts the runtime. It begins as soon as the configuration is resolved, before the editor
// has created the session (on the first F5 it first opens the Run and Debug view), so that the runtime's own start
// (an interpreter loading a debugger, a shim picking a python) overlaps the editor's work. The `lambda-runtime`
// session then takes it over by the key its configuration carries. What happened before (output, the emulator's
// events, the steps of the timeline) reaches the session in order, with the time it happened.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { zipPathMappings } from '../core/debug/zip-launch';
import type { ResolvedLaunch } from '../core/debug/launch-config';
import { startEmulator } from '../core/emulator';
import type { Emulator, EmulatorEvent } from '../core/emulator/types';
import { KeptLayerFolders, type TemplateRun } from '../core/environment';
import { freePort } from '../core/free-port';
import { prepareSessionFunction } from './execution-environment';
import { languageDebugger } from './languages';
import { isMissing, type DebugPlan, type MissingDebugger } from './languages/types';

/** Where the resolver leaves the key of the runtime it started (see configuration-provider). */
export const EARLY_START_KEY = '__lambdaRuntimeStart';
/**
 * A start no session has taken by then is stopped: the editor did not create the session (a dialog declined). A
 * session that comes later starts its runtime itself.
 */
const UNCLAIMED_MS = 5_000;

export type OutputCategory = 'console' | 'stdout' | 'stderr' | 'important';

/** What the session is told of the start, in the order it happened. */
export interface RuntimeStartListener {
  output(text: string, category?: OutputCategory): void;
  mark(phase: string, at: number): void;
  event(event: EmulatorEvent, at: number): void;
}

/** What a start leaves to the session that takes it. */
export interface StartedRuntime {
  readonly environment: TemplateRun;
  /** The folders of its built and extracted layers, which a rebuild of the layers keeps (see KeptLayerFolders). */
  readonly keptLayers: KeptLayerFolders;
  readonly plan?: DebugPlan;
  readonly missing?: MissingDebugger;
  readonly emulator: Emulator;
}

export interface RuntimeStartOptions {
  readonly resolved: ResolvedLaunch;
  readonly folder: vscode.WorkspaceFolder | undefined;
  readonly log: vscode.LogOutputChannel;
  readonly noDebug: boolean;
}

export class RuntimeStart {
  /** The runtime, once started; undefined when cancelled first. Rejects with why it could not start. */
  readonly started: Promise<StartedRuntime | undefined>;
  private listener: RuntimeStartListener | undefined;
  private readonly waiting: Array<(listener: RuntimeStartListener) => void> = [];
  /** The emulator's events before a session adopted the start. */
  private readonly events: Array<() => void> = [];
  private cancelled = false;
  private adopted = false;

  constructor(private readonly options: RuntimeStartOptions) {
    this.started = this.run();
    // Handled here so that a start that fails before any session awaits it is no unhandled rejection.
    this.started.catch(() => undefined);
  }

  /** From now on `listener` hears the output and the steps, after those so far; the emulator's events once adopted. */
  attach(listener: RuntimeStartListener): void {
    this.listener = listener;
    for (const tell of this.waiting.splice(0)) tell(listener);
  }

  /**
   * The session owns what was started from now on (cancel() leaves it alone) and hears the emulator's events,
   * after those so far: it has the plan that an `environment-started` needs.
   */
  adopt(): void {
    this.adopted = true;
    for (const tell of this.events.splice(0)) tell();
  }

  /** Stops what the start made, unless a session has adopted it. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    const started = await this.started.catch(() => undefined);
    if (started && !this.adopted) await release(started);
  }

  private tell(what: (listener: RuntimeStartListener) => void): void {
    if (this.listener) what(this.listener);
    else this.waiting.push(what);
  }

  private mark(phase: string): void {
    const at = performance.now();
    this.tell((listener) => listener.mark(phase, at));
  }

  private async run(): Promise<StartedRuntime | undefined> {
    const { resolved, folder, log } = this.options;
    const keptLayers = new KeptLayerFolders();
    const environment = await prepareSessionFunction(
      resolved,
      folder,
      (text, category) => this.tell((listener) => listener.output(text, category)),
      true,
      keptLayers,
    );
    const fn = environment.config;
    let plan: DebugPlan | undefined;
    let missing: MissingDebugger | undefined;
    if (!this.options.noDebug && resolved.debugger !== 'none' && !this.cancelled) {
      const planned = await languageDebugger(resolved.debugger)
        .plan({
          fn,
          folder,
          log,
          freePort,
          stopOnEntry: resolved.stopOnEntry,
          // A zip runs from its extracted copy: its debugger's paths lead to the workspace's files.
          pathMappings: resolved.zip
            ? zipPathMappings(environment.pathMappings, resolved.zip)
            : environment.pathMappings,
          mark: (phase) => this.mark(phase),
        })
        .catch(async (error: unknown) => {
          await release({ environment, keptLayers });
          throw error;
        });
      if (isMissing(planned)) missing = planned;
      else plan = planned;
      if (plan?.notice) {
        const notice = plan.notice;
        this.tell((listener) => listener.output(notice, 'important'));
      }
      this.mark('planned');
    }
    if (this.cancelled) {
      await release({ environment, keptLayers, plan });
      return undefined;
    }
    let emulator: Emulator;
    try {
      emulator = await startEmulator({
        functions: [fn],
        port: 0,
        anyName: true,
        ...(plan ? { debug: { ...plan.launch, noTimeouts: true } } : {}),
      });
    } catch (error) {
      await release({ environment, keptLayers, plan });
      throw error;
    }
    emulator.on((event) => {
      const at = performance.now();
      const tell = () => this.listener?.event(event, at);
      if (this.adopted) tell();
      else this.events.push(tell);
    });
    this.mark('emulator');
    const started = { environment, keptLayers, plan, missing, emulator };
    if (this.cancelled) {
      await release(started);
      return undefined;
    }
    return started;
  }
}

/** Stops the emulator (and with it the runtime), removes the plan's and the environment's files. */
async function release(
  started: Partial<StartedRuntime> & Pick<StartedRuntime, 'environment' | 'keptLayers'>,
): Promise<void> {
  await started.emulator?.stop().catch(() => undefined);
  await Promise.resolve(started.plan?.dispose?.()).catch(() => undefined);
  await started.environment.dispose().catch(() => undefined);
  await started.keptLayers.dispose().catch(() => undefined);
}

/** Starts made by the resolver that no session has taken yet, by key. */
const unclaimed = new Map<string, { start: RuntimeStart; timer: NodeJS.Timeout }>();

/** Starts the runtime ahead of its session; the key goes into the configuration for the session to take it. */
export function startAhead(options: RuntimeStartOptions): string {
  const key = randomUUID();
  const start = new RuntimeStart(options);
  const timer = setTimeout(() => {
    unclaimed.delete(key);
    options.log.info(
      `Debug: ${options.resolved.fn.name} was started for a session that did not come within 5 s; stopped.`,
    );
    void start.cancel();
  }, UNCLAIMED_MS);
  timer.unref();
  unclaimed.set(key, { start, timer });
  return key;
}

/** The start the resolver made under `key`, now the caller's; undefined when there is none (taken or stopped). */
export function takeStart(key: unknown): RuntimeStart | undefined {
  if (typeof key !== 'string') return undefined;
  const entry = unclaimed.get(key);
  if (!entry) return undefined;
  unclaimed.delete(key);
  clearTimeout(entry.timer);
  return entry.start;
}

/** Stops every start no session has taken (the extension is deactivated). */
export async function cancelUnclaimed(): Promise<void> {
  const entries = [...unclaimed.values()];
  unclaimed.clear();
  for (const entry of entries) clearTimeout(entry.timer);
  await Promise.all(entries.map((entry) => entry.start.cancel()));
}
