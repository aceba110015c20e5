// Reads SAM/CloudFormation templates: every Lambda function with the settings that matter to run it locally,
// Globals.Function applied, intrinsic functions resolved where a value is known without deploying.
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Architecture, Range } from '../types';
import { CLOUDFORMATION_TAGS } from './cfn-tags';
import { resolveString, resolveValue, type TemplateContext } from './intrinsics';
import { readLayers, type LayerSource } from './template-layers';
import { MAX_NESTING, nestingDepth } from './yaml-depth';
import type { TemplateFunction } from './types';
import { readCapacityProvider, readLoggingConfig, readTenancy, type TemplateLogging } from './template-runtime-config';

export interface TemplateProblem {
  readonly message: string;
  readonly range: Range;
  readonly severity: 'error' | 'warning';
  /** Logical id of the function concerned, if any. */
  readonly functionName?: string;
}

/** A function of the template with what the linter and the emulator need beyond TemplateFunction. */
export interface TemplateFunctionDetails extends TemplateFunction {
  readonly resourceType: 'AWS::Serverless::Function' | 'AWS::Lambda::Function';
  /** Where the logical id is written. */
  readonly nameRange: Range;
  /** Where the function's own CodeUri / Code / Metadata.DockerContext value is written (not when inherited). */
  readonly codeUriRange?: Range;
  /** False when the code is not a local folder (S3, ImageUri, inline code). */
  readonly localCode: boolean;
  /** `Metadata.BuildMethod` (`makefile`, `go1.x`, `rust-cargolambda`...): `sam build` produces the bootstrap. */
  readonly buildMethod?: string;
  /** Image functions: the Dockerfile (absolute), from Metadata.DockerContext and Metadata.Dockerfile. */
  readonly dockerfile?: string;
  /** Image functions: ImageConfig.Command, which replaces the Dockerfile's CMD. */
  readonly imageCommand?: readonly string[];
  /** Image functions: ImageConfig.EntryPoint, which replaces the Dockerfile's ENTRYPOINT. */
  readonly imageEntryPoint?: readonly string[];
  /** Image functions: the build-context file the Dockerfile copies to /var/runtime/bootstrap (readTemplateFunctions). */
  readonly bootstrap?: string;
  /**
   * Every variable Environment.Variables names, also those whose value is only known once deployed (`!Ref Table`,
   * `!GetAtt Queue.QueueUrl`), which `environment` leaves out.
   */
  readonly environmentNames: readonly string[];
  /** The function's Layers (Globals' first), in order; Lambda extracts them to /opt. */
  readonly layers: readonly LayerSource[];
  /** LoggingConfig's LogFormat, ApplicationLogLevel and SystemLogLevel, where the template sets them. */
  readonly logging: TemplateLogging;
  /** Lambda Managed Instances (CapacityProviderConfig): the per-environment concurrency, else undefined. */
  readonly maxConcurrency?: number;
  /** TenancyConfig PER_TENANT: every invoke names a tenant, each tenant gets environments of its own. */
  readonly tenantIsolation: boolean;
  /** `EphemeralStorage.Size`: the size of /tmp in MB (512 by default, up to 10240). */
  readonly ephemeralStorageMb: number;
}

export type { LayerSource };

export interface ParsedTemplate {
  /** Every AWS::Serverless::Function and AWS::Lambda::Function, whatever its runtime. */
  readonly functions: readonly TemplateFunctionDetails[];
  readonly problems: readonly TemplateProblem[];
}

const PROVIDED_RUNTIMES = new Set(['provided', 'provided.al2', 'provided.al2023']);
const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);
/**
 * CloudFormation refuses templates over 1 MB (the limit for a template in S3), so a bigger file is no deployable
 * template; the YAML parser needs seconds for that much, so it is not parsed.
 */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT = 3;
const DEFAULT_MEMORY = 128;
const DEFAULT_EPHEMERAL_STORAGE = 512;

/** Whether `runtime` is one of Lambda's OS-only runtimes, the ones that run a `bootstrap`. */
export const isProvidedRuntime = (runtime: string | undefined): boolean =>
  runtime !== undefined && PROVIDED_RUNTIMES.has(runtime);

