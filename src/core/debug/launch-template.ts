// The template function a launch configuration's `functionName` names, and whether its code is a deployment zip.
import path from 'node:path';
import type { TemplateFunctionDetails } from '../project/template';
import { readTemplateFunctions } from '../project/template-functions';
import { deploysZip } from '../project/zip-function';
import type { LaunchAttributes, ResolveOptions } from './launch-config';
import { invalid, optionalString } from './launch-problems';

/** The template function `functionName` names (in `template`, else the first of `options.templates` that has it). */
export async function templateFunction(
  attributes: LaunchAttributes,
  options: ResolveOptions,
): Promise<TemplateFunctionDetails | undefined> {
  const functionName = optionalString(attributes.functionName, 'functionName');
  if (!functionName) return undefined;
  const templateAttribute = optionalString(attributes.template, 'template');
  const base = options.folder ?? process.cwd();
  const templates = templateAttribute ? [path.resolve(base, templateAttribute)] : (options.templates ?? []);
  return findTemplateFunction(templates, functionName, templateAttribute !== undefined);
}

/** The .zip file that is the code of the template function `functionName` names, if its code is one. */
export async function templateCodeZip(
  attributes: LaunchAttributes,
  options: ResolveOptions,
): Promise<string | undefined> {
  const fn = await templateFunction(attributes, options);
  return fn !== undefined && deploysZip(fn) ? fn.codeUri : undefined;
}

/** The function `name` of the first template that has it; `explicit` when the user named the template. */
async function findTemplateFunction(
  templates: readonly string[],
  name: string,
  explicit: boolean,
): Promise<TemplateFunctionDetails> {
  if (templates.length === 0)
    invalid(`"functionName" is ${name}, but the workspace has no template.yaml: set "template" or use "bootstrap".`);
  const seen: string[] = [];
  for (const template of templates) {
    let functions: TemplateFunctionDetails[];
    try {
      ({ functions } = await readTemplateFunctions(template));
    } catch (error) {
      if (explicit) invalid(`"template": ${(error as Error).message}`);
      continue;
    }
    const match = functions.find((fn) => fn.name === name);
    if (match) return match;
    seen.push(...functions.map((fn) => fn.name));
  }
  const where = templates.length === 1 ? templates[0] : `the workspace's templates (${templates.length})`;
  invalid(
    `No provided.* function "${name}" in ${where}${seen.length ? `; it has ${[...new Set(seen)].join(', ')}` : ''}.`,
  );
}
