import type { SourceFile } from 'typescript';
import type { Detector, LoaderTarget, SuppressionComment } from '../../detection/index.js';
import type { CodemodTarget } from './CodemodTarget.js';
import { isTodoMarker } from './todoMarker.js';

/**
 * The loaders to wrap, one per declaration (or untraceable batch argument) however many findings name it:
 * every unwrapped loader `check` would report, and every loader an earlier run marked TODO (it may be
 * decidable now, with an owner given, say). A loader silenced by a person's suppression is left alone.
 *
 * @throws ConfigError when a field-dependency configuration that applies to a file is invalid.
 */
export function collectTargets(detector: Detector, files: readonly SourceFile[]): readonly CodemodTarget[] {
  const targets = new Map<unknown, CodemodTarget>();
  const add = (target: LoaderTarget, marker: SuppressionComment | undefined): void => {
    // A loader factory's call sites are loaders one by one, whatever function each is handed.
    const key = target.factory !== undefined ? target.batchArguments[0] : (target.declaration?.node ?? target.batchArguments[0]);
    if (key === undefined) return;
    const known = targets.get(key);
    targets.set(key, {
      key,
      // A function a factory's batch function calls answers what it fetches, not one value per key: inferred like a configured loader.
      kind: known?.kind === 'batch' || target.kind === 'batch' ? 'batch' : 'configured',
      factory: known?.factory ?? target.factory,
      unfollowedFactory: known?.unfollowedFactory ?? target.unfollowedFactory,
      declaration: target.declaration,
      batchArguments: [...(known?.batchArguments ?? []), ...target.batchArguments.filter((argument) => !known?.batchArguments.includes(argument))],
      marker: known?.marker ?? marker,
    });
  };
  for (const file of files) {
    const analysis = detector.analyze(file);
    for (const finding of analysis.findings) {
      if (finding.target !== undefined) add(finding.target, undefined);
    }
    for (const { finding, suppression } of analysis.suppressed) {
      if (finding.target !== undefined && isTodoMarker(suppression.reason)) add(finding.target, suppression);
    }
  }
  return [...targets.values()];
}
