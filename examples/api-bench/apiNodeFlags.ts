/**
 * The Node flags the API benchmarks give the API processes by default. `--no-memory-reducer`: measured
 * rounds alternate between APIs, so each API idles for a few rounds between its own; V8's memory reducer
 * takes an idle process for one that is done, collects it with a memory-reducing full GC (shrinking the
 * young generation, flushing compiled code) and the API's next round pays to grow and warm up again, 10–40%
 * more CPU per request in that round, in any mode (BENCHMARKS.md, "Against the hand-written API"). A
 * server under steady load never idles long enough for it, so the benchmark turns it off.
 */
export const API_NODE_FLAGS: readonly string[] = ['--no-memory-reducer'];
