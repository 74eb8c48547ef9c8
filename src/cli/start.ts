// The CLI's start, after the compile cache is on: what run.ts (the compiled modules) and the
// one-file bundle (scripts/bundle.mjs, loaded by launch.cts) both run. The command line and the
// I/O are imported here, not above, so that neither entry loads them before the cache is on.
export async function start(argv: readonly string[]): Promise<void> {
  const { main } = await import('./main.js');
  const { nodeIo } = await import('./node-io.js');
  process.exitCode = await main(argv, nodeIo());
}
