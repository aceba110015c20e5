// Where an F5 session's function runs: its template layers resolved for /opt and, by the setting
// lambdaRuntime.emulator.sandbox, Lambda's file system. A layer or a sandbox that cannot be had is an error
// with the way out (the settings) one click away.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ResolvedLaunch } from '../core/debug/launch-config';
import type { FunctionConfig } from '../core/emulator/types';
import {
  type KeptLayerFolders,
  LayerError,
  prepareFunction,
  SANDBOX_MODES,
  SandboxUnavailableError,
  type SandboxMode,
  type TemplateRun,
} from '../core/environment';

/**
 * The setting's sandbox mode; a launch with only `bootstrap` runs in place unless the setting says `on` (a zip, made
 * to run as in Lambda, follows the setting as a template function does).
 */
function sandboxMode(resolved: ResolvedLaunch, folder: vscode.WorkspaceFolder | undefined): SandboxMode {
  const setting = vscode.workspace.getConfiguration('lambdaRuntime.emulator', folder).get<string>('sandbox');
  const mode = SANDBOX_MODES.find((candidate) => candidate === setting) ?? 'auto';
  if (resolved.template !== undefined || resolved.zip !== undefined) return mode;
  return mode === 'on' ? 'on' : 'off';
}

/** lambdaRuntime.emulator.layers, relative paths taken from the workspace folder. */
export function layerOverrides(folder: vscode.WorkspaceFolder | undefined): Record<string, string> {
  const setting = vscode.workspace.getConfiguration('lambdaRuntime.emulator', folder).get<unknown>('layers');
  const result: Record<string, string> = {};
  if (setting === null || typeof setting !== 'object') return result;
  for (const [reference, value] of Object.entries(setting)) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    result[reference] = folder ? path.resolve(folder.uri.fsPath, value) : path.resolve(value);
  }
  return result;
}

/**
 * Prepares `resolved.fn` to run; `output` receives the layers' build output and the in-place notice. Rejects with
 * the error's sentence when a layer or the sandbox asked for cannot be had, after showing it (with the setting
 * that fixes it, when one does) unless `notify` is false.
 */
export async function prepareSessionFunction(
  resolved: ResolvedLaunch,
  folder: vscode.WorkspaceFolder | undefined,
  output: (text: string, category?: 'important') => void,
  notify = true,
  keptLayers?: KeptLayerFolders,
): Promise<TemplateRun> {
  const sandbox = sandboxMode(resolved, folder);
  let run: TemplateRun;
  try {
    run = await prepareFunction(resolved.fn as FunctionConfig, resolved.layers ?? [], {
      sandbox,
      layerOverrides: layerOverrides(folder),
      output: (text) => output(text.replace(/\n$/, '')),
      ...(resolved.ephemeralStorageMb !== undefined ? { tmpSizeMb: resolved.ephemeralStorageMb } : {}),
      ...(resolved.explicitBootstrap ? { explicitBootstrap: true } : {}),
      ...(keptLayers ? { keptLayers } : {}),
    });
  } catch (error) {
    if (notify) showSetupError(error);
    throw error;
  }
  if (run.notice) output(run.notice, 'important');
  return run;
}

/** A layer or sandbox error as a notification; Open Settings where a setting fixes it (a build error is the layer's). */
function showSetupError(error: unknown): void {
  const setting =
    error instanceof SandboxUnavailableError
      ? 'lambdaRuntime.emulator.sandbox'
      : error instanceof LayerError && error.fixIn === 'mapping'
        ? 'lambdaRuntime.emulator.layers'
        : undefined;
  if (setting) {
    void vscode.window.showErrorMessage((error as Error).message, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
  } else if (error instanceof LayerError) void vscode.window.showErrorMessage(error.message);
}
