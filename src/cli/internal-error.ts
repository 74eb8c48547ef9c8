// Our own bugs, as the CLI reports them: one block on stderr with the stack, which is the bug
// report. In a batch the block names the file it happened on, and the other files go on.
import { InternalError } from '../common/assert-never.js';

export const INTERNAL_EXIT = 70;

/** `raceway: internal error (please report): [file: ]stack`, ending in a newline. */
export function internalErrorText(e: unknown, file?: string): string {
  const detail = e instanceof InternalError || e instanceof Error ? e.stack ?? e.message : String(e);
  return `raceway: internal error (please report): ${file !== undefined ? `${file}: ` : ''}${detail}\n`;
}
