// Where raceway's own files are (schema/, costs/, scenarios/), in a clone or an npm install alike:
// this module is compiled to <root>/dist/src/cli/ (or dist-test/src/cli/ for the tests).
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../../..', import.meta.url)).replace(/[\\/]$/, '');
