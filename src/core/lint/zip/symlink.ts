// `zip-symlink`: a link stored as a link (Info-ZIP's `zip -y`, `zip --symlinks`) is recreated as it is in
// /var/task. One that climbs out of the zip (`../../build/lib.so`), names a path on the machine that made it
// (`/home/me/...`) or a file the zip does not hold leads nowhere in Lambda: "No such file or directory".
import path from 'node:path';
import type { ZipFacts } from './facts';
import type { ZipEntryProblem } from './problems';

const TASK_ROOT = '/var/task';
/** Absolute targets that exist, or may, in Lambda's environment: not checked. */
const LAMBDA_PATHS = /^\/(opt|tmp|usr|lib|lib64|bin|sbin|etc|proc|dev|mnt|var\/runtime|var\/lang)(\/|$)/;
/** More links than this are reported once each up to here, then counted. */
const MAX_REPORTED = 20;
const MAX_HOPS = 16;

/** zip-symlink: one problem per link that leads outside the zip or to nothing. */
export function brokenLinks(facts: ZipFacts): ZipEntryProblem[] {
  const problems: ZipEntryProblem[] = [];
  for (const link of facts.links) {
    const message = linkProblem(facts, link.name.replace(/\/$/, ''), link.target);
    if (message === undefined) continue;
    if (problems.length === MAX_REPORTED) {
      problems.push({ code: 'zip-symlink', message: 'More links of the zip lead nowhere; fix the ones above first.' });
      break;
    }
    problems.push({ entry: link.name, code: 'zip-symlink', message });
  }
  return problems;
}

function linkProblem(facts: ZipFacts, name: string, target: string): string | undefined {
  const fix =
    'Zip the file itself instead of the link (Info-ZIP `zip` without -y stores what a link points to), or make the ' +
    'link point to a file inside the zip with a relative path.';
  let current = name;
  let to = target;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const resolved = resolveInZip(current, to);
    if (resolved.kind === 'lambda') return undefined;
    if (resolved.kind === 'outside') {
      return `The link points to ${target}, outside the zip: in Lambda it leads to ${resolved.where}, which is not there. ${fix}`;
    }
    if (!facts.paths.has(resolved.path)) {
      return `The link points to ${target}, which the zip does not hold (/var/task/${resolved.path}): it leads to nothing in Lambda. ${fix}`;
    }
    const next = facts.linkTargets.get(resolved.path);
    if (next === undefined) return undefined;
    current = resolved.path;
    to = next;
  }
  return `The link points to ${target}, and links lead on to links ${MAX_HOPS} times (a loop?): Lambda gives up ("Too many levels of symbolic links"). ${fix}`;
}

type Resolved =
  | { readonly kind: 'inside'; readonly path: string }
  | { readonly kind: 'outside'; readonly where: string }
  | { readonly kind: 'lambda' };

/** Where the link `name` → `target` leads, relative to the zip's root when it stays inside. */
function resolveInZip(name: string, target: string): Resolved {
  if (target.startsWith('/')) {
    const normal = path.posix.normalize(target);
    if (normal === TASK_ROOT || normal.startsWith(`${TASK_ROOT}/`))
      return { kind: 'inside', path: normal.slice(TASK_ROOT.length + 1) };
    if (LAMBDA_PATHS.test(normal)) return { kind: 'lambda' };
    return { kind: 'outside', where: normal };
  }
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(name), target));
  if (joined === '..' || joined.startsWith('../')) {
    return { kind: 'outside', where: path.posix.join(TASK_ROOT, joined) };
  }
  return { kind: 'inside', path: joined === '.' ? '' : joined.replace(/\/$/, '') };
}
