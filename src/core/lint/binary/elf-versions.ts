// Reads which glibc an ELF executable or library needs: the GLIBC_x.y symbol versions it requires from libc.so.6
// (and libm, libpthread, ld-linux), as listed in its version-needs table (DT_VERNEED, the .gnu.version_r
// section). The table is found through the dynamic segment, not the section headers, so stripped binaries
// (sstrip, upx-free `strip --strip-all`) are read too. The dynamic loader refuses to start a program whose
// needs its glibc does not define: "version `GLIBC_2.34' not found".

/** What an ELF needs of glibc. */
export type GlibcNeeds =
  /** No versioned glibc needs: statically linked, musl, or no dynamic section at all. */
  | { readonly kind: 'none' }
  /**
   * The newest GLIBC_ version needed, e.g. `2.34`, every needed version, oldest first, and a symbol that needs the
   * newest (`__libc_start_main`) when the symbol tables are among the bytes given.
   */
  | { readonly kind: 'glibc'; readonly newest: string; readonly versions: readonly string[]; readonly symbol?: string }
  /** Part of the tables lies outside the bytes given: add the file's bytes from `offset` (`length` of them) and ask again. */
  | { readonly kind: 'truncated'; readonly offset: number; readonly length: number }
  /** Not an ELF, or one whose tables contradict themselves: nothing can be said. */
  | { readonly kind: 'unreadable' };

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NULL = 0;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_VERNEED = 0x6ffffffe;
const DT_VERNEEDNUM = 0x6fffffff;
const DT_HASH = 4;
const DT_SYMTAB = 6;
const DT_SYMENT = 11;
const DT_VERSYM = 0x6ffffff0;
const DT_GNU_HASH = 0x6ffffef5;
/** More dynamic symbols than this are not searched for a name to show. */
const MAX_SYMBOLS = 1 << 20;
/** Tables longer than these are no real binary's: they stop a crafted file from looping for long. */
const MAX_PROGRAM_HEADERS = 256;
const MAX_DYNAMIC_ENTRIES = 4096;
const MAX_VERSION_RECORDS = 4096;
/** Big C++ programs have dynamic string tables of a few MB; a larger claim is a crafted file's, not read. */
const MAX_STRING_TABLE = 16 * 1024 * 1024;
/**
 * glibc 2.36 added this marker version: a binary linked with `-z pack-relative-relocs` (DT_RELR) needs it, so it
 * needs glibc 2.36 or later even when all its symbols are older.
 */
const MARKER_VERSIONS: Readonly<Record<string, string>> = { GLIBC_ABI_DT_RELR: '2.36' };

/** A missing part is asked for in blocks at least this long, so that a few rounds find every table. */
const MIN_REQUEST = 64 * 1024;

class Truncated extends Error {
  constructor(
    readonly offset: number,
    readonly length: number,
  ) {
    super('truncated');
  }
}

/**
 * Some parts of a file, each at its offset: the start of an ELF read from a stream, plus the parts further on that
 * its tables point to (the dynamic segment usually follows the code, megabytes in). A whole file is one part.
 */
export class FileParts {
  private readonly parts: { offset: number; bytes: Uint8Array }[] = [];

  constructor(start?: Uint8Array) {
    if (start !== undefined) this.add(0, start);
  }

  add(offset: number, bytes: Uint8Array): void {
    this.parts.push({ offset, bytes });
  }

  /** The bytes from `offset` to `offset + length`, if one part holds them all. */
  get(offset: number, length: number): Uint8Array | undefined {
    for (const part of this.parts) {
      if (offset >= part.offset && offset + length <= part.offset + part.bytes.length) {
        return part.bytes.subarray(offset - part.offset, offset - part.offset + length);
      }
    }
    return undefined;
  }
}

/**
 * The glibc versions the ELF in `bytes` (the whole file, or parts of it) needs. Never throws. With parts only,
 * the answer may be `truncated`: add the part it names and ask again (a few rounds at most).
 */
