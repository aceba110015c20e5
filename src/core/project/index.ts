// The project model: which files are bootstraps, Dockerfiles and templates, and where each bootstrap runs.
export { findLintTargets, explicitFileKind, type LintTarget, type LintTargetKind } from './discovery';
export {
  imageMakesExecutable,
  isBootstrapCandidate,
  resolveTarget,
  findFileUse,
  imageFunctionsOf,
  DEFAULT_TARGET_SOURCE,
  type FileUse,
} from './target';
export { readTemplateFunctions, type TemplateFunctions } from './template-functions';
export { deploysZip, findZipDeployment, findZipFunction, layerZips } from './zip-function';
export type { ZipDeployment } from './zip-function';
export {
  parseTemplate,
  isProvidedRuntime,
  type ParsedTemplate,
  type TemplateFunctionDetails,
  type TemplateProblem,
} from './template';
export {
  analyzeDockerfile,
  type CommandInstruction,
  type CopyInstruction,
  type DockerfileFacts,
  type RunInstruction,
  type Stage,
} from './dockerfile-facts';
export { classifyImage, type ImageInfo } from './image-base';
export { findStartupFile, RUNTIME_BOOTSTRAP } from './context-files';

export { commandsOfPackage, installedByRun } from './packages';
export { DOCKERFILE_NAME, TEMPLATE_NAME, SKIPPED_FOLDERS, isDockerfileName, isTemplateName } from './names';
export type { RuntimeTarget, TemplateFunction } from './types';
