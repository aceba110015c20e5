// The language server resolves a bootstrap's target on every keystroke; re-reading and re-parsing the Dockerfiles
// and templates around it each time would cost far more than the lint. Parsed files and folder listings are kept
// and reused for as long as the file's (or folder's) modification time and size are unchanged.
import { readdir, readFile, stat } from 'node:fs/promises';

const MAX_ENTRIES = 500;

interface Entry<T> {
  readonly mtimeMs: number;
  readonly size: number;
  readonly value: T;
}

/** Parsed files keyed by path, valid while mtime and size match. */
export class ParsedFileCache<T> {
  private readonly entries = new Map<string, Entry<T | undefined>>();

  /** `maxBytes`: bigger files are not parsed (get gives undefined), so a stray blob cannot stall the caller. */
  constructor(
    private readonly parse: (text: string, file: string) => T,
    private readonly maxBytes: number,
  ) {}

  /** The parse of `file`, or undefined when it cannot be read (missing, a folder, too big). */
  async get(file: string): Promise<T | undefined> {
    let info;
    try {
      info = await stat(file);
    } catch {
      this.entries.delete(file);
      return undefined;
    }
    const cached = this.entries.get(file);
    if (cached !== undefined && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.value;
    let value: T | undefined;
    if (info.isFile() && info.size <= this.maxBytes) {
      try {
        value = this.parse(await readFile(file, 'utf8'), file);
      } catch {
        value = undefined;
      }
    }
    remember(this.entries, file, { mtimeMs: info.mtimeMs, size: info.size, value });
    return value;
  }
}

/** Names of the files (not folders) in a folder, keyed by the folder's mtime (it changes when files come or go). */
export class FolderListingCache {
  private readonly entries = new Map<string, Entry<readonly string[]>>();

  async files(folder: string): Promise<readonly string[]> {
    let info;
    try {
      info = await stat(folder);
    } catch {
      this.entries.delete(folder);
      return [];
    }
    const cached = this.entries.get(folder);
    if (cached !== undefined && cached.mtimeMs === info.mtimeMs) return cached.value;
    let names: string[] = [];
    try {
      names = (await readdir(folder, { withFileTypes: true }))
        .filter((entry) => entry.isFile() || entry.isSymbolicLink())
        .map((entry) => entry.name)
        .sort();
    } catch {
      names = [];
    }
    remember(this.entries, folder, { mtimeMs: info.mtimeMs, size: 0, value: names });
    return names;
  }

  /** Whether `name` is an entry of `folder` (file or folder), for markers such as `.git`. */
  async has(folder: string, name: string): Promise<boolean> {
    try {
      await stat(`${folder}/${name}`);
      return true;
    } catch {
      return false;
    }
  }
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}
