// `elf-arch`: a compiled bootstrap Lambda cannot start. Lambda execs it directly; a Mach-O or PE file, or an ELF
// for another CPU, fails with "exec format error" and the invocation with Runtime.InvalidEntrypoint.
// `elf-glibc` (see glibc.ts): an ELF that needs a newer glibc than the base image has.
import { DEFAULT_TARGET_SOURCE } from '../../project/target';
import type { RuntimeTarget } from '../../project/types';
import type { LintDocument } from '../document';
import { ruleFinding } from '../rules';
import type { Finding, Range } from '../types';
import { readGlibcNeeds, type GlibcNeeds } from './elf-versions';
import { glibcProblem } from './glibc';
import { readExecutableHeader, type CpuArchitecture, type ExecutableHeader } from './header';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const BUILD_HINT: Readonly<Record<'x86_64' | 'arm64', string>> = {
  x86_64: 'GOOS=linux GOARCH=amd64 for Go, --target x86_64-unknown-linux-gnu for Rust',
  arm64: 'GOOS=linux GOARCH=arm64 for Go, --target aarch64-unknown-linux-gnu for Rust',
};

/** Findings on a compiled bootstrap (the document's bytes hold an ELF, Mach-O or PE header): elf-arch, elf-glibc. */
export function lintBinaryBootstrap(doc: LintDocument, target: RuntimeTarget): Finding[] {
  const header = readExecutableHeader(doc.bytes);
  const needs = header.format === 'elf' ? readGlibcNeeds(doc.bytes) : undefined;
  return binaryProblems(header, needs, target, 'The bootstrap').map((problem) =>
    ruleFinding(problem.code, doc.file, START, problem.message),
  );
}

/** One problem of a binary, before it becomes a finding in a file (or in a zip's entry). */
export interface BinaryProblem {
  readonly code: 'elf-arch' | 'elf-glibc';
  readonly message: string;
}

/**
 * The elf-arch and elf-glibc problems of a binary whose header is `header` and whose glibc needs are `needs`
 * (from readGlibcNeeds; undefined when not read), where `target` runs it. `subject` starts each message:
 * `The bootstrap`, or a zip entry's name. A binary for the wrong CPU gets only elf-arch: its glibc is moot.
 */
export function binaryProblems(
  header: ExecutableHeader,
  needs: GlibcNeeds | undefined,
  target: RuntimeTarget,
  subject: string,
): BinaryProblem[] {
  const arch = archProblem(header, target, subject);
  if (arch !== undefined) return [{ code: 'elf-arch', message: arch }];
  const glibc = needs === undefined ? undefined : glibcProblem(needs, target, subject);
  return glibc === undefined ? [] : [{ code: 'elf-glibc', message: glibc }];
}

function archProblem(header: ExecutableHeader, target: RuntimeTarget, subject: string): string | undefined {
  const wanted = target.architecture;
  const where = whereFrom(target);
  const rebuild = `Rebuild it for Linux on ${wanted} (${BUILD_HINT[wanted]})`;
  if (header.format === 'macho') {
    return `${subject} is a macOS (Mach-O ${describe(header)}) executable; Lambda runs Linux ELF executables, so it fails with Runtime.InvalidEntrypoint. ${rebuild}.`;
  }
  if (header.format === 'pe') {
    return `${subject} is a Windows (PE ${describe(header)}) executable; Lambda runs Linux ELF executables, so it fails with Runtime.InvalidEntrypoint. ${rebuild}.`;
  }
  if (header.format !== 'elf') return undefined;
  if (header.os !== undefined && header.os !== 'linux') {
    return `${subject} is an ELF executable for ${header.os}, not Linux; Lambda cannot run it. ${rebuild}.`;
  }
  if (header.arch !== undefined && header.arch !== wanted) {
    const other = wanted === 'x86_64' ? 'arm64' : 'x86_64';
    const fixArchitecture = header.arch === other ? `, or set the function's Architectures to [${other}]` : '';
    return `${subject} is built for ${describe(header)} but the function's Architectures is ${wanted}${where === '' ? '' : ` (${where})`}; Lambda fails with Runtime.InvalidEntrypoint (exec format error). ${rebuild}${fixArchitecture}.`;
  }
  // Alpine's musl loader does not exist on Amazon Linux: the kernel reports the missing loader as a missing file.
  if (header.interpreter !== undefined && /ld-musl/.test(header.interpreter) && onAmazonLinux(target)) {
    return `${subject} is linked against musl (${header.interpreter}), which ${target.base} does not have; Lambda fails with "no such file or directory" (Runtime.InvalidEntrypoint). Link it statically or build it against glibc.`;
  }
  return undefined;
}

/** `arm64 (aarch64)`, `x86_64 (x86-64)`, `32-bit arm`. */
function describe(header: ExecutableHeader): string {
  const arch: CpuArchitecture | undefined = header.arch;
  if (header.fatArchitectures !== undefined) return `universal: ${header.fatArchitectures.join(', ')}`;
  if (arch === undefined) return 'an unknown CPU';
  if (arch === 'other') return header.machine ?? 'an unknown CPU';
  const name = header.bits === 32 && (arch === 'arm' || arch === 'x86') ? `32-bit ${arch}` : arch;
  return header.machine !== undefined && header.machine !== arch ? `${name} (${header.machine})` : name;
}

function whereFrom(target: RuntimeTarget): string {
  if (target.source === DEFAULT_TARGET_SOURCE) return 'the default: no template or Dockerfile sets it';
  return target.source;
}

function onAmazonLinux(target: RuntimeTarget): boolean {
  return target.baseImage === undefined || /lambda|amazonlinux/.test(target.baseImage);
}
