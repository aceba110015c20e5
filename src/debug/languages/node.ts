// Node: the runtime starts with `--inspect-brk` in NODE_OPTIONS, so the `node` the bootstrap execs (by whatever
// path) waits for the debugger before its first line; a js-debug (`pwa-node`) attach child connects, sets the
// breakpoints and lets it run. js-debug is built into VS Code; it is activated explicitly because the parent
// session's type is ours.
import path from 'node:path';
import * as vscode from 'vscode';
import { jsDebugRoots } from '../../core/debug/path-mapping-args';
import type { DebugPlan, LanguageDebugger, MissingDebugger, PlanContext } from './types';

export const JS_DEBUG_EXTENSION = 'ms-vscode.js-debug';
const HOST = '127.0.0.1';

/** NODE_OPTIONS with the inspector flag added to what the user set (their own flags stay). */
export function withInspectBrk(existing: string | undefined, port: number): string {
  const kept = (existing ?? '')
    .split(/\s+/)
    .filter((option) => option && !/^--inspect(-brk|-wait)?(=|$)/.test(option))
    .join(' ');
  return `${kept ? `${kept} ` : ''}--inspect-brk=${HOST}:${port}`;
}

/** js-debug's activation (loading it takes a while the first time); its promise is the same on every call. */
function activateJsDebug(): Promise<unknown> | undefined {
  const jsDebug = vscode.extensions.getExtension(JS_DEBUG_EXTENSION);
  return jsDebug ? Promise.resolve(jsDebug.activate()) : undefined;
}

export const nodeDebugger: LanguageDebugger = {
  kind: 'node',
  prepare(): Promise<unknown> | void {
    return activateJsDebug()?.catch(() => undefined);
  },
  async plan(context: PlanContext): Promise<DebugPlan | MissingDebugger> {
    const activation = activateJsDebug();
    if (!activation) {
      return {
        missing: 'The JavaScript debugger built into VS Code (js-debug) is disabled or missing.',
        extensionId: JS_DEBUG_EXTENSION,
      };
    }
    const port = await context.freePort();
    const taskRoot = context.fn.taskRoot ?? path.dirname(context.fn.bootstrap);
    const { unmapped, ...roots } = jsDebugRoots(context.pathMappings, taskRoot, breakpointFiles());
    context.log.info(`Node: the runtime's node waits for js-debug on ${HOST}:${port}`);
    return {
      launch: { environment: { NODE_OPTIONS: withInspectBrk(context.fn.environment?.NODE_OPTIONS, port) } },
      child: {
        type: 'pwa-node',
        request: 'attach',
        name: `Node: ${path.basename(taskRoot)}`,
        address: HOST,
        port,
        // The runtime sits on --inspect-brk's pause until breakpoints are set; js-debug then resumes it.
        continueOnAttach: true,
        attachExistingChildren: false,
        cwd: taskRoot,
        // In a sandbox node runs the handler from /var/task: js-debug maps it to the workspace's files.
        ...roots,
        skipFiles: ['<node_internals>/**'],
        // Source maps (a TypeScript handler) are looked for in the task root only, not in the whole workspace.
        outFiles: [`${taskRoot}/**/*.{js,mjs,cjs}`, '!**/node_modules/**'],
        resolveSourceMapLocations: [`${taskRoot}/**`, '!**/node_modules/**'],
        timeout: 30_000,
      },
      startChild: 'after-runtime-start',
      ...(unmapped.length > 0 ? { notice: unmappedNotice(unmapped, roots.localRoot) } : {}),
      // Only the child session needs js-debug: it loads while the runtime starts.
      ready: activation.then(() => context.mark?.('js-debug active')),
    };
  },
};

/** The files of the workspace's enabled source breakpoints. */
function breakpointFiles(): string[] {
  return vscode.debug.breakpoints
    .filter((breakpoint): breakpoint is vscode.SourceBreakpoint => breakpoint instanceof vscode.SourceBreakpoint)
    .filter((breakpoint) => breakpoint.enabled && breakpoint.location.uri.scheme === 'file')
    .map((breakpoint) => breakpoint.location.uri.fsPath);
}

function unmappedNotice(unmapped: readonly string[], localRoot: string | undefined): string {
  const files = [...new Set(unmapped.map((file) => vscode.workspace.asRelativePath(file)))];
  const where = localRoot === undefined ? 'the paths the runtime sees' : vscode.workspace.asRelativePath(localRoot);
  return (
    `js-debug maps one folder between Lambda's file system and the workspace, here ${where} (where most breakpoints ` +
    `are): breakpoints in ${files.join(', ')} will not bind, and those files open as the runtime shows them.`
  );
}
