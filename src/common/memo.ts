// A cache of values derived from one object (a program's layout, tables): a WeakMap behind a
// one-entry fast path, because the explorer asks for the same program's tables millions of times
// and a WeakMap lookup costs more than the work it saves on the hot path. Pure.

export function memoByObject<K extends object, V>(make: (k: K) => V): (k: K) => V {
  const cache = new WeakMap<K, V>();
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  return (k: K): V => {
    if (k === lastKey) return lastValue as V;
    let v = cache.get(k);
    if (v === undefined) {
      v = make(k);
      cache.set(k, v);
    }
    lastKey = k;
    lastValue = v;
    return v;
  };
}
