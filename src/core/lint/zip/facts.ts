// What one pass over a zip's central directory gathers for the rules: the bootstrap and its first bytes, the
// entries named bootstrap deeper down, the modes, the links and the binaries' problems. Each rule then decides
// from these facts alone, so the zip is read once.
import type { BinaryProblem } from '../binary';
import type { ZipEntry } from './read';

export interface LinkFact {
  readonly name: string;
  /** The link's target as stored in the zip (the entry's content). */
  readonly target: string;
}

export interface ZipFacts {
  readonly file: string;
  readonly fileSize: number;
  /** The sum of the entries' declared unzipped sizes. */
  unzippedBytes: number;
  /** The `bootstrap` entry at the root, if any, with its first bytes (empty for a link or a folder). */
  bootstrap?: { readonly entry: ZipEntry; readonly head: Buffer };
  /** Files named `bootstrap` (any case) below the root, or with another case at the root. */
  readonly otherBootstraps: string[];
  /** Root files that look like a bootstrap under another name (`bootstrap.sh`, `Bootstrap`). */
  readonly lookalikes: string[];
  /** Whether any entry carries a Unix mode. */
  anyUnixMode: boolean;
  /** Entries Lambda's user cannot read, the first few of them, and how many in all. */
  readonly unreadable: ZipEntry[];
  unreadableCount: number;
  readonly links: LinkFact[];
  /** Every path in the zip, folders included (also those only implied by a deeper entry), without a trailing `/`. */
  readonly paths: Set<string>;
  /** Paths that are links (to follow them through each other). */
  readonly linkTargets: Map<string, string>;
  readonly binaries: { readonly name: string; readonly problems: readonly BinaryProblem[] }[];
}

/** Empty facts for the zip `file` of `fileSize` bytes. */
export function emptyFacts(file: string, fileSize: number): ZipFacts {
  return {
    file,
    fileSize,
    unzippedBytes: 0,
    otherBootstraps: [],
    lookalikes: [],
    anyUnixMode: false,
    unreadable: [],
    unreadableCount: 0,
    links: [],
    paths: new Set(),
    linkTargets: new Map(),
    binaries: [],
  };
}
