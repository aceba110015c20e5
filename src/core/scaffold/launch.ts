// .vscode/launch.json (F5 runs the bootstrap under the emulator with the sample event, the language's debugger
// attached) and, for compiled languages, .vscode/tasks.json with the build that F5 runs first.
import type { LanguageTemplate } from './language';
import { TIMEOUT_SECONDS } from './template';
import type { Language, ScaffoldOptions } from './types';

/** The label of the build task that launch.json's preLaunchTask names. */
export const BUILD_TASK_LABEL = 'Build bootstrap';

// The `debugger` attribute of the lambda-runtime configuration for each language.
const DEBUGGERS: Readonly<Record<Language, string>> = {
  bash: 'bash',
  node: 'node',
  python: 'python',
  go: 'go',
  rust: 'native',
  cpp: 'native',
};

// `$go` ships with VS Code; rustc's and gcc's problem matchers come from extensions that may be absent.
const PROBLEM_MATCHERS: Partial<Record<Language, string[]>> = { go: ['$go'] };

/** launch.json with one `lambda-runtime` configuration for the scaffold. */
export function renderLaunch(options: ScaffoldOptions, language: LanguageTemplate, eventPath: string): string {
  const configuration: Record<string, unknown> = {
    type: 'lambda-runtime',
    request: 'launch',
    name: `Debug ${options.functionName}`,
    bootstrap: '${workspaceFolder}/bootstrap',
    handler: language.handler(options),
    event: `\${workspaceFolder}/${eventPath}`,
    timeout: TIMEOUT_SECONDS,
    debugger: DEBUGGERS[options.language],
  };
  if (language.build !== undefined) configuration.preLaunchTask = BUILD_TASK_LABEL;
  return `${JSON.stringify({ version: '0.2.0', configurations: [configuration] }, null, 2)}\n`;
}

/** tasks.json with the build of `./bootstrap`, or undefined for a language with nothing to build. */
export function renderTasks(options: ScaffoldOptions, language: LanguageTemplate): string | undefined {
  if (language.build === undefined) return undefined;
  const [command, ...args] = language.build;
  const task = {
    label: BUILD_TASK_LABEL,
    type: 'process',
    command,
    args,
    options: { cwd: '${workspaceFolder}' },
    group: { kind: 'build', isDefault: true },
    problemMatcher: PROBLEM_MATCHERS[options.language] ?? [],
  };
  return `${JSON.stringify({ version: '2.0.0', tasks: [task] }, null, 2)}\n`;
}
