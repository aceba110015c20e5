// `script/bootstrap` is also the name of a developer's setup script ("scripts to rule them all": install the
// project's dependencies with brew, npm, bundle...). Linting one as a Lambda bootstrap would report those tools as
// missing from Lambda's image. Such a file is told apart by where it is and by never naming anything of Lambda's.
import { open } from 'node:fs/promises';
import path from 'node:path';

const SCRIPT_FOLDERS = new Set(['script', 'scripts']);
const LAMBDA_WORDS = /AWS_LAMBDA_RUNTIME_API|LAMBDA_TASK_ROOT|LAMBDA_RUNTIME_DIR|_HANDLER|\/runtime\/invocation/;
const HEAD_BYTES = 64 * 1024;

/**
 * Whether `file` is a setup script named bootstrap rather than a Lambda runtime: in a `script/` or `scripts/`
 * folder, a text file that mentions none of Lambda's variables or Runtime API paths. (Whether a Dockerfile or
 * template uses it is for the caller to check.)
 */
export async function isDevSetupScript(file: string): Promise<boolean> {
  if (!SCRIPT_FOLDERS.has(path.basename(path.dirname(file)))) return false;
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.includes(0)) return false; // a compiled program
    return !LAMBDA_WORDS.test(head.toString('utf8'));
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
