// Entry point of the compiled modules (launch.cts runs it when there is no fresh bundle; the tests
// spawn it). The compile cache goes on before the CLI's modules load (a static import would load
// them first), so they are the ones it keeps.
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
const { start } = await import('./start.js');
await start(process.argv.slice(2));
