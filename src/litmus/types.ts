// The C types a litmus test may name, and which of them raceway runs. The machine's values are
// int32 and pointers (machine/program.ts), so a type is run only when that models it exactly;
// unsigned types, other widths and bool would silently lose wraparound, unsigned comparison or
// truncation, so they are reported unsupported, never approximated. Pure.

/** Words that start a type in a declaration or a cast (recognised, not necessarily run). */
export const TYPE_WORDS: ReadonlySet<string> = new Set([
  'int', 'long', 'unsigned', 'signed', 'char', 'short', 'bool', '_Bool', 'void', 'const', 'volatile',
  'atomic_t', 'atomic_long_t', 'atomic64_t', 'spinlock_t', 'raw_spinlock_t', 'struct',
  'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'intptr_t', 'uintptr_t', 'size_t',
]);

/** Run as written: `long` is int32 here, as `int` is; qualifiers change nothing on this machine. */
const RUN: ReadonlySet<string> = new Set(['int', 'long', 'signed', 'const', 'volatile', 'atomic_t', 'spinlock_t', 'raw_spinlock_t']);

/**
 * Why a type (its words, as readType reads them, stars aside) cannot run, or null when it can.
 * `cast`: `(void)e` discards a value, which is fine; nothing can be declared void.
 */
export function unsupportedType(words: readonly string[], cast: boolean): string | null {
  const written = words.join(' ');
  if (words[0] === 'struct') {
    return words[1] === 'srcu_struct' ? 'srcu (struct srcu_struct)' : `type '${written}' (structs are not modelled)`;
  }
  if (words.length === 1 && words[0] === 'void' && cast) return null;
  if (words.filter((w) => w === 'long').length > 1) return `type '${written}' (64 bits; values are int32 here)`;
  const bad = words.find((w) => !RUN.has(w));
  if (bad === undefined) return null;
  if (!TYPE_WORDS.has(bad)) return `type '${written}' (not a type raceway models)`;
  return `type '${written}' (values are int32 here: ${bad === 'void' ? 'nothing is declared void' : 'unsigned types and other widths are not modelled'})`;
}
