// The function's layers, as far as a zip's checks need them: Lambda extracts each to /opt, so a layer can bring the
// runtime's bootstrap (/opt/bootstrap, run when the function's code has none), and its unzipped size counts
// towards the 250 MB that function and layers may take together.
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LayerSource } from '../../project/template';
import { walkZip } from './read';

/**
 * A layer of the function whose zip is checked: a local folder or layer zip (`path`), or one whose content is not
 * known here (an ARN, a parameter, a layer `sam build` makes): it may hold a bootstrap, and its size is not counted.
 */
export type ZipLayer =
  { readonly kind: 'local'; readonly path: string } | { readonly kind: 'unknown'; readonly name?: string };

export interface LayerFacts {
  /** A layer with a `bootstrap` at its root, or one whose content is unknown (it might have one). */
  readonly mayBringBootstrap: boolean;
  /** The known layers' unzipped bytes. */
  readonly unzippedBytes: number;
  /** Whether some layer's size is not known (so the total is a lower bound). */
  readonly sizeUnknown: boolean;
}

/** Folders deeper than this are not counted: a guard against link loops, not a real limit. */
const MAX_DEPTH = 40;

/** The template's layers (LayerSource) as zip-check layers: a layer `sam build` makes is not known before the build. */
export function layersFromTemplate(layers: readonly LayerSource[]): ZipLayer[] {
  return layers.map((layer) =>
    layer.kind === 'local' && !layer.built ? { kind: 'local', path: layer.folder } : { kind: 'unknown' },
  );
}

/** What `layers` bring; a local layer that cannot be read counts as unknown. Never rejects. */
export async function readLayerFacts(layers: readonly ZipLayer[]): Promise<LayerFacts> {
  let mayBringBootstrap = false;
  let unzippedBytes = 0;
  let sizeUnknown = false;
  for (const layer of layers) {
    const facts = layer.kind === 'local' ? await localLayer(layer.path).catch(() => undefined) : undefined;
    if (facts === undefined) {
      mayBringBootstrap = true;
      sizeUnknown = true;
      continue;
    }
    mayBringBootstrap ||= facts.hasBootstrap;
    unzippedBytes += facts.bytes;
  }
  return { mayBringBootstrap, unzippedBytes, sizeUnknown };
}

async function localLayer(file: string): Promise<{ hasBootstrap: boolean; bytes: number }> {
  const info = await stat(file);
  if (info.isDirectory()) {
    const bootstrap = await stat(path.join(file, 'bootstrap')).catch(() => undefined);
    return { hasBootstrap: bootstrap?.isFile() === true, bytes: await folderBytes(file, 0) };
  }
  let hasBootstrap = false;
  let bytes = 0;
  await walkZip(file, async (entry) => {
    if (entry.name === 'bootstrap' && !entry.isDirectory) hasBootstrap = true;
    bytes += entry.uncompressedSize;
  });
  return { hasBootstrap, bytes };
}

/** The bytes of the files under `folder`, as a zip of it would hold them (links counted as links, not followed). */
async function folderBytes(folder: string, depth: number): Promise<number> {
  if (depth > MAX_DEPTH) return 0;
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(file, depth + 1);
    else total += (await lstat(file)).size;
  }
  return total;
}
