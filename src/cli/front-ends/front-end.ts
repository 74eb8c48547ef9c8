// What the CLI asks of a front end (a YAML scenario, a C litmus test), so that each command asks
// it and none tells the two apart: read a source into cases, judge an outcome against the source's
// expectation and say that expectation, validate it, and plan `check`'s searches and output. The
// one place that picks a front end for a source is front-ends/front-end-of.ts; source-of.ts tells
// which a text is (its extension, or for standard input its first line).
import type { LineIndex } from '../../common/span.js';
import type { AblationResult, AblationSite } from '../../explore/ablate.js';
import type { Outcome } from '../../explore/explorer.js';
import type { Judgement, Observation } from '../../explore/judge.js';
import type { MemoryModelName, Program } from '../../machine/program.js';
import type { Paint } from '../../report/paint.js';
import type { Case, ValidScenario } from '../../scenario/load.js';
import type { CaseResult } from '../commands/check-case.js';
import type { CheckOptions } from '../commands/check-options.js';
import type { SearchRequest } from '../search/request.js';
import type { Read } from '../source-of.js';

/** One case of a source: a YAML scenario's (variant, strategy), or a C litmus test's one. */
export interface FileCase {
  readonly variant: string;
  readonly strategy: string;
  readonly program: Program;
  /** What the outcome is compared with, as the verdict line says it ("expected safe", "kernel model: Never"). */
  readonly expected: string;
  /** The outcome against the expectation (a YAML case with none: met when safe). */
  readonly judge: (o: Outcome) => Judgement;
  /** The result in one word or list: violation kinds, the observation, `safe`. */
  readonly word: (o: Outcome) => string;
  /** The expectation's words as matrix shows them (`safe`, kinds, `never` ...), null without one. */
  readonly expectedWords: string | null;
  /** With a final condition, what the final states say of it (a litmus test: those its filter keeps). */
  readonly observation: (o: Outcome) => Observation | null;
  /**
   * An ablation's outcome judged: against the expectation, or with none against the original's.
   * Async: the ablation rules load only for `raceway ablate`, not for every check (issue 22, start-up).
   */
  readonly assess: (site: AblationSite, original: Outcome, outcome: Outcome) => Promise<AblationResult>;
}

export type FileCases =
  | { readonly ok: true; readonly name: string; readonly cases: readonly FileCase[] }
  | { readonly ok: false; readonly stderr: string };

export interface CaseOptions {
  /** Only these strategies (a C litmus test has one, `default`, and refuses any other); empty: all. */
  readonly strategies: readonly string[];
  /** Only these variants (a YAML scenario's); empty or absent: all. */
  readonly variants?: readonly string[];
  readonly cpus?: number;
  readonly memoryModel?: MemoryModelName;
}

/** How diagnostics are painted: on stderr, with the source line when it is a terminal. */
export interface Painted {
  readonly out: Paint;
  readonly err: Paint;
  readonly stderrIsTTY: boolean;
}

/** A search `check` still has to run, what to call it in progress lines, and how to print its outcome. */
export interface SearchItem {
  readonly file: string;
  readonly request: SearchRequest;
  readonly program: Program;
  readonly label: string;
  readonly lines: LineIndex;
  /** A second search the outcome asks for (a C litmus test's refuting run), or null. */
  readonly followUp?: (o: Outcome) => SearchRequest | null;
  /** `followed`: the second search's outcome, null when Ctrl-C kept it from running. */
  readonly render: (o: Outcome, followed?: Outcome | null) => CaseResult | Promise<CaseResult>;
}

/** What `check` prints for one source, in order: text, output already rendered, or a search. */
export type CheckItem = string | CaseResult | SearchItem;

export interface CheckPlan {
  readonly items: readonly CheckItem[];
  /** The searches may be random ones: check says the seed once, before the first such source. */
  readonly random: boolean;
}

/** What `validate` prints for one source; `ok`: no mistake (an unsupported construct is none). */
export interface Validation {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A source as `matrix` shows it: its cases, and the scenario whose workload (reader:, writer:)
 * the costs and the plot read, or why it has none (`none` for the cost column, `plot` for --plot).
 */
export interface MatrixSource {
  readonly file: string;
  readonly name: string;
  readonly cases: readonly FileCase[];
  readonly workload: { readonly valid: ValidScenario; readonly text: string; readonly cases: readonly Case[] } | { readonly none: string; readonly plot: string };
}

export interface FrontEnd {
  /** `validate`: every mistake, nothing explored. */
  validate(src: Read, paint: Painted): Validation;
  /** The cases of a source for ablate, replay, export and matrix; `doing` says what cannot be done to a source with none. */
  cases(src: Read, o: CaseOptions, err: Paint, withSource: boolean, doing: string): FileCases;
  /** `matrix`: the cases and the workload, or the text that refuses the source. */
  matrix(src: Read, o: CaseOptions, err: Paint, withSource: boolean): MatrixSource | { readonly stderr: string };
  /** `check`: what to search and how to print it. */
  check(src: Read, o: CheckOptions, paint: Painted): CheckPlan;
}
