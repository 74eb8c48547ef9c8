// Everything the CLI touches outside itself, passed in so tests run main() in-process
// (yaml's cli(stdin, done, argv) habit) and bin/raceway wires it to the real process.
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Monotonic milliseconds. */
  readonly now: () => number;
  /** Standard input's bytes, read until it ends or until more than maxBytes have come. */
  readonly readStdin: (maxBytes: number) => Promise<Uint8Array>;
  /** Asked during long searches: true once the user pressed Ctrl-C (or sent SIGTERM) during one. */
  readonly interrupted: () => boolean;
  /**
   * From now until the returned function is called, Ctrl-C and SIGTERM set interrupted() (a
   * second one ends the process) instead of ending the process at once. Only while searches run
   * on worker threads: this thread is then free to notice, stop them and print what they covered.
   */
  readonly trapInterrupts: () => () => void;
  /**
   * Whether searches may run on worker threads (the real process). Without them a search runs on
   * the calling thread, where Ctrl-C is only seen between searches.
   */
  readonly threads: boolean;
}

/** A mistake in how raceway was called or what it was given: one line on stderr, exit 2. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
