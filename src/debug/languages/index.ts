// The language debuggers the parent session can delegate to, by kind, and the internal adapters they need.
import type * as vscode from 'vscode';
import { bashDebugger, registerBashAdapter } from './bash';
import { goDebugger, registerGoAdapter } from './go';
import { nativeDebugger, registerNativeAdapter } from './native';
import { nodeDebugger } from './node';
import { pythonDebugger, registerPythonAdapter } from './python';
import type { DebuggerKind, LanguageDebugger } from './types';

const DEBUGGERS: Readonly<Record<DebuggerKind, LanguageDebugger>> = {
  node: nodeDebugger,
  python: pythonDebugger,
  bash: bashDebugger,
  go: goDebugger,
  native: nativeDebugger,
};

/** The language debugger of `kind`. */
export function languageDebugger(kind: DebuggerKind): LanguageDebugger {
  return DEBUGGERS[kind];
}

/** Registers the descriptor factories of the internal debug types (lambda-runtime-python, -go, -native, -bash). */
export function registerLanguageAdapters(extension: vscode.ExtensionContext): void {
  registerPythonAdapter(extension);
  registerGoAdapter(extension);
  registerNativeAdapter(extension);
  registerBashAdapter(extension);
}
