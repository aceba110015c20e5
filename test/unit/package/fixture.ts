/** Temporary function folders for the packaging tests. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh temporary folder; `cleanup` removes it. */
export async function tempFolder(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `lrk-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → content, or [content, mode]) under `root`. */
export async function writeFiles(root: string, files: Record<string, string | Buffer | [string | Buffer, number]>) {
  for (const [name, value] of Object.entries(files)) {
    const [content, mode] = Array.isArray(value) ? value : [value, 0o644];
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    await chmod(file, mode);
  }
}

/** The first bytes of a 64-bit x86 ELF executable: enough for the packaging to take it as a compiled bootstrap. */
export const ELF_BYTES = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
