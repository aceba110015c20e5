// A `lambda-runtime` launch configuration, checked and turned into what the emulator and the language debuggers
// need. The editor substitutes variables and finds templates; everything else happens here, without VS Code.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Architecture } from '../types';
import type { FunctionConfig, LogFormat } from '../emulator/types';
import { applicationLevel, systemLevel } from '../emulator/platform-log';
import { readEnvVars } from '../emulator/env-vars';
import type { LayerSource, TemplateFunctionDetails } from '../project/template';
import { chooseBootstrap } from '../environment/template-function';
import { extractForRun, isStartable, ownerOnlyWarning } from '../package/temporary-task-root';
import { ZipExtractError } from '../package/extract';
import { detectDebugger, findHandlerFile, handlerModule, type DetectedDebugger } from './detect';
import { invalid, LaunchError, optionalNumber, optionalString, stringRecord } from './launch-problems';
import { templateCodeZip, templateFunction } from './launch-template';
import { zipSourceFolders, type ZipLaunch } from './zip-launch';

export { LaunchError, type LaunchProblem } from './launch-problems';

export const DEBUGGER_CHOICES = ['auto', 'node', 'python', 'bash', 'go', 'native', 'none'] as const;
export type DebuggerChoice = (typeof DEBUGGER_CHOICES)[number];

/** The attributes of a `lambda-runtime` launch configuration (package.json's schema), after variable substitution. */
export interface LaunchAttributes {
  readonly name?: string;
  readonly bootstrap?: unknown;
  readonly zip?: unknown;
  readonly localRoot?: unknown;
  readonly handler?: unknown;
  readonly taskRoot?: unknown;
  readonly event?: unknown;
  readonly functionName?: unknown;
  readonly template?: unknown;
  readonly timeout?: unknown;
  readonly memorySize?: unknown;
  readonly environment?: unknown;
  readonly envFile?: unknown;
  readonly debugger?: unknown;
  readonly watch?: unknown;
  readonly stopOnEntry?: unknown;
  readonly logFormat?: unknown;
  readonly logLevel?: unknown;
  readonly systemLogLevel?: unknown;
  readonly maxConcurrency?: unknown;
  readonly tenantId?: unknown;
}

/** Everything a session needs, resolved: plain data so that it travels inside the debug configuration. */
export interface ResolvedLaunch {
  readonly fn: FunctionConfig;
  /** The event to invoke at once (JSON text), if any. */
  readonly event?: string;
  /** Where the event came from, for messages. */
  readonly eventSource?: string;
  /** The debugger to use; `none` when the function runs without one. */
  readonly debugger: DetectedDebugger | 'none';
  /** Set when `auto` found nothing: why (the session then runs without a debugger). */
  readonly detectionNote?: string;
  readonly watch: boolean;
  /** Stop at the runtime's first line (the bash debugger). */
  readonly stopOnEntry?: boolean;
  readonly template?: string;
  readonly handlerFile?: string;
  /** The tenant every invoke of the session names (`Lambda-Runtime-Aws-Tenant-Id`). */
  readonly tenantId?: string;
  /** The template function's layers: the session resolves them for /opt (and its bootstrap, when the code has none). */
  readonly layers?: readonly LayerSource[];
  /** The template function's EphemeralStorage (MB), the size of a sandbox's /tmp. */
  readonly ephemeralStorageMb?: number;
  /** The configuration names the bootstrap itself: no layer's /opt/bootstrap replaces it. */
  readonly explicitBootstrap?: boolean;
  /** `zip`: the function runs from this zip's extracted copy (`fn.taskRoot`); the session removes it when it ends. */
  readonly zip?: ZipLaunch;
  /** Said in the Debug Console when the session starts (a zip's bootstrap that Lambda would refuse). */
  readonly notice?: string;
}

export interface ResolveOptions {
  /** The workspace folder: relative paths are resolved against it. */
  readonly folder?: string;
  /** Templates to search for `functionName` when the configuration names none, nearest first. */
  readonly templates?: readonly string[];
}

