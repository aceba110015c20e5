// A problem a zip rule finds, before it becomes a Finding on the zip file.
export interface ZipEntryProblem {
  /** The entry it is about; the message is prefixed with it. Absent for the zip as a whole. */
  readonly entry?: string;
  readonly code: string;
  readonly message: string;
  /** Set when one case of a rule is milder than the rule's default (zip-size's 50 MB upload limit). */
  readonly severity?: 'warning';
}
