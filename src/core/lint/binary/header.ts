// Reads just enough of an executable's header to say which OS and CPU it was built for: ELF (Linux and other
// Unixes), Mach-O (macOS) and PE (Windows). Lambda runs Linux ELF executables for x86_64 or arm64 only.

export type ExecutableFormat = 'elf' | 'macho' | 'pe' | 'script' | 'unknown';
export type CpuArchitecture = 'x86_64' | 'arm64' | 'x86' | 'arm' | 'riscv64' | 'ppc64' | 's390x' | 'mips' | 'other';

export interface ExecutableHeader {
  readonly format: ExecutableFormat;
  /** `linux`, `freebsd`... for ELF (System V ABI is reported as linux, as Go and Rust emit it); `macos`; `windows`. */
  readonly os?: string;
  readonly arch?: CpuArchitecture;
  /** The CPU as the format names it (`aarch64`, `x86-64`, `arm64`...), for messages. */
  readonly machine?: string;
  readonly bits?: 32 | 64;
  /** ELF: the program interpreter (`/lib64/ld-linux-x86-64.so.2`, `/lib/ld-musl-x86_64.so.1`); absent when static. */
  readonly interpreter?: string;
  /** Mach-O universal binaries: every architecture inside. */
  readonly fatArchitectures?: readonly CpuArchitecture[];
}

const ELF_MACHINES: Readonly<Record<number, [CpuArchitecture, string]>> = {
  3: ['x86', 'i386'],
  8: ['mips', 'mips'],
  20: ['other', 'ppc'],
  21: ['ppc64', 'ppc64'],
  22: ['s390x', 's390x'],
  40: ['arm', 'arm'],
  62: ['x86_64', 'x86-64'],
  183: ['arm64', 'aarch64'],
  243: ['riscv64', 'riscv'],
};
const ELF_OS_ABI: Readonly<Record<number, string>> = {
  0: 'linux',
  3: 'linux',
  6: 'solaris',
  9: 'freebsd',
  12: 'openbsd',
  2: 'netbsd',
};
const MACHO_CPUS: Readonly<Record<number, [CpuArchitecture, string]>> = {
  7: ['x86', 'i386'],
  0x01000007: ['x86_64', 'x86_64'],
  12: ['arm', 'arm'],
  0x0100000c: ['arm64', 'arm64'],
  0x0200000c: ['arm64', 'arm64_32'],
};
const PE_MACHINES: Readonly<Record<number, [CpuArchitecture, string]>> = {
  0x14c: ['x86', 'i386'],
  0x8664: ['x86_64', 'x64'],
  0xaa64: ['arm64', 'ARM64'],
  0x1c0: ['arm', 'ARM'],
  0x1c4: ['arm', 'ARMv7'],
};

/** Identifies `bytes` (the start of a file, or all of it). Never throws, whatever the bytes. */
export function readExecutableHeader(bytes: Uint8Array): ExecutableHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u8 = (offset: number) => (offset < bytes.length ? bytes[offset] : -1);
  if (u8(0) === 0x7f && u8(1) === 0x45 && u8(2) === 0x4c && u8(3) === 0x46) return readElf(bytes, view);
  if (bytes.length >= 8) {
    const magicBE = view.getUint32(0, false);
    const magicLE = view.getUint32(0, true);
    if (magicBE === 0xfeedface || magicBE === 0xfeedfacf || magicLE === 0xfeedface || magicLE === 0xfeedfacf) {
      const littleEndian = magicLE === 0xfeedface || magicLE === 0xfeedfacf;
      const [arch, machine] = MACHO_CPUS[view.getUint32(4, littleEndian)] ?? ['other', 'unknown'];
      const bits = (littleEndian ? magicLE : magicBE) === 0xfeedfacf ? 64 : 32;
      return { format: 'macho', os: 'macos', arch, machine, bits };
    }
    // 0xcafebabe is both a Mach-O universal binary and a Java class file; a universal binary lists a few
    // architectures where a class file has its version (45 or more) in the same place.
    const count = view.getUint32(4, false);
    if (magicBE === 0xcafebabe && count > 0 && count < 20 && bytes.length >= 8 + count * 20) {
      const fatArchitectures = Array.from(
        { length: count },
        (_, i) => (MACHO_CPUS[view.getUint32(8 + i * 20, false)] ?? ['other'])[0],
      );
      return { format: 'macho', os: 'macos', arch: fatArchitectures[0], machine: 'universal', fatArchitectures };
    }
  }
  if (u8(0) === 0x4d && u8(1) === 0x5a && bytes.length >= 0x40) {
    const peOffset = view.getUint32(0x3c, true);
    if (peOffset + 6 <= bytes.length && view.getUint32(peOffset, false) === 0x50450000) {
      const [arch, machine] = PE_MACHINES[view.getUint16(peOffset + 4, true)] ?? ['other', 'unknown'];
      return { format: 'pe', os: 'windows', arch, machine };
    }
  }
  const start = u8(0) === 0xef && u8(1) === 0xbb && u8(2) === 0xbf ? 3 : 0;
  if (u8(start) === 0x23 && u8(start + 1) === 0x21) return { format: 'script' };
  return { format: 'unknown' };
}

function readElf(bytes: Uint8Array, view: DataView): ExecutableHeader {
  const bits = bytes[4] === 2 ? 64 : 32;
  const littleEndian = bytes[5] !== 2;
  if (bytes.length < 20) return { format: 'elf', bits };
  const [arch, machine] = ELF_MACHINES[view.getUint16(18, littleEndian)] ?? [
    'other',
    `machine ${view.getUint16(18, littleEndian)}`,
  ];
  const os = ELF_OS_ABI[bytes[7]] ?? `os-abi ${bytes[7]}`;
  return { format: 'elf', os, arch, machine, bits, interpreter: readInterpreter(bytes, view, bits, littleEndian) };
}

/** The PT_INTERP segment: which dynamic loader (and so which C library) the program needs. */
function readInterpreter(bytes: Uint8Array, view: DataView, bits: number, littleEndian: boolean): string | undefined {
  try {
    const is64 = bits === 64;
    const programHeaders = is64 ? Number(view.getBigUint64(32, littleEndian)) : view.getUint32(28, littleEndian);
    const entrySize = view.getUint16(is64 ? 54 : 42, littleEndian);
    const count = view.getUint16(is64 ? 56 : 44, littleEndian);
    for (let i = 0; i < Math.min(count, 64); i += 1) {
      const header = programHeaders + i * entrySize;
      if (header + entrySize > bytes.length) return undefined;
      if (view.getUint32(header, littleEndian) !== 3) continue; // PT_INTERP
      const offset = is64
        ? Number(view.getBigUint64(header + 8, littleEndian))
        : view.getUint32(header + 4, littleEndian);
      const size = is64
        ? Number(view.getBigUint64(header + 32, littleEndian))
        : view.getUint32(header + 16, littleEndian);
      if (offset + size > bytes.length || size > 4096) return undefined;
      return new TextDecoder().decode(bytes.subarray(offset, offset + size)).replace(/\0+$/, '');
    }
  } catch {
    return undefined;
  }
  return undefined;
}
