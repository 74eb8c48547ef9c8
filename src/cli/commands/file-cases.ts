// The cases of one source for `raceway ablate`, `replay`, `export` and `matrix`, from either front
// end (front-ends/): a YAML scenario's (variant, strategy) pairs, or a C litmus test's single case
// (variant: the test's name, strategy `default`), each with how its outcome is judged and how its
// expectation is said. Both lower to the same Program.
import type { Paint } from '../../report/paint.js';
import { frontEndOf } from '../front-ends/both-front-ends.js';
import type { CaseOptions, FileCases } from '../front-ends/front-end.js';
import type { Read } from '../source-of.js';

export type { CaseOptions, FileCase, FileCases } from '../front-ends/front-end.js';

export function fileCases(src: Read, o: CaseOptions, err: Paint, withSource: boolean, doing: string): FileCases {
  return frontEndOf(src).cases(src, o, err, withSource, doing);
}
