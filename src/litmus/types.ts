// The C types a litmus test may name, and which of them raceway runs. herd7's C front end gives
// every value one type, whatever the declaration says: herd/CParseTest.ml runs C tests with
// Int32Value (Int128Value only under `-variant S128`), and herd/CSem.ml notes "No real mixed size
// for C". The machine's values are int32 too (machine/program.ts), so every type herd7's C lexer
// knows (lib/CLexer.mll: `char`, `int`, `long`, `intptr_t`, `uintptr_t`, `int8_t` to `uint64_t`,
// `void *`, ...) runs exactly as herd7 runs it. Types herd7 does not know (`unsigned`, `u32`,
// `size_t`, `bool`, `long long`, ...) are reported unsupported: a reader would expect C's
// unsigned comparison, wraparound or truncation from them, which neither tool models. Pure.

/** herd7's integer base types besides `char`, `int` and `long` (lib/CLexer.mll, `BASE_TYPE`): int32 values there. */
const HERD_INT_TYPES = [
  'intptr_t', 'uintptr_t', 'int8_t', 'uint8_t', 'int16_t', 'uint16_t', 'int32_t', 'uint32_t', 'int64_t', 'uint64_t',
  '__int128_t', '__uint128_t', '__int128', '__uint128',
];

/** Words that start a type in a declaration or a cast (recognised, not necessarily run). */
export const TYPE_WORDS: ReadonlySet<string> = new Set([
  'int', 'long', 'unsigned', 'signed', 'char', 'short', 'bool', '_Bool', 'void', 'const', 'volatile',
  'atomic_t', 'atomic_long_t', 'atomic64_t', 'spinlock_t', 'raw_spinlock_t', 'struct',
  'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'intptr_t', 'uintptr_t', 'size_t',
  ...HERD_INT_TYPES,
]);

/** Run as written, as herd7 runs them: int32 values; qualifiers change nothing on this machine. */
const RUN: ReadonlySet<string> = new Set(['int', 'long', 'char', 'signed', 'const', 'volatile', 'atomic_t', 'spinlock_t', 'raw_spinlock_t', ...HERD_INT_TYPES]);

/**
 * Why a type (its words, as readType reads them, stars aside) cannot run, or null when it can.
 * `cast`: `(void)e` discards a value, which is fine; `pointer`: `void *` is herd7's `typ_ptr`
 * (lib/CParser.mly); nothing else can be declared void.
 */
export function unsupportedType(words: readonly string[], cast: boolean, pointer = false): string | null {
  const written = words.join(' ');
  if (words[0] === 'struct') {
    // struct srcu_struct is the one struct the kernel's litmus tests pass: an SRCU domain (machine/ops/srcu.ts).
    return words[1] === 'srcu_struct' && words.length === 2 ? null : `type '${written}' (structs are not modelled)`;
  }
  if (words.filter((w) => w !== 'const' && w !== 'volatile').join(' ') === 'void' && (cast || pointer)) return null;
  if (words.filter((w) => w === 'long').length > 1) return `type '${written}' (64 bits; values are int32 here)`;
  const bad = words.find((w) => !RUN.has(w));
  if (bad === undefined) return null;
  if (!TYPE_WORDS.has(bad)) return `type '${written}' (not a type raceway models)`;
  return `type '${written}' (values are int32 here: ${bad === 'void' ? 'nothing is declared void' : 'unsigned types and other widths are not modelled'})`;
}
