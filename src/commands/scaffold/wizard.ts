// The prompts of New Custom Runtime…: language, packaging, architecture, base, target folder, function name,
// with the step counter, Back on every step after the first, and each answer checked where it is given.
import path from 'node:path';
import * as vscode from 'vscode';
import {
  functionNameFromFolder,
  hostArchitecture,
  LANGUAGES,
  LAYER_LANGUAGES,
  renderScaffold,
  validateFunctionName,
} from '../../core/scaffold';
import type { Architecture } from '../../core/types';
import type { BaseRuntime, Language, Packaging } from '../../core/scaffold/types';
import { layerInterpreterProblem } from '../../core/scaffold/layer-interpreter';
import { BACK, outcomeOf, runSteps, type StepOutcome } from './flow';
import {
  DEFAULT_BASE,
  inspectFolder,
  resolveFolderInput,
  WIZARD_STEPS,
  type NewProjectRequest,
  type WizardStep,
} from './request';
import { inputStep, pickStep } from './steps';
import { architectureItems, baseItems, type Item } from './ui';
import { languageDescription, missingToolchains } from './toolchain';

const TITLE = 'New Custom Runtime';

interface FolderItem extends vscode.QuickPickItem {
  readonly folder?: string;
  readonly browse?: true;
  /** Why this folder cannot be used; the picker stays open when it is chosen. */
  readonly problem?: string;
}

interface Answers {
  language?: Language;
  packaging: Packaging;
  architecture: Architecture;
  base: BaseRuntime;
  folder?: string;
  functionName?: string;
}

const frame = (step: WizardStep) => ({
  title: TITLE,
  step: WIZARD_STEPS.indexOf(step) + 1,
  totalSteps: WIZARD_STEPS.length,
});

/**
 * Asks for everything New Custom Runtime needs. `defaultFolder` (the folder clicked in the Explorer) is offered
 * first at the folder step. Resolves undefined when the user pressed Escape at any step.
 */
export async function askNewProject(defaultFolder: string | undefined): Promise<NewProjectRequest | undefined> {
  const host = hostArchitecture();
  const missing = await missingToolchains(LANGUAGES);
  const answers: Answers = { packaging: 'zip', architecture: host, base: DEFAULT_BASE };

  const steps: (() => Promise<StepOutcome>)[] = [
    async () => {
      const items = LANGUAGES.map((language) => ({
        label: language.label,
        description: languageDescription(language, missing.get(language.id)),
        value: language.id,
      }));
      const answer = await pickStep<Item<Language>>({
        ...frame('language'),
        placeholder: 'The language of the bootstrap and the handler',
        items,
        active: items.find((item) => item.value === answers.language),
        matchOnDescription: true,
      });
      return outcomeOf(answer, (item) => (answers.language = item.value));
    },
    async () => {
      // Back from here to a compiled language: its runtime is no layer.
      if (answers.packaging === 'layer' && !LAYER_LANGUAGES.includes(answers.language!)) answers.packaging = 'zip';
      const items: Item<Packaging>[] = [
        { label: 'Zip archive', description: 'bootstrap at the root of the .zip; runtime provided.*', value: 'zip' },
        {
          label: 'Container image',
          description: 'a Dockerfile on public.ecr.aws/lambda/provided, bootstrap in /var/runtime',
          value: 'image',
        },
        // The interpreted runtimes are one script: one layer can serve many functions.
        ...(LAYER_LANGUAGES.includes(answers.language!)
          ? [
              {
                label: 'Runtime in a layer',
                description: 'the bootstrap in a LayerVersion (/opt/bootstrap), the function with only its handler',
                value: 'layer' as const,
              },
            ]
          : []),
      ];
      const answer = await pickStep({
        ...frame('packaging'),
        placeholder: 'How the function is deployed',
        items,
        active: items.find((item) => item.value === answers.packaging),
      });
      return outcomeOf(answer, (item) => (answers.packaging = item.value));
    },
    async () => {
      const items = architectureItems(host);
      const answer = await pickStep({
        ...frame('architecture'),
        placeholder: 'The CPU the function runs on (Architectures in the template)',
        items,
        active: items.find((item) => item.value === answers.architecture),
      });
      return outcomeOf(answer, (item) => (answers.architecture = item.value));
    },
    async () => {
      // A Node.js layer brings nodejs.org's node, which Amazon Linux 2 cannot run (see layerInterpreterProblem).
      const items = baseItems().filter(
        (item) =>
          answers.packaging !== 'layer' ||
          answers.language === undefined ||
          layerInterpreterProblem({ ...answers, language: answers.language, base: item.value, functionName: '' }) ===
            undefined,
      );
      const answer = await pickStep({
        ...frame('base'),
        placeholder: 'The OS-only runtime the bootstrap runs on',
        items,
        active: items.find((item) => item.value === answers.base),
      });
      return outcomeOf(answer, (item) => (answers.base = item.value));
    },
    async () => {
      const answer = await askFolder(answers, defaultFolder);
      return outcomeOf(answer, (folder) => (answers.folder = folder));
    },
    async () => {
      const answer = await inputStep({
        ...frame('name'),
        prompt: 'The function’s name: the logical id in template.yaml (letters and digits, starting with a letter)',
        value: functionNameFromFolder(answers.folder ?? ''),
        validate: validateFunctionName,
      });
      return outcomeOf(answer, (name) => (answers.functionName = name));
    },
  ];
  if (!(await runSteps(steps))) return undefined;
  const { language, packaging, architecture, base, folder, functionName } = answers;
  if (language === undefined || folder === undefined || functionName === undefined) return undefined;
  return {
    options: { language, packaging, architecture, base, functionName },
    folder,
    onConflict: 'ask',
    open: true,
  };
}

