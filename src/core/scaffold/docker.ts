// Pieces every scaffold's Dockerfile shares: Lambda's OS-only base image for the chosen Amazon Linux, built for
// the function's CPU whatever machine runs `docker build`.
import type { Architecture } from '../types';
import type { BaseRuntime } from './types';

const PLATFORMS: Readonly<Record<Architecture, string>> = { x86_64: 'linux/amd64', arm64: 'linux/arm64' };

/** `linux/amd64` or `linux/arm64`: the `--platform` of every FROM, so the image runs on the function's CPU. */
export function dockerPlatform(architecture: Architecture): string {
  return PLATFORMS[architecture];
}

/** `public.ecr.aws/lambda/provided:al2023` (or `:al2`). */
export function providedImage(base: BaseRuntime): string {
  return `public.ecr.aws/lambda/provided:${base === 'provided.al2' ? 'al2' : 'al2023'}`;
}

/** `FROM --platform=linux/arm64 public.ecr.aws/lambda/provided:al2023`. */
export function fromProvided(base: BaseRuntime, architecture: Architecture): string {
  return `FROM --platform=${dockerPlatform(architecture)} ${providedImage(base)}`;
}

/** A JSON-form CMD: the handler the runtime reads as `_HANDLER`. */
export function cmdLine(handler: string): string {
  return `CMD [ ${JSON.stringify(handler)} ]`;
}

/** A COPY instruction; the JSON form when a path has a space or a quote, which the plain form cannot hold. */
export function copyLine(flags: string, sources: readonly string[], destination: string): string {
  const prefix = flags === '' ? 'COPY' : `COPY ${flags}`;
  const all = [...sources, destination];
  if (all.every((word) => /^[^\s"'\\]+$/.test(word))) return `${prefix} ${all.join(' ')}`;
  return `${prefix} [${all.map((word) => JSON.stringify(word)).join(', ')}]`;
}
