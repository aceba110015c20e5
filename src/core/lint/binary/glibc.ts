// `elf-glibc`: a dynamically linked binary built on a newer Linux than the function's base image. The dynamic
// loader checks every GLIBC_x.y version the binary needs before main() runs and stops with "version `GLIBC_2.34'
// not found": the runtime exits before it reaches the Runtime API (Runtime.ExitError). Typical cause: a Rust, Go
// (cgo) or C++ bootstrap built on an Ubuntu CI runner or a Debian laptop and deployed on provided.al2.
import type { RuntimeTarget } from '../../project/types';
import type { TargetBase } from '../types';
import { compareVersions, type GlibcNeeds } from './elf-versions';

/** The glibc of each base image: Amazon Linux 2023, Amazon Linux 2, Amazon Linux 2018.03. */
export const BASE_GLIBC: Readonly<Record<TargetBase, string>> = {
  'provided.al2023': '2.34',
  'provided.al2': '2.26',
  provided: '2.17',
};

const AMAZON_LINUX_IMAGES: readonly [RegExp, string][] = [
  [/(^|\/)amazonlinux:2023/, '2.34'],
  [/(^|\/)amazonlinux:2(\.|-|$)/, '2.26'],
];

/**
 * The glibc version where `target` runs and the name of that base, or undefined when it is not known: an image on
 * another distribution (Debian, Alpine...) brings its own C library, which this rule does not guess.
 */
export function targetGlibc(target: RuntimeTarget): { readonly version: string; readonly base: string } | undefined {
  const image = target.baseImage;
  if (image === undefined || /lambda\/provided/.test(image)) {
    return { version: BASE_GLIBC[target.base], base: target.base };
  }
  for (const [pattern, version] of AMAZON_LINUX_IMAGES) if (pattern.test(image)) return { version, base: image };
  return undefined;
}

/** The elf-glibc message for `subject` (`The bootstrap`, `bin/tool`), or undefined when the base has what it needs. */
export function glibcProblem(needs: GlibcNeeds, target: RuntimeTarget, subject: string): string | undefined {
  if (needs.kind !== 'glibc') return undefined;
  const glibc = targetGlibc(target);
  if (glibc === undefined || compareVersions(needs.newest, glibc.version) <= 0) return undefined;
  const too = needs.versions.filter((version) => compareVersions(version, glibc.version) > 0);
  const listed =
    too.length > 1
      ? ` (also ${too
          .slice(0, -1)
          .map((v) => `GLIBC_${v}`)
          .join(', ')})`
      : '';
  const example = needs.symbol === undefined ? '' : `, e.g. ${needs.symbol}@GLIBC_${needs.newest}`;
  const cpu = target.architecture === 'arm64' ? 'aarch64' : 'x86_64';
  const where = target.source === '' ? '' : ` (${target.source})`;
  return (
    `${subject} needs glibc ${needs.newest} (symbol version GLIBC_${needs.newest}${example}${listed}) but ${glibc.base} has glibc ` +
    `${glibc.version}${where}: it stops before main() with "version \`GLIBC_${needs.newest}' not found" ` +
    `(Runtime.ExitError). It was built on a newer Linux than the base. Build it on the base image ` +
    `(${buildImage(glibc.base)}), link it statically or against musl (Rust: --target ${cpu}-unknown-linux-musl; ` +
    `Go: CGO_ENABLED=0), or name the glibc to link against with cargo-zigbuild ` +
    `(cargo zigbuild --target ${cpu}-unknown-linux-gnu.${glibc.version}).`
  );
}

function buildImage(base: string): string {
  if (base === 'provided.al2') return 'public.ecr.aws/lambda/provided:al2 or amazonlinux:2';
  if (base === 'provided.al2023') return 'public.ecr.aws/lambda/provided:al2023 or amazonlinux:2023';
  if (base === 'provided') return 'amazonlinux:2018.03';
  return base;
}
