// The one place the CLI picks the front end for a source (source-of.ts has told which it is).
// `check` loads a front end when the first source of its kind comes (loadFrontEnd: a check of
// YAML scenarios never loads the C litmus parser, nor a check of .litmus files the YAML one;
// issue 22, start-up); the commands that load both anyway take frontEndOf (both-front-ends.ts).
import { assertNever } from '../../common/assert-never.js';
import type { Read } from '../source-of.js';
import type { FrontEnd } from './front-end.js';

/** The value given for the source's kind of front end. */
export function byFrontEnd<T>(src: Read, by: { readonly litmus: () => T; readonly scenario: () => T }): T {
  switch (src.frontEnd) {
    case 'litmus': return by.litmus();
    case 'scenario': return by.scenario();
    default: return assertNever(src.frontEnd);
  }
}

export function loadFrontEnd(src: Read): Promise<FrontEnd> {
  return byFrontEnd(src, {
    litmus: async () => (await import('./litmus.js')).litmusFrontEnd,
    scenario: async () => (await import('./scenario.js')).scenarioFrontEnd,
  });
}