/** Parses a template's text. Never throws: YAML errors and unusable values become problems. */
export function parseTemplate(text: string, templatePath: string): ParsedTemplate {
  const lineCounter = new LineCounter();
  const problems: TemplateProblem[] = [];
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_TEMPLATE_BYTES) {
    const at = { line: 0, character: 0 };
    const message = `The template is ${(bytes / (1024 * 1024)).toFixed(1)} MB, over CloudFormation's 1 MB limit for a template; it was not read.`;
    return { functions: [], problems: [{ message, range: { start: at, end: at }, severity: 'error' }] };
  }
  const depth = nestingDepth(text);
  if (depth.over) {
    const at = { line: depth.line, character: 0 };
    const message = `the template nests deeper than ${MAX_NESTING} levels (line ${depth.line + 1}), so it was not read.`;
    return { functions: [], problems: [{ message, range: { start: at, end: at }, severity: 'error' }] };
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      customTags: [...CLOUDFORMATION_TAGS],
      // SAM CLI reads `<<: *anchor` merge keys (PyYAML does), so templates use them to share properties.
      merge: true,
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      logLevel: 'error',
    });
  } catch (error) {
    const at = { line: 0, character: 0 };
    return {
      functions: [],
      problems: [{ message: (error as Error).message, range: { start: at, end: at }, severity: 'error' }],
    };
  }
  const rangeOf = (offsets: readonly number[] | undefined): Range => {
    const [start, end] = offsets ?? [0, 0];
    const position = (offset: number) => {
      const { line, col } = lineCounter.linePos(offset);
      return { line: Math.max(0, line - 1), character: Math.max(0, col - 1) };
    };
    return { start: position(start), end: position(Math.max(start, end)) };
  };
  for (const error of doc.errors) {
    problems.push({ message: firstLine(error.message), range: rangeOf(error.pos), severity: 'error' });
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    problems.push({ message: (error as Error).message, range: rangeOf([0, 0]), severity: 'error' });
    return { functions: [], problems };
  }
  if (!isRecord(root) || !isRecord(root.Resources)) return { functions: [], problems };

  const context: TemplateContext = {
    parameters: Object.fromEntries(
      Object.entries(isRecord(root.Parameters) ? root.Parameters : {}).map(([name, p]) => [
        name,
        isRecord(p) ? p.Default : undefined,
      ]),
    ),
    mappings: isRecord(root.Mappings) ? root.Mappings : {},
  };
  const globals = isRecord(root.Globals) && isRecord(root.Globals.Function) ? root.Globals.Function : {};
  const folder = path.dirname(path.resolve(templatePath));
  const resourcesNode = doc.get('Resources', true);
  const functions: TemplateFunctionDetails[] = [];
  for (const [name, resource] of Object.entries(root.Resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string' || !FUNCTION_TYPES.has(resource.Type)) continue;
    const keyNode = isMap(resourcesNode)
      ? resourcesNode.items.find((pair) => isScalar(pair.key) && pair.key.value === name)?.key
      : undefined;
    const nameRange = rangeOf((keyNode as Node | undefined)?.range ?? undefined);
    const nodeRange = (...keys: string[]) => {
      const node = doc.getIn(['Resources', name, ...keys], true) as Node | undefined;
      return node?.range ? rangeOf(node.range) : undefined;
    };
    const problem = (message: string, range = nameRange, severity: 'error' | 'warning' = 'warning') =>
      problems.push({ message, range, severity, functionName: name });
    const serverless = resource.Type === 'AWS::Serverless::Function';
    const own = isRecord(resource.Properties) ? resource.Properties : {};
    const props: Record<string, unknown> = serverless ? mergeGlobals(globals, own) : own;
    const metadata = isRecord(resource.Metadata) ? resource.Metadata : {};
    const str = (value: unknown) => resolveString(value, context);

    const packageType = str(props.PackageType) === 'Image' ? 'Image' : 'Zip';
    const architecture = readArchitecture(props.Architectures, context, (message) =>
      problem(message, nodeRange('Properties', 'Architectures')),
    );
    const timeoutSeconds = readNumber(
      props.Timeout,
      DEFAULT_TIMEOUT,
      context,
      (m) => problem(m, nodeRange('Properties', 'Timeout')),
      'Timeout',
    );
    const memoryMb = readNumber(
      props.MemorySize,
      DEFAULT_MEMORY,
      context,
      (m) => problem(m, nodeRange('Properties', 'MemorySize')),
      'MemorySize',
    );
    const environment = readEnvironment(props.Environment, context);
    const ephemeralStorageMb = readNumber(
      isRecord(props.EphemeralStorage) ? props.EphemeralStorage.Size : undefined,
      DEFAULT_EPHEMERAL_STORAGE,
      context,
      (m) => problem(m, nodeRange('Properties', 'EphemeralStorage', 'Size')),
      'EphemeralStorage.Size',
    );
    const imageConfig = isRecord(props.ImageConfig) ? props.ImageConfig : {};
    const imageCommandValue = resolveValue(imageConfig.Command, context);
    const imageCommand = Array.isArray(imageCommandValue) ? imageCommandValue.map(String) : undefined;
    const imageEntryPointValue = resolveValue(imageConfig.EntryPoint, context);
    const imageEntryPoint = Array.isArray(imageEntryPointValue) ? imageEntryPointValue.map(String) : undefined;

    let codeUri = folder;
    let localCode = true;
    let codeUriRange: Range | undefined;
    let dockerfile: string | undefined;
    if (packageType === 'Image') {
      const contextDir = str(metadata.DockerContext);
      localCode = contextDir !== undefined;
      codeUri = path.resolve(folder, contextDir ?? '.');
      dockerfile = path.resolve(codeUri, str(metadata.Dockerfile) ?? 'Dockerfile');
      codeUriRange = contextDir === undefined ? undefined : rangeOfMetadata(doc, name, rangeOf);
    } else {
      const code = serverless ? props.CodeUri : props.Code;
      const codePath = str(code);
      codeUriRange = nodeRange('Properties', serverless ? 'CodeUri' : 'Code');
      if (codePath === undefined && code !== undefined) localCode = false;
      else if (codePath !== undefined && /^s3:\/\//i.test(codePath)) localCode = false;
      else if (codePath !== undefined) codeUri = path.resolve(folder, codePath);
      else if (!serverless || props.InlineCode !== undefined) localCode = false;
    }

    functions.push({
      name,
      template: path.resolve(templatePath),
      codeUri,
      runtime: str(props.Runtime) ?? '',
      handler: str(props.Handler) ?? imageCommand?.[0],
      architecture,
      timeoutSeconds,
      memoryMb,
      environment,
      environmentNames: Object.keys(variablesOf(props.Environment) ?? {}),
      packageType,
      line: nameRange.start.line,
      resourceType: resource.Type as TemplateFunctionDetails['resourceType'],
      nameRange,
      codeUriRange,
      localCode,
      buildMethod: str(metadata.BuildMethod),
      dockerfile,
      imageCommand,
      imageEntryPoint,
      layers: readLayers(props.Layers, serverless ? globals.Layers : undefined, root.Resources, folder, context),
      logging: readLoggingConfig(props.LoggingConfig, context, (m) =>
        problem(m, nodeRange('Properties', 'LoggingConfig')),
      ),
      tenantIsolation: readTenancy(props.TenancyConfig, context, (m) =>
        problem(m, nodeRange('Properties', 'TenancyConfig')),
      ),
      maxConcurrency: readCapacityProvider(props.CapacityProviderConfig, memoryMb, context, (m) =>
        problem(m, nodeRange('Properties', 'CapacityProviderConfig')),
      ),
      ephemeralStorageMb,
    });
  }
  return { functions, problems };
}

function rangeOfMetadata(
  doc: Document.Parsed,
  name: string,
  rangeOf: (offsets?: readonly number[]) => Range,
): Range | undefined {
  const node = doc.getIn(['Resources', name, 'Metadata', 'DockerContext'], true) as Node | undefined;
  return node?.range ? rangeOf(node.range) : undefined;
}

/**
 * SAM's Globals: the function's own properties win, maps (Environment.Variables) are merged key by key.
 * Lists such as Architectures are taken from the function when it sets them: a function has one architecture.
 */
function mergeGlobals(globals: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...globals, ...own };
  const globalVariables = variablesOf(globals.Environment);
  const ownVariables = variablesOf(own.Environment);
  if (globalVariables !== undefined || ownVariables !== undefined) {
    merged.Environment = { Variables: { ...(globalVariables ?? {}), ...(ownVariables ?? {}) } };
  }
  return merged;
}

