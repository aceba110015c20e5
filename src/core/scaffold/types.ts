// The scaffolding contract: what the palette commands, the command line and the tests ask of the template
// catalogue. Rendering is pure (options in, files out); writing to disk is a separate step that never
// overwrites a file without asking.
import type { Architecture } from '../types';

export type Language = 'bash' | 'node' | 'python' | 'go' | 'rust' | 'cpp';
/** `layer`: the runtime in a LayerVersion, the function with only its handler (bash, node, python). */
export type Packaging = 'zip' | 'image' | 'layer';
export type BaseRuntime = 'provided.al2023' | 'provided.al2';

export interface ScaffoldOptions {
  readonly language: Language;
  readonly packaging: Packaging;
  readonly architecture: Architecture;
  readonly base: BaseRuntime;
  /** The template's logical id and the function's name: letters and digits, starting with a letter. */
  readonly functionName: string;
}

/** What a scaffolded file is for; the editor opens the handler, the writer makes the bootstrap executable. */
export type ScaffoldRole =
  | 'bootstrap'
  | 'handler'
  | 'source'
  | 'template'
  | 'dockerfile'
  | 'makefile'
  | 'event'
  | 'launch'
  | 'tasks'
  | 'gitattributes'
  | 'gitignore'
  | 'readme';

export interface ScaffoldFile {
  /** Relative to the project folder, with `/` separators. */
  readonly path: string;
  /** Text with LF line endings. */
  readonly content: string;
  readonly role: ScaffoldRole;
  /** Written with mode 0755. */
  readonly executable?: boolean;
}

export interface Scaffold {
  readonly options: ScaffoldOptions;
  readonly files: readonly ScaffoldFile[];
  /** The file the editor opens after writing (relative path). */
  readonly handlerPath: string;
  /** Where the runnable bootstrap is once built (relative path); for compiled languages the Makefile makes it. */
  readonly bootstrapPath: string;
  /** `_HANDLER` as the template and the Dockerfile's CMD give it. */
  readonly handler: string;
  /** The command that builds `./bootstrap` for this machine, for compiled languages (`['make']`). */
  readonly build?: readonly string[];
  /** The sample event the README, launch.json and the tests invoke (relative path). */
  readonly eventPath: string;
}

/** One entry of the language picker. */
export interface LanguageInfo {
  readonly id: Language;
  readonly label: string;
  readonly description: string;
  /** Built by the Makefile (go, rust, cpp). */
  readonly compiled: boolean;
  /** Programs a build or a local run needs on this machine, e.g. `['go']`, `['cargo']`, `['g++', 'curl-config']`. */
  readonly toolchain: readonly string[];
}

/** One sample event of the built-in catalogue (shipped in the package, never downloaded). */
export interface SampleEvent {
  /** Short id used by `events show SOURCE` and the pickers, e.g. `apigateway-http`, `s3-put`, `sqs`. */
  readonly source: string;
  /** Shown in pickers, e.g. `API Gateway HTTP API (payload 2.0)`. */
  readonly title: string;
  readonly description: string;
  /** The event as pretty-printed JSON text with a final newline. */
  readonly json: string;
}

/** How the writer resolves a file that already exists with different content. */
export type ConflictAnswer = 'overwrite' | 'keep';

/** Asked once per existing file whose content differs; the editor may show a diff before answering. */
export type ConflictResolver = (file: ScaffoldFile, absolutePath: string) => Promise<ConflictAnswer>;

export interface WriteReport {
  readonly written: readonly string[];
  /** Existing files left as they were (the user said keep, or the content was already the same). */
  readonly kept: readonly string[];
}
