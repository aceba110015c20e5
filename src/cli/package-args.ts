// `package`'s options: which folder or template, which function, where the zips go.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OUT_DIR, TEMPLATE_NAMES } from '../core/package/select';
import { UsageError } from './args';

export { DEFAULT_OUT_DIR } from '../core/package/select';

/** What `package` was asked to do, with every path absolute. */
export interface PackageRequest {
  /** DIR: the function's folder, or the folder whose template is used. */
  readonly dir: string;
  readonly template?: string;
  readonly functionName?: string;
  readonly outDir: string;
}

/**
 * Parses `package [DIR] [--template template.yaml] [--function NAME] [--out DIR]` against `cwd`. Throws a
 * {@link UsageError} on bad usage, a missing DIR or a missing template.
 */
export async function parsePackageArgs(args: readonly string[], cwd: string): Promise<PackageRequest> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { template: { type: 'string' }, function: { type: 'string' }, out: { type: 'string' } },
    });
  } catch (error) {
    // Keep parseArgs' first sentence; the rest is advice for programmers.
    const message = (error as Error).message.split(/\.\s/)[0].replace(/\.$/, '');
    throw new UsageError(message.charAt(0).toLowerCase() + message.slice(1));
  }
  const [dirArg, extra] = parsed.positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'; give one DIR`);
  for (const option of ['template', 'function', 'out'] as const) {
    if (parsed.values[option] === '') throw new UsageError(`--${option} needs a value`);
  }
  let template = parsed.values.template === undefined ? undefined : path.resolve(cwd, parsed.values.template);
  const dir = path.resolve(cwd, dirArg ?? (template !== undefined ? path.dirname(template) : '.'));
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) throw new UsageError(`${dirArg ?? dir} does not exist`);
  if (!info.isDirectory()) {
    throw new UsageError(
      dir.endsWith('.zip')
        ? `${dirArg} is a zip already; check it with 'lambda-runtime-kit lint ${dirArg}'`
        : `${dirArg} is not a folder`,
    );
  }
  if (template !== undefined) {
    if (!(await stat(template).catch(() => undefined))?.isFile()) {
      throw new UsageError(`the template ${parsed.values.template} does not exist`);
    }
  } else {
    for (const name of TEMPLATE_NAMES) {
      const candidate = path.join(dir, name);
      if ((await stat(candidate).catch(() => undefined))?.isFile()) {
        template = candidate;
        break;
      }
    }
  }
  const functionName = parsed.values.function;
  if (functionName !== undefined && template === undefined) {
    throw new UsageError(
      `--function picks a function of a template, and ${dirArg ?? '.'} has no template.yaml; give --template`,
    );
  }
  const root = template !== undefined && dirArg === undefined ? path.dirname(template) : dir;
  const outDir = path.resolve(cwd, parsed.values.out ?? path.join(root, DEFAULT_OUT_DIR));
  return { dir, template, functionName, outDir };
}
