// Tables looked up by names users type (kernel primitives, lock statements). An object literal
// inherits `constructor`, `toString`, `__proto__` ... from Object.prototype, so `TABLE[name]` would
// find a function for a user who calls `constructor(x)`, and `name in TABLE` would say yes. These
// tables have no prototype: only the names written in them are found. Pure.

/** `entries` as a frozen object without a prototype. */
export function nameTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
