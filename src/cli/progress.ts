// Progress lines on stderr for long searches: only on a terminal (or with --progress), only after
// about a second, at most a few times a second. The explorer stays pure: it calls Budget.progress.
import type { Budget, Progress } from '../explore/explorer.js';
import type { Case } from '../scenario/load.js';
import type { Io } from './io.js';

const QUIET_MS = 1000;
const EVERY_MS = 250;

export interface ProgressSink { readonly budget: Pick<Budget, 'progress'>; finish(): void }

export function progressSink(c: Case, o: { json: boolean; progress?: boolean }, io: Io, start: number): ProgressSink {
  const wanted = o.progress === true || (io.stderrIsTTY && !o.json);
  if (!wanted) return { budget: {}, finish: () => {} };
  let last = start;
  let shown = false;
  const budget: Pick<Budget, 'progress'> = {
    progress: (p: Progress) => {
      const t = io.now();
      if (t - start < QUIET_MS || t - last < EVERY_MS) return;
      last = t;
      const rate = Math.round(p.states / ((t - start) / 1000));
      const mb = (process.memoryUsage().rss / 1048576).toFixed(0);
      const line = `${c.variant}/${c.strategy}: ${p.states} states, ${rate}/s, depth ${p.depth} (max ${p.maxDepth}), ${(p.bytes / 1048576).toFixed(1)} MB stored, ${mb} MB rss`;
      shown = true;
      io.stderr(io.stderrIsTTY ? `\r${line}\x1b[K` : `${line}\n`);
    },
  };
  return { budget, finish: () => { if (shown && io.stderrIsTTY) io.stderr('\r\x1b[K'); } };
}
