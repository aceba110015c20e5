/**
 * A deployment package that cannot be built as asked: a dangling link, a failed build, an unreadable folder. Its
 * message is a sentence for the user (what happened and what to do); the command line exits 2 on it.
 */
export class PackageError extends Error {
  override readonly name = 'PackageError';
}
