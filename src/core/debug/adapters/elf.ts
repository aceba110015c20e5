// Just enough of a binary's header to tell whether a debugger that needs a native program can start it.
import { closeSync, openSync, readSync } from 'node:fs';

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

/** `elf` for an ELF binary, `not-elf` for anything else (a script), `unreadable` when it cannot be opened. */
export function readElfHead(file: string): 'elf' | 'not-elf' | 'unreadable' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 'unreadable';
  }
  try {
    const head = Buffer.alloc(4);
    const read = readSync(fd, head, 0, 4, 0);
    return read === 4 && ELF_MAGIC.every((byte, i) => head[i] === byte) ? 'elf' : 'not-elf';
  } catch {
    return 'unreadable';
  } finally {
    closeSync(fd);
  }
}
