import type { SloSettings } from './SloSettings.js';

/**
 * The SLO's name in a Sloth or Pyrra spec: `degradation`, plus the owners it is restricted to (or
 * `others` when it leaves owners out), so that the specs of teams with their own objective do not
 * collide. Lower case letters, digits and `-`, at most 63 characters (a Kubernetes name).
 */
export function sloName(settings: Pick<SloSettings, 'owners' | 'excludeOwners'>): string {
  const scope = settings.owners.length > 0 ? settings.owners.join('-') : settings.excludeOwners.length > 0 ? 'others' : '';
  const name = scope === '' ? 'degradation' : `degradation-${scope}`;
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 63)
    .replace(/-+$/, '');
}
