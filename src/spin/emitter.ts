// Lines of Promela being built, with the open `if`s that a fault check leaves: the rest of a step
// runs in the `else` branch of each check, so nothing after a fault executes (raceway's step
// stops at its first fault, and an index past a Promela array would be an error of pan's own).
// Pure.
export class Emitter {
  readonly lines: string[] = [];
  private readonly closers: string[] = [];
  private depth = 0;

  constructor(private readonly base = 0) {}

  line(text: string): void {
    this.lines.push('  '.repeat(this.base + this.depth) + text);
  }

  /** Runs the rest of the step only when `bad` does not hold; when it does, records `fault`. */
  check(bad: string, fault: string): void {
    if (bad === 'false') return;
    this.line('if');
    this.line(`:: (${bad}) -> ${fault}`);
    this.line(':: else ->');
    this.open('fi');
  }

  /** Runs the rest of the step only while no fault has been recorded (after a branch that may have). */
  whileLive(): void {
    this.line('if');
    this.line(':: viol != 0 -> skip');
    this.line(':: else ->');
    this.open('fi');
  }

  /** A scope of the caller's; closeTo ends it with `closer` ('' for none). */
  open(closer: string): void {
    this.closers.push(closer);
    this.depth++;
  }

  mark(): number {
    return this.closers.length;
  }

  /** Closes every scope opened since `mark`, innermost first. */
  closeTo(mark: number): void {
    while (this.closers.length > mark) {
      this.depth--;
      const closer = this.closers.pop()!;
      if (closer !== '') this.line(closer);
    }
  }
}
