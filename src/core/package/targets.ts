// What a template asks to package: each `provided.*` zip function with local code, and each layer whose content
// is a local folder (AWS::Serverless::LayerVersion ContentUri, or AWS::Lambda::LayerVersion Content as
// `aws cloudformation package` takes it), with the build method `sam build` would use for it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CLOUDFORMATION_TAGS } from '../project/cfn-tags';
import { resolveString, type TemplateContext } from '../project/intrinsics';
import type { Architecture } from '../types';
import { isProvidedRuntime, parseTemplate, type LayerSource } from '../project/template';
import { PackageError } from './errors';

/** One zip to build. */
export interface PackageTarget {
  /** The logical id (the zip is `<name>.zip`), or the folder's name when there is no template. */
  readonly name: string;
  readonly kind: 'function' | 'layer';
  /** The folder whose content goes into the zip (CodeUri / ContentUri, resolved). */
  readonly folder: string;
  /** `Metadata.BuildMethod`; `makefile` means `make build-<name>` into ARTIFACTS_DIR. */
  readonly buildMethod?: string;
  /** Functions of a template: what the zip's checks judge it against. */
  readonly runtime?: string;
  readonly architecture?: Architecture;
  readonly layers?: readonly LayerSource[];
  /** The template that defines it, if any. */
  readonly template?: string;
}

/** The targets of a template, and why some of its functions are not among them. */
export interface TemplateTargets {
  readonly targets: PackageTarget[];
  /** Functions and layers left out, each with the reason (an image function, S3 code, another runtime). */
  readonly skipped: string[];
}

const LAYER_TYPES: Readonly<Record<string, string>> = {
  'AWS::Serverless::LayerVersion': 'ContentUri',
  'AWS::Lambda::LayerVersion': 'Content',
};

/**
 * Reads `templatePath` and lists what to package, functions first, each group in template order. Rejects with a
 * {@link PackageError} when the template cannot be read or has a YAML error: packaging a template that does
 * not parse would only hide what `sam deploy` will refuse.
 */
export async function readTemplateTargets(templatePath: string): Promise<TemplateTargets> {
  const file = path.resolve(templatePath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PackageError(`Cannot read the template ${file}: ${(error as NodeJS.ErrnoException).code ?? error}.`);
  }
  const parsed = parseTemplate(text, file);
  const broken = parsed.problems.find((problem) => problem.severity === 'error');
  if (broken !== undefined) {
    throw new PackageError(
      `The template ${file} cannot be read (line ${broken.range.start.line + 1}): ${broken.message}`,
    );
  }
  const targets: PackageTarget[] = [];
  const skipped: string[] = [];
  for (const fn of parsed.functions) {
    if (fn.packageType === 'Image') skipped.push(`${fn.name}: an image function (built by docker, not zipped)`);
    else if (!isProvidedRuntime(fn.runtime))
      skipped.push(`${fn.name}: runtime ${fn.runtime || '(none)'}, not provided.*`);
    else if (!fn.localCode) skipped.push(`${fn.name}: its code is not a local folder (S3 or inline)`);
    else {
      targets.push({
        name: fn.name,
        kind: 'function',
        folder: fn.codeUri,
        buildMethod: fn.buildMethod,
        runtime: fn.runtime,
        architecture: fn.architecture,
        layers: fn.layers,
        template: file,
      });
    }
  }
  const layers = readLayerTargets(text, file);
  return { targets: [...targets, ...layers.targets], skipped: [...skipped, ...layers.skipped] };
}

function readLayerTargets(text: string, file: string): TemplateTargets {
  const folder = path.dirname(file);
  const root: unknown = parseDocument(text, { customTags: [...CLOUDFORMATION_TAGS], merge: true }).toJS({
    maxAliasCount: 1000,
  });
  const targets: PackageTarget[] = [];
  const skipped: string[] = [];
  if (!isRecord(root) || !isRecord(root.Resources)) return { targets, skipped };
  const context: TemplateContext = {
    parameters: Object.fromEntries(
      Object.entries(isRecord(root.Parameters) ? root.Parameters : {}).map(([name, p]) => [
        name,
        isRecord(p) ? p.Default : undefined,
      ]),
    ),
    mappings: isRecord(root.Mappings) ? root.Mappings : {},
  };
  for (const [name, resource] of Object.entries(root.Resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') continue;
    const property = LAYER_TYPES[resource.Type];
    if (property === undefined) continue;
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    const content = resolveString(properties[property], context);
    if (content === undefined || /^s3:\/\//i.test(content)) {
      skipped.push(`${name}: its content is not a local folder (S3 or unresolved)`);
      continue;
    }
    const metadata = isRecord(resource.Metadata) ? resource.Metadata : {};
    const buildMethod = resolveString(metadata.BuildMethod, context);
    targets.push({ name, kind: 'layer', folder: path.resolve(folder, content), buildMethod, template: file });
  }
  return { targets, skipped };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
