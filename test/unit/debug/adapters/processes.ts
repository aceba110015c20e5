// Finding the processes a test started, by a path in their command line (Linux /proc), to prove none is left.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids (other than this process) whose command line mentions `text`. */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const status = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // A zombie has already exited; its parent has yet to reap it.
      if (/\) Z /.test(status)) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Waits until no process mentions `text`; returns those still there after the deadline. */
export async function waitForNoProcess(text: string, timeoutMs = 5_000): Promise<number[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const left = processesMentioning(text);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
