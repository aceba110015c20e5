// `zip-size`: Lambda refuses a function whose code and layers unzip to more than 250 MB (262,144,000 bytes:
// "Unzipped size must be smaller than 262144000 bytes"), and a zip over 50 MB sent directly in the request
// (the console, UpdateFunctionCode with ZipFile): that one must go through S3. Sizes are the ones the central
// directory declares, as Lambda counts them: nothing is inflated to measure.
import type { ZipFacts } from './facts';
import type { LayerFacts } from './layers';
import type { ZipEntryProblem } from './problems';

export const MAX_UNZIPPED_BYTES = 262_144_000;
export const MAX_DIRECT_UPLOAD_BYTES = 50 * 1024 * 1024;

/** zip-size: over 250 MB unzipped with the layers (error), else over 50 MB zipped (warning). */
export function zipSize(facts: ZipFacts, layers: LayerFacts): ZipEntryProblem | undefined {
  const total = facts.unzippedBytes + layers.unzippedBytes;
  if (total > MAX_UNZIPPED_BYTES) {
    const parts =
      layers.unzippedBytes > 0 ? ` (the zip ${mb(facts.unzippedBytes)}, its layers ${mb(layers.unzippedBytes)})` : '';
    return {
      code: 'zip-size',
      message:
        `The function unzips to ${mb(total)}${parts}, over Lambda's 250 MB limit for a function and its layers ` +
        'together: the deployment is refused ("Unzipped size must be smaller than 262144000 bytes"). Leave out what ' +
        'does not run (tests, docs, dev dependencies, caches), strip debug symbols from binaries, or deploy a ' +
        'container image (up to 10 GB).',
    };
  }
  if (facts.fileSize > MAX_DIRECT_UPLOAD_BYTES) {
    return {
      code: 'zip-size',
      severity: 'warning',
      message:
        `The zip is ${mb(facts.fileSize)}, over the 50 MB Lambda accepts in a direct upload (the console, ` +
        '`aws lambda update-function-code --zip-file`): upload it to S3 and deploy from there (`sam deploy` does), ' +
        'or make it smaller.',
    };
  }
  return undefined;
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
