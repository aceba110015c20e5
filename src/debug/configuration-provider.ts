// Launch configurations of type `lambda-runtime`: the initial and dynamic ones (one per provided.* function of the
// workspace's templates), F5 with no launch.json on an open bootstrap or handler file, and the resolution and
// validation after variable substitution (messages with a quick fix where one helps).
import { existsSync, statSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { guessHandler } from '../core/debug/handler-guess';
import { LaunchError, resolveLaunch, type LaunchAttributes } from '../core/debug/launch-config';
import { readTemplateFunctions, type TemplateFunctionDetails } from '../core/project';
import { languageDebugger } from './languages';
import { RESOLVED_KEY } from './parent-session';
import { EARLY_START_KEY, startAhead } from './runtime-start';
import { TIMELINE_KEY, withMark } from './timeline';
import { withConsoleAfterStart } from './console-opening';

export const DEBUG_TYPE = 'lambda-runtime';
const TEMPLATE_GLOB = '**/template.{yaml,yml}';
const EXCLUDED = '**/{node_modules,.git,.aws-sam,cdk.out,target,dist}/**';
const MAX_TEMPLATES = 50;
const HANDLER_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.py', '.sh', '.go', '.rs', '.cpp', '.cc', '.c']);

/** Templates of `folder` (or of the whole workspace), nearest to the folder's root first. */
async function findTemplates(folder: vscode.WorkspaceFolder | undefined): Promise<string[]> {
  const include = folder ? new vscode.RelativePattern(folder, TEMPLATE_GLOB) : TEMPLATE_GLOB;
  const uris = await vscode.workspace.findFiles(include, EXCLUDED, MAX_TEMPLATES);
  return uris
    .filter((uri) => uri.scheme === 'file')
    .map((uri) => uri.fsPath)
    .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b));
}

