/** Exit statuses of the command-line contract in DESIGN.md. */
export const EXIT_OK = 0;
/** A lint error-severity finding, or a function error from `invoke`. */
export const EXIT_FAILURE = 1;
/** Bad usage or unreadable input. */
export const EXIT_USAGE = 2;
/** A bug in the tool itself (sysexits EX_SOFTWARE), kept apart from every status the contract gives meaning to. */
export const EXIT_INTERNAL = 70;
