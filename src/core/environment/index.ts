// Lambda's execution environment for a function: its layers at /opt and, on Linux, Lambda's file system.
export {
  chooseBootstrap,
  prepareFunction,
  prepareTemplateFunction,
  type TemplateRun,
  type TemplateRunOptions,
} from './template-function';
export { decideExecution, SandboxUnavailableError, type Execution } from './execution';
export { KeptLayerFolders } from './kept-layer-folders';
export { LayerError, resolveLayers, type LayerOptions, type ResolvedLayers } from './layers';
export { parseLayerOverride } from './layer-overrides';
export { localLayerSources } from './layer-sources';
export { SANDBOX_MODES, type SandboxMode } from '../emulator/sandbox/probe';
