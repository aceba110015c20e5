// How the parent `lambda-runtime` session asks a language debugger to take part: the debugger says how the
// emulator must start the runtime (a wrapper command, extra environment) and which child session to start.
// One file per language under this folder implements it; the parent session knows only this interface.
import type * as vscode from 'vscode';
import type { DebugLaunch, FunctionConfig } from '../../core/emulator/types';
import type { PathMapping } from '../../core/path-mappings';

export type DebuggerKind = 'node' | 'python' | 'bash' | 'go' | 'native';

/** What the parent session knows when it asks a language debugger for a plan. */
export interface PlanContext {
  /** The resolved function: bootstrap, handler, task root, environment (after variable substitution). */
  readonly fn: FunctionConfig;
  readonly folder: vscode.WorkspaceFolder | undefined;
  readonly log: vscode.LogOutputChannel;
  /** A free loopback port for the debugger to listen on. */
  freePort(): Promise<number>;
  /** The configuration's `stopOnEntry`: stop at the runtime's first line. */
  readonly stopOnEntry?: boolean;
  /**
   * Where the runtime's paths are locally, when it sees other ones (/var/task and /opt in a sandbox): the
   * debugger maps them both ways, so breakpoints on workspace files bind and the Call Stack opens them. Empty or
   * absent: the runtime sees the local paths. Commands keep local paths; the sandbox maps them.
   */
  readonly pathMappings?: readonly PathMapping[];
  /** Records a step of the plan in the session's timeline (what the debugging benchmark prints). */
  mark?(phase: string): void;
}

export interface DebugPlan {
  /** How the emulator starts the runtime for this debugger; the parent adds `noTimeouts`. */
  readonly launch: Omit<DebugLaunch, 'noTimeouts'>;
  /** The child session's configuration; the parent starts it with `parentSession` and `lifecycleManagedByParent`. */
  readonly child: vscode.DebugConfiguration;
  /**
   * `after-runtime-start`: the runtime's process is started first and the child attaches to it (it listens or
   * waits for the debugger). `before-runtime`: the child must be up before the runtime starts.
   */
  readonly startChild: 'before-runtime' | 'after-runtime-start';
  /**
   * What the child session needs that the runtime does not (an extension's activation): the parent starts the
   * runtime meanwhile and waits for this only before it starts the child.
   */
  readonly ready?: Promise<unknown>;
  /** What the user should know about this debugger's session (the Debug Console says it when it starts). */
  readonly notice?: string;
  /** Cleans up what the plan made (temporary files, helper processes) when the session ends. */
  dispose?(): Promise<void> | void;
}

/** The debugger this language needs is not on the machine: the parent says so, offers the install, runs without. */
export interface MissingDebugger {
  /** A sentence naming what is missing, e.g. "debugpy is not installed for /usr/bin/python3". */
  readonly missing: string;
  /** The extension that provides it, offered with an Install button. */
  readonly extensionId?: string;
  /** How to install it otherwise, e.g. "pip install debugpy" or "apt-get install delve". */
  readonly installHint?: string;
}

export interface LanguageDebugger {
  readonly kind: DebuggerKind;
  /**
   * Starts the slow look-ups of a plan (activating an extension, finding the debugger) as soon as the editor has
   * resolved the configuration, before the session exists, or when the workspace opens; plan() then finds them
   * done or under way. Resolves (never rejects) once they are done.
   */
  prepare?(fn: FunctionConfig): Promise<unknown> | void;
  plan(context: PlanContext): Promise<DebugPlan | MissingDebugger>;
}

export function isMissing(plan: DebugPlan | MissingDebugger): plan is MissingDebugger {
  return 'missing' in plan;
}
