// The real process behind the Io interface: bin/raceway's wiring.
import { performance } from 'node:perf_hooks';
import type { Io } from './io.js';

/** Ctrl-C and `kill`: both stop a search the same way (issue 16: SIGTERM printed no coverage). */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

export function nodeIo(): Io {
  let interrupted = false;
  let traps = 0;
  const onSignal = (signal: keyof typeof STOP_SIGNALS): void => {
    if (interrupted) process.exit(STOP_SIGNALS[signal]); // a second signal leaves at once
    interrupted = true;
  };
  const listeners = Object.keys(STOP_SIGNALS).map((signal) => [signal, () => onSignal(signal as keyof typeof STOP_SIGNALS)] as const);
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
    // Outside searches the signals keep their default action, which ends the process at once even
    // while this thread is busy loading or lowering: a handler would run only once it is done.
    trapInterrupts: () => {
      if (traps++ === 0) for (const [signal, f] of listeners) process.on(signal, f);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--traps === 0) for (const [signal, f] of listeners) process.off(signal, f);
      };
    },
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