/**
 * Resolves `attributes` (variables already substituted): the template function `functionName` names supplies
 * bootstrap, handler, timeout, memory, architecture and environment; the configuration's own attributes win;
 * `envFile` and `environment` are merged over the template's variables; `event` is read and parsed; `auto` is
 * decided. With `zip`, the zip is extracted to a temporary task root (the caller owns `zip`: the session removes
 * it). Throws a {@link LaunchError} with a sentence for the user on anything wrong, having removed what it made.
 */
export async function resolveLaunch(
  attributes: LaunchAttributes,
  options: ResolveOptions = {},
): Promise<ResolvedLaunch> {
  const base = options.folder ?? process.cwd();
  const zipAttribute = optionalString(attributes.zip, 'zip');
  const localRoot = optionalString(attributes.localRoot, 'localRoot');
  // A template function whose CodeUri is a .zip runs from that zip, unless the configuration names other code.
  const templateZip =
    zipAttribute === undefined && !attributes.bootstrap && !attributes.taskRoot
      ? await templateCodeZip(attributes, options)
      : undefined;
  if (zipAttribute === undefined && templateZip === undefined) {
    if (localRoot !== undefined)
      invalid('"localRoot" names the folder a "zip" was built from: set "zip" too, or remove it.');
    return resolveCode(attributes, options);
  }
  if (attributes.bootstrap || attributes.taskRoot)
    invalid('"zip" is the function\'s code: remove "bootstrap" and "taskRoot", or remove "zip" to run the folder.');
  const local = localRoot === undefined ? undefined : path.resolve(base, localRoot);
  if (local !== undefined && !(existsSync(local) && statSync(local).isDirectory()))
    invalid(`"localRoot" ${local} is not a folder: name the folder the zip was built from.`);
  const file = templateZip ?? path.resolve(base, zipAttribute!);
  let extracted;
  try {
    extracted = await extractForRun(file);
  } catch (error) {
    const source = templateZip ? `The CodeUri of ${String(attributes.functionName)}` : '"zip"';
    if (error instanceof ZipExtractError) invalid(`${source}: ${error.message}`);
    throw error;
  }
  try {
    const resolved = await resolveCode(attributes, options, { file, taskRoot: extracted.taskRoot });
    const marker = resolved.handlerFile ? path.relative(extracted.taskRoot, resolved.handlerFile) : 'bootstrap';
    const sources =
      local !== undefined
        ? [local]
        : await zipSourceFolders(file, extracted.taskRoot, marker, options.folder, [
            ...(resolved.template ? [resolved.template] : []),
            ...(options.templates ?? []),
          ]);
    return { ...resolved, zip: { file, taskRoot: extracted.taskRoot, local: sources } };
  } catch (error) {
    await extracted.dispose();
    throw error;
  }
}

