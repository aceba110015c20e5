// `debugger: auto`: which language debugger a function needs, read from its bootstrap (shebang, the program a
// shell bootstrap hands off to, an ELF binary) and from the file its handler names.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

export type DetectedDebugger = 'node' | 'python' | 'bash' | 'go' | 'native';

/** How much of a bootstrap is read: shell bootstraps are short, and a Go binary's build info sits near its start. */
const HEAD_BYTES = 64 * 1024;
/** Go writes this marker in front of the build info of every binary it links. */
const GO_BUILD_INFO = Buffer.from('\xff Go buildinf:', 'latin1');

const HANDLER_EXTENSIONS: ReadonlyArray<[string, DetectedDebugger]> = [
  ['.js', 'node'],
  ['.mjs', 'node'],
  ['.cjs', 'node'],
  ['.ts', 'node'],
  ['.py', 'python'],
  ['.sh', 'bash'],
  ['.bash', 'bash'],
];

function readHead(file: string, bytes = HEAD_BYTES): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(bytes);
    return head.subarray(0, readSync(fd, head, 0, bytes, 0));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  return buffer.subarray(0, readSync(fd, buffer, 0, length, position));
}

/** Whether a 64-bit ELF file has the sections Go's linker writes (`.go.buildinfo`, `.gopclntab`). */
export function hasGoSections(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const header = readAt(fd, 0, 64);
    if (header.length < 64 || header[4] !== 2) return false;
    const little = header[5] === 1;
    const u16 = (buffer: Buffer, at: number) => (little ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at));
    const u64 = (buffer: Buffer, at: number) =>
      Number(little ? buffer.readBigUInt64LE(at) : buffer.readBigUInt64BE(at));
    const sectionsAt = u64(header, 0x28);
    const entrySize = u16(header, 0x3a);
    const count = u16(header, 0x3c);
    const namesIndex = u16(header, 0x3e);
    if (entrySize < 64 || count === 0 || namesIndex >= count || count > 4096) return false;
    const names = readAt(fd, sectionsAt + namesIndex * entrySize, entrySize);
    if (names.length < 64) return false;
    const table = readAt(fd, u64(names, 0x18), Math.min(u64(names, 0x20), 1024 * 1024)).toString('latin1');
    return table.includes('.go.buildinfo') || table.includes('.gopclntab');
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** The interpreter a program name stands for: `node`, `/var/lang/bin/node`, `python3.12`, `bash`. */
export function interpreterKind(program: string): DetectedDebugger | undefined {
  const name = path.basename(program);
  if (/^(node|nodejs)(\d+)?$/.test(name) || name === 'tsx' || name === 'ts-node') return 'node';
  if (/^python(\d+(\.\d+)?)?$/.test(name)) return 'python';
  if (name === 'bash' || name === 'sh' || name === 'dash' || name === 'zsh') return 'bash';
  return undefined;
}

/** The interpreter of a `#!` line (`/usr/bin/env -S node --flag` included), or undefined. */
export function shebangProgram(text: string): string | undefined {
  if (!text.startsWith('#!')) return undefined;
  const words = text.slice(2).split('\n')[0].trim().split(/\s+/);
  if (path.basename(words[0] ?? '') !== 'env') return words[0] || undefined;
  return words.slice(1).find((word) => !word.startsWith('-') && !word.includes('='));
}

/**
 * The interpreter a shell bootstrap runs its handler with: the first command line (skipping comments) whose first
 * word, after `exec`, an assignment or a path, is node or python. Undefined when the script runs none of them.
 */
export function handOffProgram(script: string): 'node' | 'python' | undefined {
  for (const raw of script.split('\n').slice(1)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const words = line.split(/[\s;&|()]+/).filter(Boolean);
    for (const word of words.slice(0, 6)) {
      if (word === 'exec' || word === 'env' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) continue;
      const unquoted = word.replace(/^["']|["']$/g, '');
      const kind = interpreterKind(unquoted.replace(/^\$\{?[A-Za-z_]+\}?\//, ''));
      if (kind === 'node' || kind === 'python') return kind;
      break;
    }
  }
  return undefined;
}

/** The file a handler such as `function.handler` or `src/app.lambda_handler` names, if one exists in the task root. */
export function findHandlerFile(taskRoot: string, handler: string | undefined): string | undefined {
  const module = handlerModule(handler);
  if (!module) return undefined;
  const base = path.resolve(taskRoot, module);
  if (isFile(base)) return base;
  let names: string[];
  try {
    names = readdirSync(path.dirname(base));
  } catch {
    return undefined;
  }
  const stem = path.basename(base);
  const match = names.find(
    (name) => name.startsWith(`${stem}.`) && HANDLER_EXTENSIONS.some(([ext]) => name.endsWith(ext)),
  );
  return match ? path.join(path.dirname(base), match) : undefined;
}

/** The module part of a handler (`src/app` of `src/app.handler`); undefined when the handler names no file. */
export function handlerModule(handler: string | undefined): string | undefined {
  if (!handler) return undefined;
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const module = handler.slice(0, dot);
  return /^[\w./-]+$/.test(module) ? module : undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The debugger a handler file's type needs, or undefined. */
export function handlerFileKind(file: string | undefined): DetectedDebugger | undefined {
  if (!file) return undefined;
  return HANDLER_EXTENSIONS.find(([ext]) => file.endsWith(ext))?.[1];
}

/**
 * Decides `debugger: auto`. An ELF bootstrap is Go when it carries Go's build info, else native (Rust, C, C++).
 * A script: its shebang's interpreter, or for a shell script the node/python it hands off to, or the type of the
 * handler file; a shell script that runs neither is debugged with bash. Undefined when the bootstrap is unreadable.
 */
export function detectDebugger(bootstrap: string, handlerFile?: string): DetectedDebugger | undefined {
  const head = readHead(bootstrap);
  if (!head) return undefined;
  if (head.length >= 4 && head[0] === 0x7f && head.subarray(1, 4).toString('latin1') === 'ELF') {
    return head.includes(GO_BUILD_INFO) || hasGoSections(bootstrap) ? 'go' : 'native';
  }
  const text = head.toString('utf8');
  const program = shebangProgram(text);
  const direct = program ? interpreterKind(program) : undefined;
  if (direct === 'node' || direct === 'python') return direct;
  if (direct === 'bash' || !program) {
    const handedOff = handOffProgram(text);
    if (handedOff) return handedOff;
    const byHandler = handlerFileKind(handlerFile);
    if (byHandler) return byHandler;
    return 'bash';
  }
  return handlerFileKind(handlerFile);
}
