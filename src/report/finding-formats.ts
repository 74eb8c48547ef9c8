// One counterexample in each output format (no verdict line), ending with a newline: a function
// per format, each in the module of its format, so the command line loads the chosen one alone
// (cli/finding-format.ts; issue 22, start-up). The rows come from the replayed trace, so every
// format shows what the verdict saw. Pure.
import type { LineIndex } from '../common/span.js';
import type { Finding } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import type { Paint } from './paint.js';

export type FindingRenderer = (p: Program, f: Finding, lines: LineIndex | undefined, paint: Paint) => string;

/** Every counterexample of one result at once: one SVG document for a cell's several findings. */
export type FindingsRenderer = (p: Program, findings: readonly Finding[], lines: LineIndex | undefined) => string;
