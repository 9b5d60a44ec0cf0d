/**
 * The Node flags the API benchmarks give the API processes by default. `--no-memory-reducer`: measured
 * rounds alternate between APIs, so each API idles for a few rounds between its own; on Node 24, V8's
 * memory reducer takes such a process for an idle one and shrinks its heap with a memory-reducing full GC,
 * and the API's next round pays to grow it again: 1.15–1.83× the CPU per request of its other rounds, in
 * any mode (BENCHMARKS.md, "Against the hand-written API"). A server under steady load never idles long
 * enough for it, so the benchmark turns it off.
 */
export const API_NODE_FLAGS: readonly string[] = ['--no-memory-reducer'];
