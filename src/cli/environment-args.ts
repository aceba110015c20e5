// `--sandbox auto|on|off` and `--layer ARN=PATH` (repeatable), shared by serve and invoke.
import { parseLayerOverride, SANDBOX_MODES, type SandboxMode } from '../core/environment';
import { UsageError } from './args';

/** parseArgs options of the execution environment. */
export const ENVIRONMENT_OPTIONS = {
  sandbox: { type: 'string' },
  layer: { type: 'string', multiple: true },
} as const;

export interface EnvironmentOptions {
  /** Undefined when not given: `auto` for template functions, `off` for a bare --bootstrap. */
  readonly sandbox?: SandboxMode;
  /** ARN (or other layer reference) to a local folder or layer zip. */
  readonly layerOverrides: Readonly<Record<string, string>>;
}

/** Checks `--sandbox` and `--layer` values; throws a {@link UsageError} on a bad one. */
export function environmentOptions(values: { sandbox?: string; layer?: string[] }): EnvironmentOptions {
  const sandbox = values.sandbox;
  if (sandbox !== undefined && !SANDBOX_MODES.includes(sandbox as SandboxMode)) {
    throw new UsageError(`--sandbox must be auto, on or off, not '${sandbox}'`);
  }
  const layerOverrides: Record<string, string> = {};
  for (const text of values.layer ?? []) {
    const parsed = parseLayerOverride(text);
    if (!parsed) throw new UsageError(`--layer takes ARN=PATH (a folder or a layer zip), not '${text}'`);
    layerOverrides[parsed.reference] = parsed.path;
  }
  return { ...(sandbox !== undefined ? { sandbox: sandbox as SandboxMode } : {}), layerOverrides };
}
