// Entry point for bin/raceway. The compile cache goes on before the CLI's modules load (a static
// import would load them first), so they are the ones it keeps.
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
const { main } = await import('./main.js');
const { nodeIo } = await import('./node-io.js');
const code = await main(process.argv.slice(2), nodeIo());
process.exitCode = code;
