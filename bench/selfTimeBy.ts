import type { Profiler, Runtime } from 'node:inspector';

/**
 * The self time of a V8 CPU profile's samples, in microseconds, summed by what `categorise` says each
 * sample's call frame belongs to; frames it answers `undefined` for (idle, say) are left out.
 */
export function selfTimeBy<Category>(profile: Profiler.Profile, categorise: (frame: Runtime.CallFrame) => Category | undefined): Map<Category, number> {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<Category, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, index) => {
    const frame = frames.get(id);
    const category = frame === undefined ? undefined : categorise(frame);
    if (category !== undefined) totals.set(category, (totals.get(category) ?? 0) + (deltas[index] ?? 0));
  });
  return totals;
}
