// Where raceway's own files are (schema/, costs/, scenarios/), in a clone or an npm install alike:
// this module is compiled to <root>/dist/src/cli/ (or dist-test/src/cli/ for the tests), and the
// one-file bundle that holds it is <root>/dist/src/bundle/raceway.js, at the same depth.
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../../..', import.meta.url)).replace(/[\\/]$/, '');

/**
 * The compiled modules' src/ folder (<root>/dist/src/), for the worker threads' scripts: the
 * bundle holds no worker, they start from the compiled modules whichever entry ran.
 */
export const compiledSrc = new URL('..', import.meta.url);