/** The resolution of {@link resolveLaunch}; `zip` gives the extracted task root that replaces the code folder. */
async function resolveCode(
  attributes: LaunchAttributes,
  options: ResolveOptions,
  zip?: { readonly file: string; readonly taskRoot: string },
): Promise<ResolvedLaunch> {
  const base = options.folder ?? process.cwd();
  const here = (file: string) => path.resolve(base, file);
  const functionName = optionalString(attributes.functionName, 'functionName');
  const choice = (optionalString(attributes.debugger, 'debugger') ?? 'auto') as DebuggerChoice;
  if (!DEBUGGER_CHOICES.includes(choice))
    invalid(`"debugger" must be one of ${DEBUGGER_CHOICES.join(', ')}, not "${choice}".`);

  const fromTemplate = await templateFunction(attributes, options);

  const bootstrapAttribute = optionalString(attributes.bootstrap, 'bootstrap');
  const taskRootAttribute = optionalString(attributes.taskRoot, 'taskRoot');
  const taskRootGiven = zip?.taskRoot ?? (taskRootAttribute ? here(taskRootAttribute) : fromTemplate?.codeUri);
  const layers = fromTemplate?.packageType === 'Zip' ? fromTemplate.layers : [];
  let bootstrap: string;
  if (bootstrapAttribute) bootstrap = here(bootstrapAttribute);
  else if (fromTemplate?.bootstrap && !zip) bootstrap = fromTemplate.bootstrap;
  // A layer's /opt/bootstrap runs when the code has none (the session resolves the layers, built or mapped).
  else if (taskRootGiven) bootstrap = chooseBootstrap(taskRootGiven, localLayerFolders(layers));
  else
    invalid(
      'The configuration names no function to run: set "bootstrap" (for example "${workspaceFolder}/bootstrap") or "functionName" (a function of template.yaml).',
    );
  // A bootstrap that only a layer still to be built or mapped can bring is the emulator's to report, as Lambda's.
  const layerMayBringIt = layers.some((layer) => layer.kind === 'unknown' || layer.built);
  // A zip's bootstrap is left to the emulator, which answers as Lambda does (a 0644 one: Runtime.InvalidEntrypoint).
  if (!zip && !(layerMayBringIt && !bootstrapAttribute && !existsSync(bootstrap))) checkBootstrap(bootstrap);
  const taskRoot = taskRootGiven ?? path.dirname(bootstrap);

  const handler = optionalString(attributes.handler, 'handler') ?? fromTemplate?.handler;
  const handlerFile = findHandlerFile(taskRoot, handler);
  const timeoutSeconds = optionalNumber(attributes.timeout, 'timeout', 1, 900) ?? fromTemplate?.timeoutSeconds;
  const memoryMb = optionalNumber(attributes.memorySize, 'memorySize', 128, 10240) ?? fromTemplate?.memoryMb;
  const architecture: Architecture | undefined = fromTemplate?.architecture;

  const envFile = optionalString(attributes.envFile, 'envFile');
  const fileVariables = envFile ? await readEnvFile(here(envFile), functionName) : {};
  const environment = {
    ...(fromTemplate?.environment ?? {}),
    ...fileVariables,
    ...stringRecord(attributes.environment, 'environment'),
  };

  const { event, eventSource } = await resolveEvent(attributes.event, base);

  let chosen: DetectedDebugger | 'none';
  let detectionNote: string | undefined;
  let notice = zip ? await ownerOnlyWarning(bootstrap) : undefined;
  // A zip without a bootstrap whose layers are still to be built or mapped may get /opt/bootstrap from them.
  if (zip && !(layerMayBringIt && !existsSync(bootstrap)) && !(await isStartable(bootstrap))) {
    // A debugger would start the script through its interpreter, which needs no execute bit: Lambda's answer is lost.
    chosen = 'none';
    notice = `The zip's bootstrap cannot be started (missing or without an execute bit), so Lambda answers Runtime.InvalidEntrypoint: it runs without a debugger, to answer the same.`;
  } else if (choice === 'auto') {
    // A layer still to be built keeps its bootstrap in its folder, which its build copies: enough to tell the language.
    const detectFrom = existsSync(bootstrap) ? bootstrap : chooseBootstrap(taskRoot, layerSourceFolders(layers));
    const detected = detectDebugger(detectFrom, handlerFile);
    chosen = detected ?? 'none';
    if (!detected)
      detectionNote = `Could not tell which debugger ${path.basename(bootstrap)} needs (set "debugger" in the launch configuration): running it without one.`;
  } else chosen = choice;
  if (chosen !== 'none' && chosen !== 'go' && chosen !== 'native')
    checkHandler(zip ? `the zip ${zip.file}` : taskRoot, handler, handlerFile);

  const name =
    functionName ??
    fromTemplate?.name ??
    (zip ? path.basename(zip.file, path.extname(zip.file)) : path.basename(taskRoot));
  const runtimeConfig = resolveRuntimeConfig(attributes, fromTemplate);
  const tenantId = optionalString(attributes.tenantId, 'tenantId');
  const tenantIsolation = fromTemplate?.tenantIsolation;
  if (tenantIsolation === true && !tenantId)
    invalid(
      `${name} has tenant isolation enabled (TenancyConfig PER_TENANT), so every invoke names a tenant: set "tenantId" in the launch configuration.`,
    );
  if (tenantIsolation === false && tenantId)
    invalid(
      `${name} does not have tenant isolation enabled: remove "tenantId", or give the function TenancyConfig: {TenantIsolationMode: PER_TENANT}.`,
    );
  return {
    fn: {
      name,
      bootstrap,
      taskRoot,
      ...(handler ? { handler } : {}),
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      ...(memoryMb !== undefined ? { memoryMb } : {}),
      ...(architecture ? { architecture } : {}),
      environment,
      ...runtimeConfig,
      ...(tenantIsolation !== undefined ? { tenantIsolation } : {}),
    },
    ...(event !== undefined ? { event, eventSource } : {}),
    debugger: chosen,
    ...(detectionNote ? { detectionNote } : {}),
    watch: attributes.watch === true,
    ...(attributes.stopOnEntry === true ? { stopOnEntry: true } : {}),
    ...(fromTemplate ? { template: fromTemplate.template } : {}),
    ...(handlerFile ? { handlerFile } : {}),
    ...(layers.length > 0 ? { layers } : {}),
    ...(fromTemplate?.packageType === 'Zip' ? { ephemeralStorageMb: fromTemplate.ephemeralStorageMb } : {}),
    ...(bootstrapAttribute ? { explicitBootstrap: true } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(notice ? { notice } : {}),
  };
}

/**
 * `logFormat`, `logLevel`, `systemLogLevel` and `maxConcurrency` over the template's LoggingConfig and
 * CapacityProviderConfig. A log level implies the JSON format, the only one Lambda filters by level.
 */
function resolveRuntimeConfig(
  attributes: LaunchAttributes,
  fromTemplate: TemplateFunctionDetails | undefined,
): Pick<FunctionConfig, 'logFormat' | 'applicationLogLevel' | 'systemLogLevel' | 'maxConcurrency'> {
  const format = optionalString(attributes.logFormat, 'logFormat');
  if (format !== undefined && format !== 'Text' && format !== 'JSON')
    invalid(`"logFormat" must be "Text" or "JSON", not "${format}".`);
  const levelText = optionalString(attributes.logLevel, 'logLevel');
  const applicationLogLevel = levelText === undefined ? undefined : applicationLevel(levelText);
  if (levelText !== undefined && !applicationLogLevel)
    invalid(`"logLevel" must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, not "${levelText}".`);
  const systemText = optionalString(attributes.systemLogLevel, 'systemLogLevel');
  const systemLogLevel = systemText === undefined ? undefined : systemLevel(systemText);
  if (systemText !== undefined && !systemLogLevel)
    invalid(`"systemLogLevel" must be one of DEBUG, INFO, WARN, not "${systemText}".`);
  const maxConcurrency = optionalNumber(attributes.maxConcurrency, 'maxConcurrency', 1, 1000);
  if (maxConcurrency !== undefined && !Number.isInteger(maxConcurrency))
    invalid(`"maxConcurrency" must be a whole number, not ${JSON.stringify(attributes.maxConcurrency)}.`);
  const logging = fromTemplate?.logging ?? {};
  const levelled = applicationLogLevel !== undefined || systemLogLevel !== undefined;
  const logFormat = (format as LogFormat | undefined) ?? (levelled ? 'JSON' : logging.logFormat);
  if (levelled && logFormat === 'Text')
    invalid('"logLevel" and "systemLogLevel" need "logFormat": "JSON": Lambda filters only JSON logs by level.');
  const concurrency = maxConcurrency ?? fromTemplate?.maxConcurrency;
  if (concurrency !== undefined && logFormat === 'Text')
    invalid('"maxConcurrency" (Lambda Managed Instances) needs "logFormat": "JSON", the only format it supports.');
  return {
    ...(logFormat ? { logFormat } : {}),
    ...((applicationLogLevel ?? logging.applicationLogLevel)
      ? { applicationLogLevel: applicationLogLevel ?? logging.applicationLogLevel }
      : {}),
    ...((systemLogLevel ?? logging.systemLogLevel) ? { systemLogLevel: systemLogLevel ?? logging.systemLogLevel } : {}),
    ...(concurrency !== undefined ? { maxConcurrency: concurrency } : {}),
  };
}

/** The layers that are folders as they stand (not built, not zips): where a bootstrap can be looked for now. */
function localLayerFolders(layers: readonly LayerSource[]): string[] {
  return layers.flatMap((layer) =>
    layer.kind === 'local' && !layer.built && existsSync(layer.folder) && statSync(layer.folder).isDirectory()
      ? [layer.folder]
      : [],
  );
}

/** The local layers' own folders, built ones too (their build's input). */
function layerSourceFolders(layers: readonly LayerSource[]): string[] {
  return layers.flatMap((layer) =>
    layer.kind === 'local' && existsSync(layer.folder) && statSync(layer.folder).isDirectory() ? [layer.folder] : [],
  );
}

/** Throws the problem Lambda would have starting `bootstrap`: missing, a folder, or not executable. */
export function checkBootstrap(bootstrap: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(bootstrap).isFile();
  } catch {
    throw new LaunchError({
      kind: 'missing-bootstrap',
      bootstrap,
      message: `The bootstrap ${bootstrap} does not exist: create it (Lambda Runtime: New Custom Runtime…) or fix "bootstrap" in the launch configuration.`,
    });
  }
  if (!isFile) invalid(`The bootstrap ${bootstrap} is a folder, not an executable file.`);
  try {
    accessSync(bootstrap, constants.X_OK);
  } catch {
    throw new LaunchError({
      kind: 'not-executable',
      bootstrap,
      message: `The bootstrap ${bootstrap} is not executable, so Lambda could not start it (permission denied): make it executable (chmod +x).`,
    });
  }
}

