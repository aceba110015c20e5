// 200 invokes in a row: the runtime's process tree must not keep growing in memory or open files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { processTreeSync } from '../../emulator/process-tree';
import { answered, describe } from '../evidence';
import { CHECK_EVENT } from './answers';
import type { Scenario, Verdict } from '../types';
import type { CheckSession } from '../session';

const WARM_UP = 20;
const INVOKES = 200;
/** Growth over the 200 invokes past which memory counts as leaking, if it still grows in the second half. */
const RSS_GROWTH_KB = 16 * 1024;
const RSS_LATE_GROWTH_KB = 4 * 1024;
/** One descriptor per invoke left open shows as 200; a few come and go with connections. */
const FD_GROWTH = 20;

interface Sample {
  readonly rssKb: number;
  readonly fds: number;
  readonly processes: number;
}

/** Resident memory and open descriptors of the whole tree under `root`, from /proc. */
export function sampleTree(root: number): Sample {
  let rssKb = 0;
  let fds = 0;
  const pids = processTreeSync(root);
  for (const pid of pids) {
    try {
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
      rssKb += Number(rss?.[1] ?? 0);
      fds += readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      // the process ended between the listing and the read
    }
  }
  return { rssKb, fds, processes: pids.length };
}

/**
 * The smallest of a few samples a moment apart: a shell runtime's short-lived children (curl) come and go
 * around an invoke, and what stays is what leaks.
 */
async function settledSample(root: number): Promise<Sample> {
  let rssKb = Infinity;
  let fds = Infinity;
  let processes = Infinity;
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const sample = sampleTree(root);
    rssKb = Math.min(rssKb, sample.rssKb);
    fds = Math.min(fds, sample.fds);
    processes = Math.min(processes, sample.processes);
  }
  return { rssKb, fds, processes };
}

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

async function invokeMany(session: CheckSession, count: number): Promise<string | undefined> {
  for (let i = 0; i < count; i++) {
    const outcome = await session.invoke(CHECK_EVENT);
    if (!answered(outcome)) return `invoke ${i + 1}: ${describe(outcome)}`;
  }
  return undefined;
}

export const steadyResources: Scenario = {
  id: 'steady-resources',
  title: `${INVOKES} invokes in a row without growing memory or file descriptors`,
  timeoutMs: 180_000,
  async run(context): Promise<Verdict> {
    if (process.platform !== 'linux' || !existsSync('/proc/self/fd')) {
      return { status: 'skip', evidence: "Needs Linux's /proc to read the runtime's memory and descriptors." };
    }
    const session = await context.session();
    const broken = await invokeMany(session, WARM_UP);
    if (broken) return { status: 'fail', evidence: `Warming up, ${broken}.`, fix: 'See answers-event first.' };
    const root = session.pids[0];
    const before = await settledSample(root);
    const middleBroken = await invokeMany(session, INVOKES / 2);
    const middle = await settledSample(root);
    const endBroken = middleBroken ?? (await invokeMany(session, INVOKES / 2));
    const after = await settledSample(root);
    if (endBroken) {
      return { status: 'fail', evidence: `Of ${INVOKES} invokes, ${endBroken}.`, fix: 'See answers-event first.' };
    }
    if (session.pids.length > 1) {
      return {
        status: 'fail',
        evidence: `The runtime was restarted ${session.pids.length - 1} time(s) during ${INVOKES} invokes.`,
        fix: 'Keep one process answering event after event; exiting between invokes costs a cold start each time.',
      };
    }
    const evidence =
      `After ${WARM_UP} warm-up invokes, then ${INVOKES / 2} and ${INVOKES} more: resident memory of the runtime's ` +
      `process tree ${mb(before.rssKb)} → ${mb(middle.rssKb)} → ${mb(after.rssKb)}; open file descriptors ` +
      `${before.fds} → ${middle.fds} → ${after.fds} (${after.processes} process${after.processes === 1 ? '' : 'es'}).`;
    const leaks: string[] = [];
    if (after.rssKb - before.rssKb > RSS_GROWTH_KB && after.rssKb - middle.rssKb > RSS_LATE_GROWTH_KB) {
      leaks.push(`memory grew by ${mb(after.rssKb - before.rssKb)}`);
    }
    if (after.fds - before.fds >= FD_GROWTH && after.fds > middle.fds) {
      leaks.push(`${after.fds - before.fds} more descriptors are open`);
    }
    if (leaks.length === 0) return { status: 'pass', evidence };
    return {
      status: 'fail',
      evidence: `${evidence} Growing: ${leaks.join('; ')}.`,
      fix:
        'Release what each invocation takes: close files, sockets and HTTP responses (read their bodies to the end), ' +
        'reuse one connection to the Runtime API, and keep no per-invocation data in globals or caches without a bound.',
    };
  },
};
