// How a message shows a name from the file, in a module of its own: lowering (variant-view.ts)
// says names too, and a C litmus test is lowered without loading the YAML reader.
import { quote } from './syntax/lexer.js';

/** A name from the file as a message shows it: quoted, and cut short past 64 characters. */
export function shown(name: string): string {
  return quote(name, 64);
}