export function readGlibcNeeds(bytes: Uint8Array | FileParts): GlibcNeeds {
  try {
    return readNeeds(bytes instanceof FileParts ? bytes : new FileParts(bytes));
  } catch (error) {
    if (error instanceof Truncated) return { kind: 'truncated', offset: error.offset, length: error.length };
    return { kind: 'unreadable' };
  }
}

/** Compares dotted versions numerically: `2.9` < `2.17` < `2.34`. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function readNeeds(file: FileParts): GlibcNeeds {
  const at = (offset: number, length: number): DataView => {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new Error('bad offset');
    const bytes = file.get(offset, length);
    if (bytes === undefined) throw new Truncated(offset, Math.max(length, MIN_REQUEST));
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  if (at(0, 4).getUint32(0, false) !== 0x7f454c46) return { kind: 'unreadable' };
  const ident = at(0, 16);
  const is64 = ident.getUint8(4) === 2;
  const littleEndian = ident.getUint8(5) !== 2;
  const u16 = (offset: number) => at(offset, 2).getUint16(0, littleEndian);
  const u32 = (offset: number) => at(offset, 4).getUint32(0, littleEndian);
  const word = (offset: number) => (is64 ? Number(at(offset, 8).getBigUint64(0, littleEndian)) : u32(offset));

  const programHeaders = word(is64 ? 32 : 28);
  const entrySize = u16(is64 ? 54 : 42);
  const count = Math.min(u16(is64 ? 56 : 44), MAX_PROGRAM_HEADERS);
  const loads: { offset: number; address: number; size: number }[] = [];
  let dynamic: { offset: number; size: number } | undefined;
  for (let i = 0; i < count; i += 1) {
    const header = programHeaders + i * entrySize;
    const type = u32(header);
    // Elf64_Phdr: type, flags, offset, vaddr, paddr, filesz...; Elf32_Phdr: type, offset, vaddr, paddr, filesz...
    const offset = word(header + (is64 ? 8 : 4));
    const address = word(header + (is64 ? 16 : 8));
    const size = word(header + (is64 ? 32 : 16));
    if (type === PT_LOAD) loads.push({ offset, address, size });
    else if (type === PT_DYNAMIC) dynamic = { offset, size };
  }
  if (dynamic === undefined) return { kind: 'none' };

  const tags = new Map<number, number>();
  const dynamicEntrySize = is64 ? 16 : 8;
  const entries = Math.min(Math.floor(dynamic.size / dynamicEntrySize), MAX_DYNAMIC_ENTRIES);
  for (let i = 0; i < entries; i += 1) {
    const tag = word(dynamic.offset + i * dynamicEntrySize);
    if (tag === DT_NULL) break;
    if (!tags.has(tag)) tags.set(tag, word(dynamic.offset + i * dynamicEntrySize + dynamicEntrySize / 2));
  }
  const verneedAddress = tags.get(DT_VERNEED);
  const strtabAddress = tags.get(DT_STRTAB);
  if (verneedAddress === undefined || strtabAddress === undefined) return { kind: 'none' };
  // The table holds addresses in memory; the loadable segments say where those bytes are in the file.
  const fileOffset = (address: number) => {
    const segment = loads.find((load) => address >= load.address && address < load.address + load.size);
    if (segment === undefined) throw new Error('address outside every segment');
    return address - segment.address + segment.offset;
  };
  const strtabSize = tags.get(DT_STRSZ) ?? 0;
  if (strtabSize <= 0 || strtabSize > MAX_STRING_TABLE) return { kind: 'unreadable' };
  const strtab = at(fileOffset(strtabAddress), strtabSize);
  const strings = new Uint8Array(strtab.buffer, strtab.byteOffset, strtab.byteLength);
  const string = (offset: number) => {
    const end = strings.indexOf(0, offset);
    if (offset >= strings.length || end < 0) throw new Error('string outside the string table');
    return new TextDecoder('latin1').decode(strings.subarray(offset, end));
  };

  const versions = new Set<string>();
  /** Version index (vna_other, what .gnu.version holds per symbol) → glibc version. */
  const indexes = new Map<number, string>();
  let record = fileOffset(verneedAddress);
  const files = Math.min(tags.get(DT_VERNEEDNUM) ?? MAX_VERSION_RECORDS, MAX_VERSION_RECORDS);
  let seen = 0;
  // Elf32_Verneed and Elf64_Verneed are the same: half version, half count, word file, word aux, word next.
  for (let file = 0; file < files; file += 1) {
    const auxCount = u16(record + 2);
    let aux = record + u32(record + 8);
    // Elf_Vernaux: word hash, half flags, half other, word name, word next.
    for (let i = 0; i < auxCount && seen < MAX_VERSION_RECORDS; i += 1, seen += 1) {
      const name = string(u32(aux + 8));
      const version = MARKER_VERSIONS[name] ?? /^GLIBC_(\d+\.\d+(?:\.\d+)?)$/.exec(name)?.[1];
      if (version !== undefined) {
        versions.add(version);
        indexes.set(u16(aux + 6), version);
      }
      const next = u32(aux + 12);
      if (next === 0) break;
      aux += next;
    }
    const next = u32(record + 12);
    if (next === 0) break;
    record += next;
  }
  if (versions.size === 0) return { kind: 'none' };
  const sorted = [...versions].sort(compareVersions);
  const newest = sorted[sorted.length - 1]!;
  const wanted = new Set([...indexes].filter(([, version]) => version === newest).map(([index]) => index));
  let symbol: string | undefined;
  try {
    symbol = symbolWithVersion(wanted);
  } catch {
    // Only a name for the message: the symbol tables may lie outside the parts read, or be odd.
    symbol = undefined;
  }
  return { kind: 'glibc', newest, versions: sorted, ...(symbol === undefined ? {} : { symbol }) };

  /** The first dynamic symbol whose version index (.gnu.version) is one of `wanted`. */
  function symbolWithVersion(wanted: ReadonlySet<number>): string | undefined {
    const versym = tags.get(DT_VERSYM);
    const symtab = tags.get(DT_SYMTAB);
    if (versym === undefined || symtab === undefined || wanted.size === 0) return undefined;
    const symbolSize = tags.get(DT_SYMENT) ?? (is64 ? 24 : 16);
    const versymOffset = fileOffset(versym);
    const symtabOffset = fileOffset(symtab);
    const total = Math.min(symbolCount(), MAX_SYMBOLS);
    for (let i = 1; i < total; i += 1) {
      if (!wanted.has(u16(versymOffset + 2 * i) & 0x7fff)) continue;
      const name = string(u32(symtabOffset + i * symbolSize));
      if (name !== '') return name;
    }
    return undefined;
  }

  /** How many dynamic symbols there are: from the SysV hash table, else from the GNU one (its last chain). */
  function symbolCount(): number {
    const hash = tags.get(DT_HASH);
    if (hash !== undefined) return u32(fileOffset(hash) + 4);
    const gnuHash = tags.get(DT_GNU_HASH);
    if (gnuHash === undefined) return 0;
    const table = fileOffset(gnuHash);
    const bucketCount = Math.min(u32(table), MAX_SYMBOLS);
    const symbolOffset = u32(table + 4);
    const buckets = table + 16 + u32(table + 8) * (is64 ? 8 : 4);
    let last = 0;
    for (let b = 0; b < bucketCount; b += 1) last = Math.max(last, u32(buckets + 4 * b));
    if (last < symbolOffset) return symbolOffset;
    // Imported symbols come first and are not hashed; the chain of the highest bucket ends at the last symbol.
    const chains = buckets + 4 * bucketCount;
    while (last < MAX_SYMBOLS && (u32(chains + 4 * (last - symbolOffset)) & 1) === 0) last += 1;
    return last + 1;
  }
}
