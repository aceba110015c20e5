/** A file to lint: its bytes as on disk (or as the editor holds them) and their text. */
export interface LintDocument {
  /** Absolute path. */
  readonly file: string;
  /**
   * The raw bytes. From disk when the file is saved, so a byte-order mark or invalid UTF-8 is seen even
   * though the editor's text hides it; from the editor's text when it holds unsaved changes.
   */
  readonly bytes: Uint8Array;
  /** The text as the editor shows it (UTF-8 decoded, BOM removed). Edits and ranges refer to this text. */
  readonly text: string;
}
