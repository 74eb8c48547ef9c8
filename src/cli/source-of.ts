// A scenario's text from a path or, for '-', from standard input, through the same size and UTF-8
// checks either way; and which front end reads it: the one place the CLI tells a C litmus test
// from a YAML scenario (front-ends/front-end-of.ts then picks the front end that reads it).
import { SCENARIO_EXTENSIONS, type PathEntry } from './files.js';
import type { Io } from './io.js';
import { decodeSource, MAX_FILE_BYTES, readSource, tooLarge, type Refusal } from './read-source.js';

export const LITMUS_EXTENSION = '.litmus';
/** What a folder is searched for by the commands that take both front ends. */
export const SOURCE_EXTENSIONS: readonly string[] = [...SCENARIO_EXTENSIONS, LITMUS_EXTENSION];

export const STDIN_NAME = '<stdin>';

/** A C litmus test (herd7's format) or a YAML scenario: which front end reads a source (front-ends/front-end-of.ts picks it). */
export type FrontEndName = 'litmus' | 'scenario';

/** A source read, and the front end that reads it. */
export interface Read { readonly ok: true; readonly file: string; readonly text: string; readonly frontEnd: FrontEndName }

export type SourceOf = Refusal | Read;

/** herd7's C litmus format opens with `C <name>` on its first non-blank line. */
export function looksLikeLitmus(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '');
  return first !== undefined && /^C[ \t]+\S/.test(first);
}

/** A file's text, read now, and its front end: a C litmus test is told by its extension. */
export function fileSource(file: string): SourceOf {
  const src = readSource(file);
  return src.ok ? { ...src, frontEnd: file.endsWith(LITMUS_EXTENSION) ? 'litmus' : 'scenario' } : src;
}

/** The text of one entry of collectPaths, or the line that refuses it. */
export async function sourceOf(entry: PathEntry, io: Io): Promise<SourceOf> {
  if ('error' in entry) return { ok: false, message: entry.error };
  const { file } = entry;
  if (file !== '-') return fileSource(file);
  const bytes = await io.readStdin(MAX_FILE_BYTES);
  if (bytes.length > MAX_FILE_BYTES) return tooLarge(STDIN_NAME, `standard input is more than ${MAX_FILE_BYTES} bytes`);
  const src = decodeSource(STDIN_NAME, bytes);
  // Standard input has no name to go by: a litmus test is told by its first line.
  return src.ok ? { ...src, frontEnd: looksLikeLitmus(src.text) ? 'litmus' : 'scenario' } : src;
}
