import type { SloSettings } from './SloSettings.js';
import { LABEL_NAMES } from '../../src/contract/labelNames.js';

/** The label matchers that restrict raw metrics to the settings' owners, e.g. `['owner=~"shopping|comments"']`. */
export function ownerMatchers(settings: Pick<SloSettings, 'owners' | 'excludeOwners'>): string[] {
  const matchers: string[] = [];
  if (settings.owners.length > 0) matchers.push(`${LABEL_NAMES.owner}=~"${alternation(settings.owners)}"`);
  if (settings.excludeOwners.length > 0) matchers.push(`${LABEL_NAMES.owner}!~"${alternation(settings.excludeOwners)}"`);
  return matchers;
}

/** `metric{matcher,…}`, or `metric` alone when there is no matcher. */
export function selector(metric: string, matchers: readonly string[]): string {
  return matchers.length === 0 ? metric : `${metric}{${matchers.join(',')}}`;
}

// Owners match ^[a-z0-9][a-z0-9._-]*$: only `.` is special in a regular expression. The backslash is
// doubled because the regular expression sits in a PromQL string.
function alternation(owners: readonly string[]): string {
  return owners.map((owner) => owner.replaceAll('.', '\\\\.')).join('|');
}
