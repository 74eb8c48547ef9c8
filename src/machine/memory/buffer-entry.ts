// The location field of a TSO store-buffer entry (memory/tso.ts). A store's entry holds the
// memory location it writes (>= 0). An unlock's entry holds its lock word, which lives outside
// memory, encoded as a negative number so that one Int32 field tells the two apart: -1 - word.
// Every reader of a buffer entry decodes it here, never by hand.

/** The entry location of a buffered unlock of lock word `word`. */
export function unlockEntry(word: number): number {
  return -1 - word;
}

/** The lock word of a buffered unlock's entry, or -1 when the entry is a store to memory. */
export function unlockedWord(entryLoc: number): number {
  return entryLoc < 0 ? -1 - entryLoc : -1;
}
