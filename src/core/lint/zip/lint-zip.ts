// Checks a deployment zip as Lambda will extract and run it: one pass over the central directory gathers the facts
// (reading the bootstrap's first bytes, links' targets and binaries' headers on the way), then each rule decides.
import type { RuntimeTarget } from '../../project/types';
import { applyRuleSettings, ruleFinding } from '../rules';
import type { Architecture, Finding, Range, RuleSettings, TargetBase } from '../types';
import { checkBinary, HEAD_BYTES, isBinaryCandidate } from './binaries';
import { bootstrapCrlf, bootstrapExecBit, noBootstrap } from './bootstrap';
import { emptyFacts, type ZipFacts } from './facts';
import { readLayerFacts, type ZipLayer } from './layers';
import type { ZipEntryProblem } from './problems';
import { walkZip, type ReadEntry, type ZipEntry } from './read';
import { zipSize } from './size';
import { brokenLinks } from './symlink';
import { isUnreadable, NAMED_UNREADABLE, unreadableEntries } from './unreadable';

/** How the zip is deployed: where it runs and with what. Every field has a default. */
export interface ZipLintOptions {
  /** The base image (runtime) of the function: decides the glibc it has. Default `provided.al2023`. */
  readonly base?: TargetBase;
  /** The function's Architectures. Default `x86_64`, as Lambda's. */
  readonly architecture?: Architecture;
  /** Words for where base and architecture come from, in messages: `template.yaml (HelloFunction)`. */
  readonly source?: string;
  /** The function's layers (Lambda extracts them to /opt): a layer may bring the bootstrap and adds to the size. */
  readonly layers?: readonly ZipLayer[];
  /** `layer`: the zip is a layer's content, which needs no bootstrap of its own. Default `function`. */
  readonly role?: 'function' | 'layer';
  /** Per-rule severity overrides or `off` (`lambdaRuntime.lint.rules`). */
  readonly rules?: RuleSettings;
}

/** A link's target is a path: more than this is no link Lambda can follow. */
const MAX_LINK_BYTES = 4096;
const ZIP_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const DEFAULT_SOURCE = 'the default: no template says';

/**
 * Checks the deployment zip `file` with the rules zip-no-bootstrap, zip-exec-bit, zip-unreadable, zip-crlf,
 * zip-size, zip-symlink, and elf-arch / elf-glibc on the binaries inside (see docs/rules.md).
 *
 * Each finding's `file` is the zip itself and its range is the start of the file (0:0); a finding about one
 * entry has a message that starts with the entry's path in the zip (`bootstrap: ...`, `lib/libx.so: ...`).
 * The zip is streamed: the central directory entry by entry, and only the first bytes of the entries a rule
 * needs (the bootstrap, links, binaries at the root, in bin/ and lib/); memory stays flat whatever its size.
 *
 * Rejects with a sentence (no stack) when the file cannot be read, is no zip or is damaged: a caller reports that
 * as an unreadable input, not as a finding.
 */
export async function lintZip(file: string, options: ZipLintOptions = {}): Promise<Finding[]> {
  const target = runtimeTarget(options);
  const facts = emptyFacts(file, 0);
  const summary = await walkZip(file, (entry, read) => collect(facts, entry, read, target));
  const all: ZipFacts = { ...facts, fileSize: summary.fileSize };
  const layers = await readLayerFacts(options.layers ?? []);
  const problems: (ZipEntryProblem | undefined)[] = [
    options.role === 'layer' ? undefined : noBootstrap(all, layers.mayBringBootstrap),
    bootstrapExecBit(all),
    bootstrapCrlf(all),
    unreadableEntries(all),
    zipSize(all, layers),
    ...brokenLinks(all),
    ...all.binaries.flatMap((binary) => binary.problems.map((problem) => ({ entry: binary.name, ...problem }))),
  ];
  const findings = problems
    .filter((problem): problem is ZipEntryProblem => problem !== undefined)
    .map((problem) => {
      const message = problem.entry === undefined ? problem.message : `${problem.entry}: ${problem.message}`;
      const finding = ruleFinding(problem.code, file, ZIP_START, message);
      return problem.severity === undefined ? finding : { ...finding, severity: problem.severity };
    });
  return applyRuleSettings(findings, options.rules ?? {});
}

async function collect(facts: ZipFacts, entry: ZipEntry, read: ReadEntry, target: RuntimeTarget): Promise<void> {
  const name = entry.name.replace(/\/$/, '');
  facts.unzippedBytes += entry.uncompressedSize;
  // Folders a deeper entry implies exist in /var/task even when the zip has no entry for them.
  const segments = name.split('/');
  for (let i = 0; i <= segments.length; i += 1) facts.paths.add(segments.slice(0, i).join('/'));
  if (entry.mode !== undefined) facts.anyUnixMode = true;
  if (isUnreadable(entry)) {
    facts.unreadableCount += 1;
    if (facts.unreadable.length < NAMED_UNREADABLE) facts.unreadable.push(entry);
  }
  if (entry.isSymlink) {
    const target = (await read(MAX_LINK_BYTES)).toString('utf8');
    facts.links.push({ name: entry.name, target });
    facts.linkTargets.set(name, target);
  }
  const base = segments[segments.length - 1]!;
  if (name === 'bootstrap') {
    const head = entry.isDirectory || entry.isSymlink ? Buffer.alloc(0) : await read(HEAD_BYTES);
    facts.bootstrap = { entry, head };
    if (isBinaryCandidate(entry)) await addBinary(facts, entry, head, read, target);
    return;
  }
  if (!entry.isDirectory && base.toLowerCase() === 'bootstrap') facts.otherBootstraps.push(name);
  else if (!entry.isDirectory && segments.length === 1 && /^bootstrap\./i.test(base)) facts.lookalikes.push(name);
  if (isBinaryCandidate(entry)) await addBinary(facts, entry, await read(HEAD_BYTES), read, target);
}

async function addBinary(facts: ZipFacts, entry: ZipEntry, head: Buffer, read: ReadEntry, target: RuntimeTarget) {
  const problems = await checkBinary(entry, head, read, target);
  if (problems.length > 0) facts.binaries.push({ name: entry.name, problems });
}

function runtimeTarget(options: ZipLintOptions): RuntimeTarget {
  return {
    base: options.base ?? 'provided.al2023',
    architecture: options.architecture ?? 'x86_64',
    shIsBash: true,
    installedTools: new Set(),
    environmentNames: new Set(),
    // Given base or CPU without a source: the caller knows where they come from, the message need not say.
    source: options.source ?? (options.base === undefined && options.architecture === undefined ? DEFAULT_SOURCE : ''),
  };
}
