// `--layer ARN=PATH` and the setting lambdaRuntime.emulator.layers: local content for a layer given by ARN.

/** Parses `ARN=PATH` (an ARN holds no `=`, a path may); undefined when it is not of that shape. */
export function parseLayerOverride(text: string): { reference: string; path: string } | undefined {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) return undefined;
  return { reference: text.slice(0, at), path: text.slice(at + 1) };
}
