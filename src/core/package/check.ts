// A built package checked as lint checks a zip, against what its template says of it: the function's runtime,
// architecture and layers (a layer's zip as a layer). The command line and the editor both check built zips here.
import path from 'node:path';
import { layersFromTemplate, lintZip } from '../lint/zip';
import type { Finding, RuleSettings } from '../lint/types';
import type { TargetBase } from '../types';
import type { PackageTarget } from './targets';

/**
 * The findings of the zip `file` built for `target` (zip-no-bootstrap, zip-exec-bit, zip-unreadable, zip-crlf,
 * zip-size, zip-symlink, elf-arch, elf-glibc). Rejects with a sentence when the zip cannot be read.
 */
export function checkPackage(file: string, target: PackageTarget, rules?: RuleSettings): Promise<Finding[]> {
  return lintZip(file, {
    base: isTargetBase(target.runtime) ? target.runtime : undefined,
    architecture: target.architecture,
    source: target.template === undefined ? undefined : `${path.basename(target.template)} (${target.name})`,
    layers: target.layers === undefined ? undefined : layersFromTemplate(target.layers),
    role: target.kind,
    rules,
  });
}

function isTargetBase(runtime: string | undefined): runtime is TargetBase {
  return runtime === 'provided.al2023' || runtime === 'provided.al2' || runtime === 'provided';
}
