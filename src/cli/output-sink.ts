// Where a command's results go: stdout, or with --output a file written at the end (whole, or into
// a device or FIFO: write-output.ts). For --format svg it also checks that exactly one picture came
// out, so the output is one document.
import { UserError, type Io } from './io.js';
import { writeOutputOrFail } from './write-output.js';

export class OutputSink {
  private readonly parts: string[] = [];
  private readonly capture: boolean;
  readonly io: Io;

  constructor(private readonly base: Io, private readonly o: { readonly format?: string; readonly output?: string }) {
    this.capture = o.output !== undefined || o.format === 'svg';
    this.io = this.capture
      ? { ...base, stdout: (s: string) => { this.parts.push(s); }, stdoutIsTTY: o.output === undefined && base.stdoutIsTTY }
      : base;
  }

  /** Deliver what was captured; returns the exit code to use. */
  async finish(code: number): Promise<number> {
    if (!this.capture) return code;
    const text = this.parts.join('');
    if (this.o.format === 'svg') {
      const pictures = text.split('<svg ').length - 1;
      if (pictures === 0) {
        this.base.stderr('raceway: no counterexample to draw (every result is safe or inconclusive)\n');
        return code;
      }
      if (pictures > 1) throw new UserError(`--format svg draws one counterexample, and this run found ${pictures} (choose one with --strategy and --variant)`);
    }
    if (this.o.output !== undefined) await writeOutputOrFail(this.o.output, text, this.base.interrupted);
    else this.base.stdout(text);
    return code;
  }
}
