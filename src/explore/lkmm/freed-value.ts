// The LKMM's value of a freed field, apart from its events: reports (report/trace-rows.ts) name
// it for every memory model, and load no LKMM explorer for it (issue 22, start-up). Pure.

/**
 * The value a kfree() writes to every field of the object it frees (a write, as KCSAN treats a
 * free: mm/slub.c's slab_free_hook() checks the object with KCSAN_ACCESS_WRITE |
 * KCSAN_ACCESS_ASSERT, "there must be no concurrent accesses"). No scenario value is this.
 */
export const FREED_VALUE = -0x5a5a5a5b;
