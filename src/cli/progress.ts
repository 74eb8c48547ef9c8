// Progress lines on stderr for long searches: only on a terminal (or with --progress), only after
// about a second, at most a few times a second. The explorer stays pure: it calls
// Budget.progress, on this thread or on a worker that forwards it (search/pool.ts).
import type { Progress } from '../explore/explorer.js';
import type { Io } from './io.js';

const QUIET_MS = 1000;
const EVERY_MS = 250;

export interface ProgressSink {
  /** Undefined when no progress is wanted, so a worker need not send any. */
  readonly progress: ((p: Progress) => void) | undefined;
  readonly finish: () => void;
}

export function progressSink(label: string, o: { json: boolean; progress?: boolean }, io: Io, start: number): ProgressSink {
  const wanted = o.progress === true || (io.stderrIsTTY && !o.json);
  if (!wanted) return { progress: undefined, finish: () => {} };
  let last = start;
  let shown = false;
  const progress = (p: Progress): void => {
    const t = io.now();
    if (t - start < QUIET_MS || t - last < EVERY_MS) return;
    last = t;
    const rate = Math.round(p.states / ((t - start) / 1000));
    const mb = (process.memoryUsage().rss / 1048576).toFixed(0);
    const line = `${label}: ${p.states} states, ${rate}/s, depth ${p.depth} (max ${p.maxDepth}), ${(p.bytes / 1048576).toFixed(1)} MB stored, ${mb} MB rss`;
    shown = true;
    io.stderr(io.stderrIsTTY ? `\r${line}\x1b[K` : `${line}\n`);
  };
  return { progress, finish: () => { if (shown && io.stderrIsTTY) io.stderr('\r\x1b[K'); } };
}