/** The event file a new configuration points to, if the project has the conventional one. */
function defaultEvent(...folders: Array<string | undefined>): string | undefined {
  for (const folder of folders) {
    if (folder && existsSync(path.join(folder, 'events', 'event.json')))
      return path.join(folder, 'events', 'event.json');
  }
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

async function templateConfigurations(
  folder: vscode.WorkspaceFolder | undefined,
): Promise<vscode.DebugConfiguration[]> {
  const configurations: vscode.DebugConfiguration[] = [];
  for (const template of await findTemplates(folder)) {
    let functions: TemplateFunctionDetails[];
    try {
      ({ functions } = await readTemplateFunctions(template));
    } catch {
      continue;
    }
    for (const fn of functions) {
      const event = defaultEvent(fn.codeUri, path.dirname(template));
      const relativeTemplate = folder ? path.relative(folder.uri.fsPath, template) : template;
      configurations.push({
        type: DEBUG_TYPE,
        request: 'launch',
        name: `Debug ${fn.name} (${relativeTemplate})`,
        functionName: fn.name,
        template: folder ? `\${workspaceFolder}/${relativeTemplate.split(path.sep).join('/')}` : template,
        ...(event ? { event: folder ? `\${workspaceFolder}/${path.relative(folder.uri.fsPath, event)}` : event } : {}),
      });
    }
  }
  return configurations;
}

/** Initial configurations (added to package.json's) and resolution: registered for the Initial trigger. */
export class LaunchConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly context: CommandContext) {}

  provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    return templateConfigurations(folder);
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    configuration: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const at = performance.now();
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(
        'Lambda Runtime Kit runs nothing of an untrusted workspace: trust this folder (Manage Workspace Trust) to run or debug its bootstrap.',
      );
      return undefined;
    }
    // F5 with no launch.json: the editor passes an empty configuration (at most the type it picked).
    if (!configuration.request && !configuration.name) {
      const made = await this.fromActiveEditor(folder, configuration);
      return made && withMark(made, 'resolve', at);
    }
    return withMark(configuration, 'resolve', at);
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    configuration: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    const at = performance.now();
    try {
      // A zip's source folder is looked for among the templates' code folders too.
      const wanted = (configuration.functionName || configuration.zip) && !configuration.template;
      const templates = wanted ? await findTemplates(folder) : [];
      const resolved = await resolveLaunch(configuration as LaunchAttributes, {
        folder: folder?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        templates,
      });
      // The slow part of the debugger's plan starts now, alongside a layer build that comes before it.
      if (resolved.debugger !== 'none' && configuration.noDebug !== true)
        void languageDebugger(resolved.debugger).prepare?.(resolved.fn);
      const marked = withMark({ ...configuration, [RESOLVED_KEY]: resolved }, 'substituted', at);
      // The runtime starts now, while the editor creates the session (and first opens the Run and Debug view).
      const started = startAhead({ resolved, folder, log: this.context.log, noDebug: configuration.noDebug === true });
      return withMark(withConsoleAfterStart({ ...marked, [EARLY_START_KEY]: started }, folder), 'resolved');
    } catch (error) {
      if (!(error instanceof LaunchError)) throw error;
      this.report(error, folder, configuration);
      return undefined;
    }
  }

  private report(
    error: LaunchError,
    folder: vscode.WorkspaceFolder | undefined,
    configuration: vscode.DebugConfiguration,
  ) {
    const problem = error.problem;
    this.context.log.warn(`Debug: ${problem.message}`);
    if (problem.kind === 'not-executable') {
      void vscode.window.showErrorMessage(problem.message, 'Make Executable').then(async (choice) => {
        if (choice !== 'Make Executable') return;
        const mode = statSync(problem.bootstrap).mode;
        await chmod(problem.bootstrap, mode | 0o111);
        this.context.log.info(`Debug: made ${problem.bootstrap} executable.`);
        // Strip what resolution added, so the configuration resolves afresh.
        const { [RESOLVED_KEY]: _resolved, [TIMELINE_KEY]: _marks, ...original } = configuration;
        await vscode.debug.startDebugging(folder, original);
      });
      return;
    }
    if (problem.kind === 'missing-bootstrap' || problem.kind === 'missing-handler') {
      void vscode.window.showErrorMessage(problem.message, 'Open launch.json').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.debug.configure');
      });
      return;
    }
    void vscode.window.showErrorMessage(problem.message);
  }

  /** F5 with no launch.json: the open bootstrap, or the bootstrap of the open handler file's function. */
  private async fromActiveEditor(
    folder: vscode.WorkspaceFolder | undefined,
    given: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    const file = document?.uri.scheme === 'file' ? document.uri.fsPath : undefined;
    const workspaceRoot = folder?.uri.fsPath;
    if (file) {
      const bootstrap = path.basename(file) === 'bootstrap' ? file : findBootstrapAbove(file, workspaceRoot);
      if (bootstrap) {
        const taskRoot = path.dirname(bootstrap);
        const handler =
          file !== bootstrap && HANDLER_EXTENSIONS.has(path.extname(file)) ? guessHandler(file, taskRoot) : undefined;
        const event = defaultEvent(taskRoot, workspaceRoot);
        return {
          ...given,
          type: DEBUG_TYPE,
          request: 'launch',
          name: `Debug ${path.basename(taskRoot)}`,
          bootstrap,
          ...(handler ? { handler } : {}),
          ...(event ? { event } : {}),
        };
      }
      const inTemplate = await this.templateFunctionOf(file, folder);
      if (inTemplate) return { ...given, ...inTemplate };
    }
    void vscode.window.showErrorMessage(
      'Nothing to debug here: open a bootstrap or a handler file next to one, or add a "lambda-runtime" configuration to launch.json.',
    );
    return undefined;
  }

  /** The configuration of the template function whose code folder holds `file`. */
  private async templateFunctionOf(
    file: string,
    folder: vscode.WorkspaceFolder | undefined,
  ): Promise<vscode.DebugConfiguration | undefined> {
    for (const template of await findTemplates(folder)) {
      const { functions } = await readTemplateFunctions(template).catch(() => ({ functions: [] }));
      const fn = functions.find((candidate) => !path.relative(candidate.codeUri, file).startsWith('..'));
      if (!fn) continue;
      const event = defaultEvent(fn.codeUri, path.dirname(template));
      return {
        type: DEBUG_TYPE,
        request: 'launch',
        name: `Debug ${fn.name}`,
        functionName: fn.name,
        template,
        ...(event ? { event } : {}),
      };
    }
    return undefined;
  }
}

/** The bootstrap in the file's folder or a parent, up to the workspace folder. */
function findBootstrapAbove(file: string, root: string | undefined): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    const candidate = path.join(dir, 'bootstrap');
    if (isFile(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir || (root && path.relative(root, parent).startsWith('..'))) return undefined;
    dir = parent;
  }
}

/** Dynamic configurations: one per provided.* function of the workspace's templates. */
export class DynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    return templateConfigurations(folder);
  }
}
