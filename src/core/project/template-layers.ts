// The Layers of a template function, resolved to local folders where the template builds them itself. Lambda
// extracts every layer to /opt: a layer can hold the runtime's bootstrap (run when the function's code has none)
// and commands in /opt/bin, which is on PATH.
import path from 'node:path';
import { resolveString, type TemplateContext } from './intrinsics';

/**
 * A layer of a function: a LayerVersion of the same template whose content is a local folder (`built` when
 * `sam build` produces it from a Metadata.BuildMethod), or one whose content is not known here (an ARN, a
 * parameter, an import). A layer may hold the runtime's `bootstrap` (Lambda runs /opt/bootstrap when the function
 * has none) and commands in /opt/bin, which is on PATH.
 */
export type LayerSource =
  | {
      readonly kind: 'local';
      /** The ContentUri / Content folder (or zip), absolute. */
      readonly folder: string;
      readonly built: boolean;
      /** The LayerVersion's logical id. */
      readonly name?: string;
      /** `Metadata.BuildMethod` (`makefile`: `make build-<name>` into ARTIFACTS_DIR). */
      readonly buildMethod?: string;
    }
  | {
      readonly kind: 'unknown';
      /** How the template names it: the ARN, or `!Ref Name` / `!GetAtt ...` when it is no ARN, if known. */
      readonly reference?: string;
      /** The template parameter without a default it comes from: a value given only when the stack is deployed. */
      readonly parameter?: string;
    };

/** SAM adds Globals' Layers before the function's own; each is resolved to a local folder when it can be. */
export function readLayers(
  own: unknown,
  global: unknown,
  resources: Record<string, unknown>,
  folder: string,
  context: TemplateContext,
): LayerSource[] {
  const ownList = Array.isArray(own) ? own : own === undefined ? [] : [own];
  const globalList = global === undefined || !Array.isArray(global) || ownList === global ? [] : global;
  return [...globalList, ...ownList].map((layer) => layerSource(layer, resources, folder, context));
}

function layerSource(
  layer: unknown,
  resources: Record<string, unknown>,
  folder: string,
  context: TemplateContext,
): LayerSource {
  const text = resolveString(layer, context);
  const unknown: LayerSource = {
    kind: 'unknown',
    ...(text !== undefined ? { reference: text } : describe(layer)),
    ...(text === undefined && isParameterRef(layer, context) ? { parameter: layer.Ref } : {}),
  };
  if (!isRecord(layer) || typeof layer.Ref !== 'string') return unknown;
  const resource = resources[layer.Ref];
  if (!isRecord(resource) || !isRecord(resource.Properties)) return unknown;
  const content =
    resource.Type === 'AWS::Serverless::LayerVersion'
      ? resource.Properties.ContentUri
      : resource.Type === 'AWS::Lambda::LayerVersion'
        ? resource.Properties.Content
        : undefined;
  const contentPath = resolveString(content, context);
  if (contentPath === undefined || /^s3:\/\//i.test(contentPath)) return unknown;
  const buildMethod = isRecord(resource.Metadata) ? resolveString(resource.Metadata.BuildMethod, context) : undefined;
  const built = isRecord(resource.Metadata) && resource.Metadata.BuildMethod !== undefined;
  return {
    kind: 'local',
    folder: path.resolve(folder, contentPath),
    built,
    name: layer.Ref,
    ...(buildMethod !== undefined ? { buildMethod } : {}),
  };
}

/** `!Ref Name` or `!GetAtt A.B` for a reference whose value is not known here, for messages. */
function describe(layer: unknown): { reference?: string } {
  if (!isRecord(layer)) return {};
  if (typeof layer.Ref === 'string') return { reference: `!Ref ${layer.Ref}` };
  const getAtt = layer['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return { reference: `!GetAtt ${getAtt.join('.')}` };
  if (typeof getAtt === 'string') return { reference: `!GetAtt ${getAtt}` };
  return {};
}

/** `!Ref` to a parameter of the template (one without a default, or it would have resolved). */
function isParameterRef(layer: unknown, context: TemplateContext): layer is { Ref: string } {
  return isRecord(layer) && typeof layer.Ref === 'string' && Object.hasOwn(context.parameters, layer.Ref);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
