// What a Dockerfile's base image tells about the target: which Lambda base it is, its CPU and what /bin/sh is.
import type { Architecture, TargetBase } from '../types';

export interface ImageInfo {
  /** `provided`: an OS-only Lambda image; `managed`: a Lambda language image (python, nodejs...); `other`: anything else. */
  readonly kind: 'provided' | 'managed' | 'other';
  /** For OS-only Lambda images, the runtime it matches. */
  readonly base?: TargetBase;
  /** For Lambda language images, the language (`python`, `nodejs`...). */
  readonly managedRuntime?: string;
  /** From an architecture tag such as `al2023-arm64`. */
  readonly architecture?: Architecture;
  /** Whether `/bin/sh` is bash there. */
  readonly shIsBash: boolean;
}

/** Repository names of Lambda's images: `public.ecr.aws/lambda/<x>` and the Docker Hub mirror `amazon/aws-lambda-<x>`. */
const LAMBDA_REPOSITORY = /(?:^|\/)(?:lambda\/|aws-lambda-)([a-z]+)$/;
const MANAGED_RUNTIMES = new Set(['python', 'nodejs', 'java', 'dotnet', 'ruby', 'go']);

// Images whose /bin/sh is dash (Debian, Ubuntu and the Docker official language images built on them), ash
// (Alpine, BusyBox) or absent (scratch, distroless). Amazon Linux images, and so Lambda's own, link sh to bash.
const NOT_BASH_IMAGE =
  /(?:^|\/)(alpine|busybox|debian|ubuntu|scratch|distroless\/[\w.-]+|golang|node|python|ruby|rust|perl|php|openjdk|eclipse-temurin|buildpack-deps|gcc)$/;
const NOT_BASH_TAG = /(alpine|slim|bookworm|bullseye|buster|trixie|jammy|noble|focal)/;

/** Splits `registry/repo:tag@digest` into repository and tag (tag undefined when absent). */
export function splitImage(image: string): { repository: string; tag?: string } {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return { repository: withoutDigest.toLowerCase() };
  return { repository: withoutDigest.slice(0, colon).toLowerCase(), tag: withoutDigest.slice(colon + 1) };
}

/** Classifies a base image reference (variables already substituted). */
export function classifyImage(image: string): ImageInfo {
  const { repository, tag } = splitImage(image.trim());
  const architecture = tagArchitecture(tag);
  const lambda = LAMBDA_REPOSITORY.exec(repository);
  if (lambda !== null && lambda[1] === 'provided') {
    return { kind: 'provided', base: providedBase(tag), architecture, shIsBash: true };
  }
  if (lambda !== null && MANAGED_RUNTIMES.has(lambda[1])) {
    return { kind: 'managed', managedRuntime: lambda[1], architecture, shIsBash: true };
  }
  const notBash = NOT_BASH_IMAGE.test(repository) || (tag !== undefined && NOT_BASH_TAG.test(tag));
  return { kind: 'other', architecture, shIsBash: !notBash };
}

/** `provided:al2023*` → provided.al2023, `provided:al2*` → provided.al2, `latest`/`alami`/no tag → provided. */
function providedBase(tag: string | undefined): TargetBase {
  if (tag === undefined) return 'provided';
  if (tag.startsWith('al2023')) return 'provided.al2023';
  if (tag.startsWith('al2')) return 'provided.al2';
  return 'provided';
}

function tagArchitecture(tag: string | undefined): Architecture | undefined {
  if (tag === undefined) return undefined;
  if (/arm64|aarch64/.test(tag)) return 'arm64';
  if (/x86_64|amd64/.test(tag)) return 'x86_64';
  return undefined;
}

/** `linux/arm64`, `linux/arm64/v8` → arm64; `linux/amd64` → x86_64; others (or a variable) → undefined. */
export function platformArchitecture(platform: string | undefined): Architecture | undefined {
  if (platform === undefined) return undefined;
  const cpu = platform.toLowerCase().split('/')[1] ?? '';
  if (cpu === 'arm64' || cpu === 'aarch64') return 'arm64';
  if (cpu === 'amd64' || cpu === 'x86_64') return 'x86_64';
  return undefined;
}
