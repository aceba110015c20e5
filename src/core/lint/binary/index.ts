export { readExecutableHeader, type ExecutableHeader, type ExecutableFormat, type CpuArchitecture } from './header';
export { lintBinaryBootstrap, binaryProblems, type BinaryProblem } from './lint';
export { FileParts, readGlibcNeeds, compareVersions, type GlibcNeeds } from './elf-versions';
export { BASE_GLIBC, targetGlibc } from './glibc';
