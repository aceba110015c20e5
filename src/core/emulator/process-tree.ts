// The runtime's whole process tree: its resident memory (for REPORT's Max Memory Used) and killing all of it.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const HAS_PROC = process.platform === 'linux' && existsSync('/proc/self/status');

interface ProcSample {
  readonly pid: number;
  readonly rssKb: number;
  /** Peak resident size of that one process (Linux VmHWM), which catches spikes between samples. */
  readonly hwmKb: number;
}

function readChildrenLinux(pid: number): number[] {
  const children: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  // A child belongs to the thread that forked it (Go runtimes fork from any thread), so every thread is read.
  for (const tid of tasks) {
    try {
      for (const word of readFileSync(`/proc/${pid}/task/${tid}/children`).toString('latin1').split(' ')) {
        const child = Number(word);
        if (child > 0) children.push(child);
      }
    } catch {
      // the thread or the process is gone
    }
  }
  return children;
}

function readStatusLinux(pid: number): ProcSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`).toString('latin1');
    const rss = /VmRSS:\s+(\d+)/.exec(status);
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    // Zombies have no VmRSS line; they hold no memory.
    if (!rss) return undefined;
    return { pid, rssKb: Number(rss[1]), hwmKb: Number(hwm?.[1] ?? rss[1]) };
  } catch {
    return undefined;
  }
}

// Some kernels (built without CONFIG_PROC_CHILDREN, gVisor) have no children files: parents are read from
// every /proc/PID/stat instead.
const HAS_CHILDREN_FILES = HAS_PROC && existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

function childrenByScan(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!(pid > 0)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`).toString('latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
    } catch {
      // gone meanwhile
    }
  }
  return byParent;
}

/**
 * Every descendant of `root` (root included), Linux only; empty elsewhere or when root is gone. `scan` reads
 * every process's parent instead of the children files (chosen automatically where those are missing).
 */
export function processTreeSync(root: number, scan = !HAS_CHILDREN_FILES): number[] {
  if (!HAS_PROC) return [];
  const byParent = scan ? childrenByScan() : undefined;
  const childrenOf = (pid: number) => (byParent ? (byParent.get(pid) ?? []) : readChildrenLinux(pid));
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0 && seen.size < 10_000) {
    const pid = queue.shift() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    queue.push(...childrenOf(pid));
  }
  return [...seen];
}

function psTable(): Promise<Array<{ pid: number; ppid: number; rssKb: number }>> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,rss='], { timeout: 5000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) return resolve([]);
      const rows = [];
      for (const line of stdout.split('\n')) {
        const [pid, ppid, rss] = line.trim().split(/\s+/).map(Number);
        if (pid > 0 && Number.isFinite(ppid) && Number.isFinite(rss)) rows.push({ pid, ppid, rssKb: rss });
      }
      resolve(rows);
    });
  });
}

/** Descendants of `root` (root included) on any platform: /proc on Linux, `ps` elsewhere. */
export async function processTree(root: number): Promise<number[]> {
  if (HAS_PROC) return processTreeSync(root);
  const rows = await psTable();
  const byParent = new Map<number, number[]>();
  for (const row of rows) byParent.set(row.ppid, [...(byParent.get(row.ppid) ?? []), row.pid]);
  const tree = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    if (tree.has(pid)) continue;
    tree.add(pid);
    queue.push(...(byParent.get(pid) ?? []));
  }
  return [...tree];
}

/** Tracks the peak resident memory of a process tree: sampled on a timer while running, and on demand. */
export class MemoryMeter {
  private peakKb = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;
  /** Processes seen in the tree so far, so they can still be killed after the root is gone. */
  readonly seenPids = new Set<number>();
  private lastTreeAt = -Infinity;
  private lastSampleAt = -Infinity;
  private childrenKb = 0;

  constructor(
    private readonly root: number,
    private readonly treeIntervalMs = 50,
  ) {}

  get peakMb(): number {
    return Math.max(1, Math.ceil(this.peakKb / 1024));
  }

  /** Samples every `intervalMs` until `pause()`. */
  resume(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sample(), intervalMs);
    this.timer.unref();
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * One sample now; on Linux synchronous and cheap (a few /proc reads), elsewhere one `ps`. With `unlessWithinMs`,
   * a sample that recent is taken as current (back-to-back short invocations need not pay for one each).
   */
  async sample(unlessWithinMs = 0): Promise<number> {
    if (HAS_PROC) {
      const now = performance.now();
      if (now - this.lastSampleAt >= unlessWithinMs) {
        this.lastSampleAt = now;
        this.sampleLinux();
      }
      return this.peakMb;
    }
    // Elsewhere a sample runs `ps`: not more than once a second.
    const now = performance.now();
    if (this.sampling || now - this.lastSampleAt < Math.max(unlessWithinMs, 1000)) return this.peakMb;
    this.lastSampleAt = now;
    this.sampling = true;
    try {
      const rows = await psTable();
      const byParent = new Map<number, typeof rows>();
      for (const row of rows) byParent.set(row.ppid, [...(byParent.get(row.ppid) ?? []), row]);
      let totalKb = rows.find((row) => row.pid === this.root)?.rssKb ?? 0;
      const queue = [this.root];
      const seen = new Set<number>();
      while (queue.length > 0) {
        const pid = queue.shift() as number;
        if (seen.has(pid)) continue;
        seen.add(pid);
        for (const child of byParent.get(pid) ?? []) {
          if (this.seenPids.size < 10_000) this.seenPids.add(child.pid);
          totalKb += child.rssKb;
          queue.push(child.pid);
        }
      }
      this.peakKb = Math.max(this.peakKb, totalKb);
    } finally {
      this.sampling = false;
    }
    return this.peakMb;
  }

  private sampleLinux(): void {
    const now = performance.now();
    // Walking the tree reads a file per thread of every process: at most once per interval. In between, the
    // root is read alone (one file) and its children are counted as last seen.
    if (now - this.lastTreeAt >= this.treeIntervalMs) {
      this.lastTreeAt = now;
      let childrenKb = 0;
      for (const pid of processTreeSync(this.root)) {
        if (pid === this.root) continue;
        if (this.seenPids.size < 10_000) this.seenPids.add(pid);
        childrenKb += readStatusLinux(pid)?.rssKb ?? 0;
      }
      this.childrenKb = childrenKb;
    }
    const root = readStatusLinux(this.root);
    if (!root) return;
    // The tree's sum is the true figure at this instant; the root's own high-water mark is a lower bound of the
    // peak that also covers spikes between two samples.
    this.peakKb = Math.max(this.peakKb, root.rssKb + this.childrenKb, root.hwmKb);
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Signals the runtime's process group and every descendant found under it (a child that left the group with
 * setsid is still found through its parent). Synchronous on Linux so it also works from an 'exit' handler.
 */
export function signalTreeSync(root: number, signal: NodeJS.Signals, known: readonly number[] = []): number[] {
  const pids = [...new Set([...processTreeSync(root), ...known])];
  signalPid(-root, signal);
  for (const pid of pids) signalPid(pid, signal);
  return pids;
}

/** True while `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (HAS_PROC) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  }
  return true;
}
