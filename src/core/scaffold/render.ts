// Rendering a whole project: the language's files plus the shared ones. Pure: options in, files out, the same
// files for the same options, every text with LF endings.
import { findEvent } from './events';
import { renderGitattributes, renderGitignore } from './gitfiles';
import { languageTemplate } from './languages';
import { renderLaunch, renderTasks } from './launch';
import { LAYER_LANGUAGES, renderLayerScaffold } from './layer';
import { layerInterpreterProblem } from './layer-interpreter';
import { validateFunctionName } from './names';
import { renderReadme } from './readme';
import { renderTemplate } from './template';
import type { BaseRuntime, Language, Packaging, Scaffold, ScaffoldFile, ScaffoldOptions } from './types';

/** The sample event every scaffold's handler greets: the catalogue's plain `custom` event. */
export const SAMPLE_EVENT_PATH = 'events/event.json';
// The catalogue's tests check that `custom` is there.
export const SAMPLE_EVENT_JSON = findEvent('custom')!.json;
const DEFAULT_BOOTSTRAP = 'bootstrap';

const PACKAGINGS: readonly Packaging[] = ['zip', 'image', 'layer'];
const BASES: readonly BaseRuntime[] = ['provided.al2023', 'provided.al2'];
const ARCHITECTURES: readonly string[] = ['x86_64', 'arm64'];

/** Throws an Error with a sentence when `options` cannot make a scaffold (options from a command argument). */
function checkOptions(options: ScaffoldOptions): void {
  languageTemplate(options.language);
  const problem = validateFunctionName(String(options.functionName ?? ''));
  if (problem !== undefined) throw new Error(problem);
  if (!PACKAGINGS.includes(options.packaging)) {
    throw new Error(`Unknown packaging '${String(options.packaging)}': use zip, image or layer.`);
  }
  if (options.packaging === 'layer' && !LAYER_LANGUAGES.includes(options.language)) {
    throw new Error(
      `A runtime in a layer is scaffolded for ${LAYER_LANGUAGES.join(', ')}; a compiled runtime (${options.language}) is one binary: use zip.`,
    );
  }
  if (!ARCHITECTURES.includes(options.architecture)) {
    throw new Error(`Unknown architecture '${String(options.architecture)}': use x86_64 or arm64.`);
  }
  if (!BASES.includes(options.base)) {
    throw new Error(`Unknown base '${String(options.base)}': use provided.al2023 or provided.al2.`);
  }
  const layerProblem = options.packaging === 'layer' ? layerInterpreterProblem(options) : undefined;
  if (layerProblem !== undefined) throw new Error(layerProblem);
}

/** LF endings whatever a template string held, so every file is written the same on every platform. */
function lf(file: ScaffoldFile): ScaffoldFile {
  return file.content.includes('\r') ? { ...file, content: file.content.replace(/\r\n?/g, '\n') } : file;
}

/**
 * Every file of a new project for `options`: the language's bootstrap or sources and handler, the Dockerfile
 * (image), template.yaml, the sample event, launch.json (and tasks.json for a build), .gitattributes,
 * .gitignore and README.md. Throws an Error with a sentence on invalid options (an unknown language, a name
 * that is no CloudFormation logical id).
 */
export function renderScaffold(options: ScaffoldOptions): Scaffold {
  checkOptions(options);
  const language = languageTemplate(options.language);
  if (options.packaging === 'layer') {
    return renderLayerScaffold(options, language, { path: SAMPLE_EVENT_PATH, json: SAMPLE_EVENT_JSON });
  }
  const own = language.files(options);
  const handler = language.handler(options);
  const bootstrapPath = own.find((file) => file.role === 'bootstrap')?.path ?? DEFAULT_BOOTSTRAP;
  const files: ScaffoldFile[] = [...own];
  if (options.packaging === 'image') {
    files.push({ path: 'Dockerfile', content: language.dockerfile(options), role: 'dockerfile' });
  }
  files.push({ path: 'template.yaml', content: renderTemplate(options, language), role: 'template' });
  files.push({ path: SAMPLE_EVENT_PATH, content: SAMPLE_EVENT_JSON, role: 'event' });
  files.push({
    path: '.vscode/launch.json',
    content: renderLaunch(options, language, SAMPLE_EVENT_PATH),
    role: 'launch',
  });
  const tasks = renderTasks(options, language);
  if (tasks !== undefined) files.push({ path: '.vscode/tasks.json', content: tasks, role: 'tasks' });
  files.push({ path: '.gitattributes', content: renderGitattributes(files, language), role: 'gitattributes' });
  files.push({ path: '.gitignore', content: renderGitignore(language), role: 'gitignore' });
  const facts = { handler, bootstrapPath, eventPath: SAMPLE_EVENT_PATH, build: language.build };
  files.push({ path: 'README.md', content: renderReadme(options, language, facts, files), role: 'readme' });
  return {
    options,
    files: files.map(lf),
    handlerPath: language.handlerPath,
    bootstrapPath,
    handler,
    build: language.build,
    eventPath: SAMPLE_EVENT_PATH,
  };
}

const BOOTSTRAP_DEFAULTS: Omit<ScaffoldOptions, 'language'> = {
  packaging: 'zip',
  architecture: 'x86_64',
  base: 'provided.al2023',
  functionName: 'Function',
};

/**
 * For "Add Bootstrap": the event-loop files of `language` to put next to an existing handler. An interpreted
 * language gives its executable `bootstrap` script alone (it loads the handler `_HANDLER` names); a compiled one
 * all its sources, the sample handler and the Makefile included, since its runtime calls the handler through
 * its own interface and builds only with one (the writer asks before replacing an existing file). `options`
 * fill in what the Makefile names (`functionName` for `build-<Function>`, `architecture`); the defaults are zip,
 * x86_64, provided.al2023, Function.
 */
export function renderBootstrap(language: Language, options: Partial<ScaffoldOptions> = {}): ScaffoldFile[] {
  const full: ScaffoldOptions = { ...BOOTSTRAP_DEFAULTS, ...options, language };
  checkOptions(full);
  const template = languageTemplate(language);
  const files = template.files(full);
  return (template.compiled ? files : files.filter((file) => file.role === 'bootstrap')).map(lf);
}
