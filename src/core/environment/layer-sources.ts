// What to watch for a function's layers: the local content that makes up its /opt.
import path from 'node:path';
import type { LayerSource } from '../project/template';

/** The local content of `layers`: template folders and zips, and the paths ARN layers are mapped to. */
export function localLayerSources(
  layers: readonly LayerSource[],
  overrides: Readonly<Record<string, string>> | undefined,
): string[] {
  return layers.flatMap((layer) => {
    if (layer.kind === 'local') return [layer.folder];
    const mapped = layer.reference === undefined ? undefined : overrides?.[layer.reference];
    return mapped === undefined ? [] : [path.resolve(mapped)];
  });
}
