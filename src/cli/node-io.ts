// The real process behind the Io interface: bin/raceway's wiring.
import { performance } from 'node:perf_hooks';
import type { Io } from './io.js';

export function nodeIo(): Io {
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130); // a second Ctrl-C leaves at once
    interrupted = true;
  });
  // A reader that goes away (`raceway check ... | head`) is not an error: stop quietly, as cat does.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    now: () => performance.now(),
    interrupted: () => interrupted,
    threads: true,
    readStdin: async (maxBytes) => {
      // Stops at the limit: `yes | raceway validate -` must not read forever. Leaving the loop
      // destroys the stream, so the writer gets EPIPE.
      const chunks: Buffer[] = [];
      let n = 0;
      for await (const c of process.stdin) {
        chunks.push(c as Buffer);
        n += (c as Buffer).length;
        if (n > maxBytes) break;
      }
      return Buffer.concat(chunks);
    },
  };
}