/** What the folder step says about a candidate folder, in its detail line. */
function folderItem(label: string, folder: string, paths: readonly string[]): FolderItem {
  const state = inspectFolder(folder, paths);
  if (state.kind === 'file') {
    return {
      label,
      description: folder,
      folder,
      problem: 'is a file',
      detail: '$(error) This is a file, not a folder.',
    };
  }
  if (state.kind === 'missing') return { label, description: folder, folder, detail: 'A new folder' };
  if (state.existing.length === 0) return { label, description: folder, folder };
  const names = state.existing.slice(0, 4).join(', ') + (state.existing.length > 4 ? ', …' : '');
  return {
    label,
    description: folder,
    folder,
    detail: `$(warning) Already holds ${names}: you will be asked before any of them is replaced.`,
  };
}

/**
 * The folder step: the clicked folder, the workspace folders, a subfolder typed by name (relative to the first
 * of those), or Browse…. A file is refused in place; a folder that holds some of the scaffold's files says so.
 */
async function askFolder(answers: Answers, defaultFolder: string | undefined) {
  // The paths do not depend on the function's name; the language and packaging are known by now.
  const paths = renderScaffold({
    language: answers.language ?? 'bash',
    packaging: answers.packaging,
    architecture: answers.architecture,
    base: answers.base,
    functionName: 'Function',
  }).files.map((file) => file.path);
  const roots = (vscode.workspace.workspaceFolders ?? [])
    .filter((root) => root.uri.scheme === 'file')
    .map((root) => root.uri.fsPath);
  const base = defaultFolder ?? roots[0];
  let chosen = answers.folder;
  for (;;) {
    const fixed: FolderItem[] = [];
    const seen = new Set<string>();
    const add = (label: string, folder: string) => {
      if (seen.has(folder)) return;
      seen.add(folder);
      fixed.push(folderItem(label, folder, paths));
    };
    if (chosen !== undefined) add(`$(folder) ${path.basename(chosen)}`, chosen);
    if (defaultFolder !== undefined) add(`$(folder) ${path.basename(defaultFolder)}`, defaultFolder);
    for (const root of roots) add(`$(root-folder) ${path.basename(root)}`, root);
    fixed.push({ label: '$(folder-opened) Browse…', browse: true, alwaysShow: true });
    const answer = await pickStep<FolderItem>({
      ...frame('folder'),
      placeholder: base
        ? `Where to write the project: pick a folder, type a new folder’s name (in ${path.basename(base)}), or Browse…`
        : 'Where to write the project: type an absolute path, or Browse…',
      items: fixed,
      active: fixed[0],
      itemsForValue: (value) => {
        if (value.trim() === '') return [];
        const typed = resolveFolderInput(base, value);
        if ('error' in typed) {
          return [{ label: `$(error) ${value}`, detail: typed.error, problem: typed.error, alwaysShow: true }];
        }
        if (seen.has(typed.folder)) return [];
        return [{ ...folderItem(`$(new-folder) ${value.trim()}`, typed.folder, paths), alwaysShow: true }];
      },
      acceptable: (item) => item.problem === undefined,
    });
    if (answer === undefined || answer === BACK) return answer;
    if (!answer.browse) return answer.folder;
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: base ? vscode.Uri.file(base) : undefined,
      openLabel: 'Use This Folder',
      title: `${TITLE}: target folder`,
    });
    const folder = picked?.[0]?.scheme === 'file' ? picked[0].fsPath : undefined;
    if (folder === undefined) continue;
    const state = inspectFolder(folder, paths);
    // A folder with none of the scaffold's files is taken at once; otherwise the step shows it with its warning.
    if (state.kind !== 'file' && (state.kind === 'missing' || state.existing.length === 0)) return folder;
    chosen = folder;
  }
}
