// The functions of a template that this extension can run: `provided.*` .zip functions with local code, and
// image functions whose Dockerfile builds a custom runtime (not a Lambda language image).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findStartupFile } from './context-files';
import { analyzeDockerfile, lambdaHandler } from './dockerfile-facts';
import { isProvidedRuntime, parseTemplate, type TemplateFunctionDetails, type TemplateProblem } from './template';

export interface TemplateFunctions {
  readonly functions: TemplateFunctionDetails[];
  /** YAML errors and values that could not be used, with where they are (0-based). */
  readonly problems: TemplateProblem[];
}

/**
 * Reads `templatePath` and returns its custom-runtime functions: CodeUri resolved to an absolute folder,
 * Globals.Function applied, defaults filled in (x86_64, 3 s, 128 MB). Image functions carry their Dockerfile
 * and the build-context file it copies to /var/runtime/bootstrap; their `runtime` is the OS-only base
 * (`provided.al2023`...) or, for another base image, that image's name.
 * Rejects only when the file cannot be read; a broken template gives problems, never an exception.
 */
export async function readTemplateFunctions(templatePath: string): Promise<TemplateFunctions> {
  const file = path.resolve(templatePath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read the template ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const parsed = parseTemplate(text, file);
  const problems = [...parsed.problems];
  const functions: TemplateFunctionDetails[] = [];
  for (const fn of parsed.functions) {
    const report = (message: string) =>
      problems.push({ message, range: fn.codeUriRange ?? fn.nameRange, severity: 'warning', functionName: fn.name });
    if (fn.packageType === 'Zip') {
      if (!isProvidedRuntime(fn.runtime)) continue;
      if (!fn.localCode) {
        report(`${fn.name}: its code is not a local folder (S3 or inline), so it cannot run here.`);
        continue;
      }
      functions.push(fn);
      continue;
    }
    if (fn.dockerfile === undefined || !fn.localCode) {
      report(`${fn.name}: an image function needs Metadata.DockerContext (and Dockerfile) to run here.`);
      continue;
    }
    let dockerText: string;
    try {
      dockerText = await readFile(fn.dockerfile, 'utf8');
    } catch {
      report(`${fn.name}: its Dockerfile ${fn.dockerfile} cannot be read.`);
      continue;
    }
    const facts = analyzeDockerfile(dockerText, fn.dockerfile);
    // A Lambda language image (python, nodejs...) runs AWS's own runtime client, not a bootstrap of the user's.
    if (facts.image === undefined || facts.image.kind === 'managed') continue;
    const commandHandler = lambdaHandler(facts);
    functions.push({
      ...fn,
      runtime: facts.image.base ?? facts.baseImage ?? '',
      handler: fn.handler ?? commandHandler,
      bootstrap: await findStartupFile(facts, fn.codeUri),
    });
  }
  return { functions, problems };
}