/** A handler that names a module (`function.handler`) must name a file of the task root when a script debugger runs. */
function checkHandler(taskRoot: string, handler: string | undefined, handlerFile: string | undefined): void {
  const module = handlerModule(handler);
  if (!module || handlerFile) return;
  throw new LaunchError({
    kind: 'missing-handler',
    message: `The handler "${handler}" names ${module}, but no such file (${module}.js, ${module}.py, ${module}.sh…) is in ${taskRoot}: fix "handler" or the file's name.`,
  });
}

async function readEnvFile(file: string, functionName: string | undefined): Promise<Record<string, string>> {
  try {
    return await readEnvVars(file, functionName);
  } catch (error) {
    invalid(`"envFile": ${(error as Error).message}`);
  }
}

/** The event as JSON text: an inline JSON value, or a JSON file (a string ending in .json or naming a file). */
export async function resolveEvent(value: unknown, folder: string): Promise<{ event?: string; eventSource?: string }> {
  if (value === undefined) return {};
  if (typeof value !== 'string') return { event: JSON.stringify(value), eventSource: 'the launch configuration' };
  const file = path.resolve(folder, value);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const looksLikePath = value.endsWith('.json') || value.includes('/') || value.includes(path.sep);
    if (looksLikePath)
      invalid(
        `The event file ${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}: create it (Lambda Runtime: Add Event…) or fix "event".`,
      );
    // Not a file: the string itself is the event, as the schema allows any JSON value.
    return { event: JSON.stringify(value), eventSource: 'the launch configuration' };
  }
  const body = text.replace(/^\uFEFF/, '');
  try {
    JSON.parse(body);
  } catch (error) {
    invalid(`The event file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return { event: body, eventSource: file };
}
