// Types that both project/ (what the project says about a function) and lint/ (rules over its files) use. They live
// here so that project/ needs nothing from lint/: the linter builds on the project model, not the other way round.
// Positions are 0-based and count UTF-16 code units, as LSP does.

/** The base image a bootstrap runs on; it decides which interpreters and tools exist and what `sh` is. */
export type TargetBase = 'provided.al2023' | 'provided.al2' | 'provided';

export type Architecture = 'x86_64' | 'arm64';

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}
