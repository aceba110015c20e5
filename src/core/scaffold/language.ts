// What each language contributes to a scaffold. The shared files (template.yaml, launch.json, README frame,
// .gitattributes, events) are rendered once for all languages; a language gives its own sources, build and
// Dockerfile. One module per language under languages/ implements this.
import type { LanguageInfo, ScaffoldFile, ScaffoldOptions } from './types';

export interface LanguageTemplate extends LanguageInfo {
  /** `_HANDLER` for a function called `functionName`, e.g. `function.handler`, `handler.main`, `bootstrap`. */
  handler(options: ScaffoldOptions): string;
  /** The file the editor opens after writing (relative path). */
  readonly handlerPath: string;
  /** The language's own files: bootstrap or its sources, the handler, the Makefile of compiled languages. */
  files(options: ScaffoldOptions): ScaffoldFile[];
  /** The image variant's Dockerfile (multi-stage for compiled languages, `--platform` from the architecture). */
  dockerfile(options: ScaffoldOptions): string;
  /** Lines for .gitignore besides the shared ones (build outputs). */
  readonly gitignore: readonly string[];
  /** The language's part of the README: how it works, how it compares with the official runtime library. */
  readme(options: ScaffoldOptions): string;
  /** For compiled languages: the command that builds `./bootstrap` for this machine (`['make']`). */
  readonly build?: readonly string[];
}
