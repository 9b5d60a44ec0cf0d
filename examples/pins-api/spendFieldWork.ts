/**
 * Spends `micros` microseconds of CPU on the event loop (a busy loop): the work a real API does with each
 * field value it hydrates (parsing an upstream's answer, shaping and serialising it), which the pins API,
 * answering from tiny payloads, does not otherwise do. 0 spends nothing.
 */
export function spendFieldWork(micros: number): void {
  if (micros <= 0) return;
  const until = performance.now() + micros / 1000;
  while (performance.now() < until);
}
