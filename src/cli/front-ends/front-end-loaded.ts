// The front end for a source, loaded when the first source of its kind comes: `check` of YAML
// scenarios never loads the C litmus parser and lowering, nor a check of .litmus files the
// scenario language (issue 22, start-up: load what a command needs). front-end-of.ts is the same
// choice for the commands that load both anyway.
import { assertNever } from '../../common/assert-never.js';
import type { Read } from '../source-of.js';
import type { FrontEnd } from './front-end.js';

export async function loadFrontEnd(src: Read): Promise<FrontEnd> {
  switch (src.frontEnd) {
    case 'litmus': return (await import('./litmus.js')).litmusFrontEnd;
    case 'scenario': return (await import('./scenario.js')).scenarioFrontEnd;
    default: return assertNever(src.frontEnd);
  }
}
