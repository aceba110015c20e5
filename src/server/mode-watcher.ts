// Notices when an open bootstrap's mode changes on disk (`chmod +x` in a terminal) so that `exec-bit` clears
// without an edit. On Linux a chmod is an inotify IN_ATTRIB event, which fs.watch reports as 'change' on the
// file's folder (measured on Node 20: the folder's watcher sees it, and unlike a watcher on the file itself it
// survives editors that save by renaming a new file over the old one).
import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';

interface FolderWatch {
  readonly watcher: FSWatcher;
  /** Base names watched in this folder, with how many documents watch each. */
  readonly names: Map<string, number>;
}

/** Watches files through their folders, one fs.watch per folder, and reports changes to watched files only. */
export class ModeWatcher {
  private readonly folders = new Map<string, FolderWatch>();

  constructor(private readonly onChange: (file: string) => void) {}

  /** Starts watching `file`; a folder that cannot be watched (gone, too many watchers) is skipped silently. */
  add(file: string): void {
    const folder = path.dirname(file);
    const name = path.basename(file);
    let entry = this.folders.get(folder);
    if (entry === undefined) {
      let watcher: FSWatcher;
      try {
        watcher = watch(folder, { persistent: false }, (_event, changed) => {
          const names = this.folders.get(folder)?.names;
          if (changed !== null && names?.has(String(changed))) this.onChange(path.join(folder, String(changed)));
        });
      } catch {
        return;
      }
      // A folder deleted under us ends its watcher with an error; the documents in it are closed soon after.
      watcher.on('error', () => this.dropFolder(folder));
      entry = { watcher, names: new Map() };
      this.folders.set(folder, entry);
    }
    entry.names.set(name, (entry.names.get(name) ?? 0) + 1);
  }

  /** Stops watching `file` once as many remove() as add() calls were made for it. */
  remove(file: string): void {
    const folder = path.dirname(file);
    const entry = this.folders.get(folder);
    if (entry === undefined) return;
    const name = path.basename(file);
    const count = (entry.names.get(name) ?? 0) - 1;
    if (count > 0) entry.names.set(name, count);
    else entry.names.delete(name);
    if (entry.names.size === 0) this.dropFolder(folder);
  }

  dispose(): void {
    for (const folder of [...this.folders.keys()]) this.dropFolder(folder);
  }

  private dropFolder(folder: string): void {
    this.folders.get(folder)?.watcher.close();
    this.folders.delete(folder);
  }
}
