// The function name is the template's logical id, so it follows CloudFormation's rule for those.

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
