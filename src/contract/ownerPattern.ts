/** What an `owner` must look like: a team name usable as a label value and an Alertmanager route, case-insensitive. */
export const OWNER_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;

/** {@link OWNER_PATTERN} as error messages write it. */
export const OWNER_PATTERN_TEXT = String(OWNER_PATTERN);
