export { readExecutableHeader, type ExecutableHeader, type ExecutableFormat, type CpuArchitecture } from './header';
export { lintBinaryBootstrap } from './lint';
