// Freeing heap objects. kfree(NULL) does nothing (mm/slub.c); a second free is a double free and
// an access to a freed object a use-after-free (memory/sc.ts checks the freed flag).
import type { Family } from './family.js';

export const heap: Family = {
  name: 'heap',
  names: [
    { name: 'kfree', roles: ['object'], litmus: false, doc: 'frees a heap object (NULL: nothing; twice: a double-free)', lower: { to: 'free' } },
    { name: 'free', roles: ['object'], litmus: false, doc: 'the same as kfree', lower: { to: 'free' } },
  ],
};
