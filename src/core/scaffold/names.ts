// The function name is the template's logical id, so it follows CloudFormation's rule for those.
import path from 'node:path';
import type { Architecture } from '../types';

/** The name when none is given and the folder's name has nothing usable. */
export const DEFAULT_FUNCTION_NAME = 'Function';

const MAX_LOGICAL_ID = 64;

/** An error sentence for a function name that is no CloudFormation logical id, or undefined when it is valid. */
export function validateFunctionName(name: string): string | undefined {
  if (name === '') return 'Type a function name, e.g. HelloFunction.';
  if (name.length > MAX_LOGICAL_ID) {
    return `The function name has ${name.length} characters; a CloudFormation logical id has at most ${MAX_LOGICAL_ID}.`;
  }
  if (!/^[A-Za-z]/.test(name)) return 'The function name must start with a letter (it is the template’s logical id).';
  const bad = /[^A-Za-z0-9]/.exec(name);
  if (bad !== null) {
    const shown = /\s/.test(bad[0]) ? 'a space' : `“${bad[0]}”`;
    return `The function name may have only letters and digits (it is the template’s logical id), not ${shown}.`;
  }
  return undefined;
}

/**
 * A logical id made from a folder's name: `orders-api` gives `OrdersApiFunction`; `Function` when the name
 * has nothing usable. The default of both `new` and New Custom Runtime.
 */
export function functionNameFromFolder(folder: string): string {
  const words = path
    .basename(folder)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const pascal = words
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')
    .replace(/^[0-9]+/, '');
  if (pascal === '') return DEFAULT_FUNCTION_NAME;
  const name = pascal.endsWith('Function') ? pascal : `${pascal}Function`;
  return validateFunctionName(name) === undefined ? name : DEFAULT_FUNCTION_NAME;
}

/** This machine's CPU as Lambda names it, the default architecture (a binary built here then runs as configured). */
export function hostArchitecture(arch: string = process.arch): Architecture {
  return arch === 'arm64' ? 'arm64' : 'x86_64';
}
