// A session's built and extracted layers keep their folders when they are built again (F5's watch): run in place,
// the runtime reads its layers at those paths, and the debuggers' path mappings, made once per session, name them.
// A rebuild still goes into a fresh folder first, so that a failed one changes nothing; once every layer is ready,
// each fresh folder takes the place of its kept one.
import { rename, rm } from 'node:fs/promises';

export class KeptLayerFolders {
  private readonly kept = new Map<string, string>();

  /**
   * The folder for the layer `key` from now on, holding what `fresh` holds: its kept folder, which `fresh` replaces,
   * or `fresh` itself the first time. Either way the folder is this object's to remove (see dispose).
   */
  async keep(key: string, fresh: string): Promise<string> {
    const folder = this.kept.get(key);
    if (folder === undefined || folder === fresh) {
      this.kept.set(key, fresh);
      return fresh;
    }
    await rm(folder, { recursive: true, force: true });
    await rename(fresh, folder);
    return folder;
  }

  /** Removes every kept folder. */
  async dispose(): Promise<void> {
    const folders = [...this.kept.values()];
    this.kept.clear();
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
}
