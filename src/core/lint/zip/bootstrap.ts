// The rules about the zip's bootstrap: `zip-no-bootstrap` (none at the root), `zip-exec-bit` (not executable, or no
// Unix mode at all) and `zip-crlf` (a script with Windows line endings). Lambda extracts the zip to /var/task and
// execs /var/task/bootstrap as a user that owns none of the files; each of these makes that exec fail, and the
// function answers Runtime.InvalidEntrypoint.
import type { ZipFacts } from './facts';
import type { ZipEntryProblem } from './problems';

const PACKAGE_HINT = '`lambda-runtime-kit package` writes Unix modes whatever the OS';

/** zip-no-bootstrap: unless a layer may bring /opt/bootstrap. */
export function noBootstrap(facts: ZipFacts, layerMayBringIt: boolean): ZipEntryProblem | undefined {
  if (facts.bootstrap !== undefined && !facts.bootstrap.entry.isDirectory) return undefined;
  if (layerMayBringIt) return undefined;
  const nested = [...facts.otherBootstraps].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
  const folderNote = facts.bootstrap?.entry.isDirectory ? ' (`bootstrap/` is a folder there)' : '';
  const base =
    `The zip has no file named bootstrap at its root${folderNote}: Lambda looks for /var/task/bootstrap (and ` +
    '/opt/bootstrap from a layer) and fails with Runtime.InvalidEntrypoint ("Couldn\'t find valid bootstrap(s)").';
  const inFolder = nested.find((name) => name.includes('/') && name.endsWith('/bootstrap'));
  if (inFolder !== undefined) {
    const folder = inFolder.slice(0, -'/bootstrap'.length);
    return {
      code: 'zip-no-bootstrap',
      message:
        `${base} It has ${inFolder}: the zip was made of the folder ${folder}/, not of its contents, so everything ` +
        `lands in /var/task/${folder}/. Zip the folder's contents, not the folder: \`cd ${folder} && zip -r ` +
        '../function.zip .` (or `lambda-runtime-kit package`).',
    };
  }
  const lookalike = [...facts.lookalikes, ...nested][0];
  const hint = lookalike === undefined ? '' : ` There is ${lookalike}, but Lambda runs a file named exactly bootstrap.`;
  return {
    code: 'zip-no-bootstrap',
    message: `${base}${hint} Put an executable bootstrap at the root of the zip, or add a layer that brings one.`,
  };
}

/** zip-exec-bit on the root bootstrap: no Unix mode (a zip made on Windows), or no execute bit for other users. */
export function bootstrapExecBit(facts: ZipFacts): ZipEntryProblem | undefined {
  const entry = facts.bootstrap?.entry;
  if (entry === undefined || entry.isDirectory || entry.isSymlink) return undefined;
  if (entry.mode === undefined) {
    const whole = facts.anyUnixMode
      ? ''
      : ' No entry of this zip has one: it was made on Windows (Compress-Archive, Explorer\'s "Compressed folder") or by a tool that drops modes.';
    return {
      entry: 'bootstrap',
      code: 'zip-exec-bit',
      message:
        `The zip records no Unix permissions for the bootstrap (the entry is made by ${entry.madeBy}).${whole} ` +
        'Lambda extracts it without the execute bit, so it cannot run it: Runtime.InvalidEntrypoint ("permission ' +
        `denied"). Build the zip where modes exist (Linux, macOS, WSL: \`chmod 755 bootstrap && zip -r function.zip .\`); ${PACKAGE_HINT}.`,
    };
  }
  if ((entry.mode & 0o001) !== 0) return undefined;
  const octal = (entry.mode & 0o777).toString(8).padStart(3, '0');
  const which =
    (entry.mode & 0o111) === 0
      ? `The bootstrap is not executable in the zip (mode ${octal})`
      : `The bootstrap is executable only for its owner or group in the zip (mode ${octal}), and Lambda runs it as another user`;
  return {
    entry: 'bootstrap',
    code: 'zip-exec-bit',
    message:
      `${which}: Lambda fails with "permission denied" (Runtime.InvalidEntrypoint). Run \`chmod 755 bootstrap\` ` +
      `and zip it again; ${PACKAGE_HINT}.`,
  };
}

/** zip-crlf: a script bootstrap (`#!`) with CRLF line endings in the bytes read of it. */
export function bootstrapCrlf(facts: ZipFacts): ZipEntryProblem | undefined {
  const head = facts.bootstrap?.head;
  if (head === undefined || head.length === 0) return undefined;
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (head[start] !== 0x23 || head[start + 1] !== 0x21) return undefined;
  const crlf = head.indexOf('\r\n');
  if (crlf < 0) return undefined;
  const line = head.subarray(0, crlf).toString('latin1').split('\n').length;
  const shebang = head.subarray(start, head.indexOf(0x0a)).toString('latin1').replace(/\r$/, '');
  const effect =
    line === 1
      ? `Linux reads the interpreter as "${shebang.slice(2).trim()}\\r", so Lambda fails with "bad interpreter: No such file or directory" (Runtime.InvalidEntrypoint)`
      : 'every command from there on gets a stray \\r ("command not found", "$\'\\r\': command not found")';
  return {
    entry: 'bootstrap',
    code: 'zip-crlf',
    message:
      `The bootstrap script has Windows (CRLF) line endings, from line ${line}: ${effect}. Save it with LF ` +
      'endings (and add `bootstrap text eol=lf` to .gitattributes so git keeps it so), then zip it again.',
  };
}

function depth(name: string): number {
  return name.split('/').length;
}
