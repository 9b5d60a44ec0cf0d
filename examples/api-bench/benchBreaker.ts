import type { BreakerOptions } from 'field-dependency';

/** The library API's breaker in the API benchmarks: opens at half of 10+ calls failing, probes again 5 s after opening. */
export const BENCH_BREAKER: BreakerOptions = { volumeThreshold: 10, errorThresholdPercentage: 50, rollingCountTimeout: 10_000, resetTimeout: 5_000 };
