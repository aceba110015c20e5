// The scaffolding core's public entry: the language catalogue, rendering and writing. The palette commands, the
// command line and the tests import from here (and the types from ./types).
export { LANGUAGES, languageTemplate } from './languages';
export { DEFAULT_FUNCTION_NAME, functionNameFromFolder, hostArchitecture, validateFunctionName } from './names';
export { renderBootstrap, renderScaffold, SAMPLE_EVENT_JSON, SAMPLE_EVENT_PATH } from './render';
export { renderDockerfileFor, type DockerfileRequest } from './dockerfile-for';
export { writeScaffold } from './write';
export { LAYER_LANGUAGES } from './layer';
export type { LanguageTemplate } from './language';
export type * from './types';
