/** The `endpoint` label value that stands for every endpoint past the cap (`configure({ maxEndpoints })`). */
export const OTHER_ENDPOINT = '__other__';

/** The `endpoint` label value used when a lazy endpoint resolves to nothing (no route matched). */
export const UNMATCHED_ENDPOINT = '__unmatched__';
