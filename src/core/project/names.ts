// File-name conventions shared by discovery, target resolution and the engine's classification.
import path from 'node:path';

/** `Dockerfile`, `Dockerfile.dev`, `api.Dockerfile`, `Containerfile`. */
export const DOCKERFILE_NAME = /^(Dockerfile(\..+)?|.+\.[Dd]ockerfile|Containerfile(\..+)?)$/;

/** SAM's default template names (`sam build` looks for these). */
export const TEMPLATE_NAME = /^template\.ya?ml$/;

/** Folders never searched: dependencies, VCS data and build output (SAM's `.aws-sam` holds copies of bootstraps). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.aws-sam',
  'dist',
  'build',
  'target',
  'vendor',
  '.venv',
]);

export const isDockerfileName = (file: string): boolean => DOCKERFILE_NAME.test(path.basename(file));
export const isTemplateName = (file: string): boolean => TEMPLATE_NAME.test(path.basename(file));

/** Lambda starts exactly this file name in the runtime folder (or the function's root for a .zip). */
export const BOOTSTRAP_NAME = 'bootstrap';

/** Values of the variables Lambda's base images set; a Dockerfile that uses them relies on these defaults. */
export const LAMBDA_RUNTIME_DIR = '/var/runtime';
export const LAMBDA_TASK_ROOT = '/var/task';
