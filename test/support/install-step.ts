// The tools the tests need but npm does not install (code-server, aws-lambda-ric) are built once into a cache
// by a few commands each; these helpers run one such command and find programs on PATH.
import { execa } from 'execa';

/** Runs one install command; on failure throws with the last 30 lines of its output, which say why. */
export async function installStep(
  product: string,
  log: (line: string) => void,
  what: string,
  file: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<void> {
  log(`  ${what}: ${file} ${args.join(' ')}`);
  const result = await execa(file, args, { cwd, env, all: true, reject: false });
  if (result.exitCode !== 0) {
    const tail = (result.all ?? '').split('\n').slice(-30).join('\n');
    throw new Error(`${product} install step '${what}' failed (exit ${result.exitCode}) in ${cwd}:\n${tail}`);
  }
}

/** The path of `command` on PATH, or undefined. */
export async function which(command: string): Promise<string | undefined> {
  const result = await execa('sh', ['-c', `command -v ${command}`], { reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}
