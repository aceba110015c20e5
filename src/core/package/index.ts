// Deployment packages: the zip Lambda runs, built from a function's folder or a template.
export { checkPackage } from './check';
export { PackageError } from './errors';
export { COMPILED_EXCLUSIONS, DEFAULT_EXCLUSIONS, LAMBDAIGNORE_FILE, loadExclusions } from './exclusions';
export type { ExclusionOptions, ExclusionTest } from './exclusions';
export { findMakefile, runBuild } from './build';
export type { BuildOutput, BuildStep } from './build';
export { packageTarget } from './package';
export type { PackageOptions, PackageResult } from './package';
export { readTemplateTargets } from './targets';
export type { PackageTarget, TemplateTargets } from './targets';
export { BOOTSTRAP, MODE, walkFolder } from './walk';
export type { FolderListing, WalkOptions, ZipEntrySpec } from './walk';
export { FIXED_MTIME, writeZip } from './zip-writer';
export type { ZipSummary } from './zip-writer';
export { extractAgain, extractTaskRoot, ZipExtractError } from './extract';
export type { ExtractedTaskRoot, ExtractOptions } from './extract';
export { DEFAULT_OUT_DIR, formatBytes, selectPackageTargets, TEMPLATE_NAMES } from './select';
export type { PackageSelection } from './select';