function variablesOf(environment: unknown): Record<string, unknown> | undefined {
  return isRecord(environment) && isRecord(environment.Variables) ? environment.Variables : undefined;
}

function readEnvironment(environment: unknown, context: TemplateContext): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(variablesOf(environment) ?? {})) {
    const resolved = resolveString(value, context);
    if (resolved !== undefined) result[name] = resolved;
  }
  return result;
}

function readArchitecture(value: unknown, context: TemplateContext, report: (message: string) => void): Architecture {
  if (value === undefined) return 'x86_64';
  const resolved = resolveValue(value, context);
  const first = Array.isArray(resolved) ? resolved[0] : resolved;
  if (first === 'x86_64' || first === 'arm64') return first;
  if (resolved !== undefined)
    report(`Architectures must be [x86_64] or [arm64]; '${String(first)}' is neither, so x86_64 is assumed.`);
  return 'x86_64';
}

function readNumber(
  value: unknown,
  fallback: number,
  context: TemplateContext,
  report: (message: string) => void,
  property: string,
): number {
  if (value === undefined) return fallback;
  const resolved = resolveValue(value, context);
  if (resolved === undefined) return fallback;
  const number = Number(resolved);
  if (Array.isArray(resolved) || !Number.isFinite(number) || number <= 0) {
    report(`${property} must be a positive number; '${String(resolved)}' is not, so ${fallback} is assumed.`);
    return fallback;
  }
  return number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
