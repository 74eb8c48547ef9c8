// Entry point for bin/raceway.
import { main } from './main.js';
import { nodeIo } from './node-io.js';

const code = await main(process.argv.slice(2), nodeIo());
process.exitCode = code;
