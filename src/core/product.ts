/**
 * Identity of the product, read from package.json at build time so that the extension, the language server
 * and the command-line tool always report the same name and version.
 */
import { displayName, name, version } from '../../package.json';

/** The npm package and command-line tool name, `lambda-runtime-kit`. */
export const PRODUCT_NAME: string = name;
/** The name shown to people, `Lambda Runtime Kit`. */
export const PRODUCT_DISPLAY_NAME: string = displayName;
/** The package version, for `--version`, the server's `serverInfo` and logs. */
export const PRODUCT_VERSION: string = version;
