import { admittedShare, brownoutClass } from '../brownout/brownoutClass.js';
import { brownoutSettingsInForce, lastHealthSample } from '../brownout/brownoutInUse.js';
import { brownout } from '../brownout/brownoutState.js';
import { resetStaleRequestCount, staleRequestCount } from '../brownout/requestLatencies.js';
import { REQUEST_PRIORITIES, SHEDDABLE_TIERS } from '../contract/brownoutClasses.js';
import { BROWNOUT_SIGNALS, METRIC_LABELS, METRIC_NAMES } from '../contract/metricNames.js';
import { ScrapedMetric, type Sample } from './ScrapedMetric.js';

/**
 * Builds the brownout metrics, registered while `configure({ brownout })` is in force: the share of optional
 * calls admitted per (tier, request priority) class, the last health sample the controller acted on (in
 * seconds, and the utilisation as a share), and the configured target of each signal (so that a dashboard plots the signal against its target from the process).
 */
export function createBrownoutMetrics(): ScrapedMetric[] {
  return [
    new ScrapedMetric({
      name: METRIC_NAMES.brownoutAdmitted,
      help: 'Brownout: share of optional calls admitted, by dependency tier and request priority (1: full service, 0: every such call shed).',
      type: 'gauge',
      labelNames: METRIC_LABELS.brownoutAdmitted,
      reset: () => {},
      read: () => {
        const out: Sample[] = [];
        for (const tier of SHEDDABLE_TIERS) {
          for (const priority of REQUEST_PRIORITIES) {
            out.push({ labels: { tier: String(tier), priority }, value: admittedShare(brownout.level, brownoutClass(tier, priority)) });
          }
        }
        return out;
      },
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.brownoutSignal,
      help: 'Brownout: the last health sample the controller acted on, in seconds: request latency (the configured percentile; absent when no request ended) and event-loop delay (p99).',
      type: 'gauge',
      labelNames: METRIC_LABELS.brownoutSignal,
      reset: () => {},
      read: () => {
        const sample = lastHealthSample();
        if (sample === undefined) return [];
        const out: Sample[] = [{ labels: { signal: BROWNOUT_SIGNALS.eventLoopDelay }, value: sample.eventLoopDelayMs / 1000 }];
        if (sample.latencyMs !== undefined) out.push({ labels: { signal: BROWNOUT_SIGNALS.requestLatency }, value: sample.latencyMs / 1000 });
        return out;
      },
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.brownoutTarget,
      help: 'Brownout: the configured target of each health signal, in seconds: request latency (targetLatencyMs; absent when not set) and event-loop delay (maxEventLoopDelayMs).',
      type: 'gauge',
      labelNames: METRIC_LABELS.brownoutTarget,
      reset: () => {},
      read: () => {
        const settings = brownoutSettingsInForce();
        if (settings === undefined) return [];
        const out: Sample[] = [{ labels: { signal: BROWNOUT_SIGNALS.eventLoopDelay }, value: settings.maxEventLoopDelayMs / 1000 }];
        if (settings.targetLatencyMs !== undefined) out.push({ labels: { signal: BROWNOUT_SIGNALS.requestLatency }, value: settings.targetLatencyMs / 1000 });
        return out;
      },
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.brownoutSignalRatio,
      help: 'Brownout: the last health sample the controller acted on, as a share: event-loop utilisation (the share of the interval the loop was busy).',
      type: 'gauge',
      labelNames: METRIC_LABELS.brownoutSignalRatio,
      reset: () => {},
      read: () => {
        const sample = lastHealthSample();
        return sample === undefined ? [] : [{ labels: { signal: BROWNOUT_SIGNALS.eventLoopUtilization }, value: sample.eventLoopUtilization }];
      },
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.brownoutTargetRatio,
      help: 'Brownout: the configured target of each share signal: event-loop utilisation (maxEventLoopUtilization; absent when 1, the signal off).',
      type: 'gauge',
      labelNames: METRIC_LABELS.brownoutTargetRatio,
      reset: () => {},
      read: () => {
        const settings = brownoutSettingsInForce();
        if (settings === undefined || settings.maxEventLoopUtilization >= 1) return [];
        return [{ labels: { signal: BROWNOUT_SIGNALS.eventLoopUtilization }, value: settings.maxEventLoopUtilization }];
      },
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.brownoutStaleRequests,
      help: 'Brownout: requests no longer measured while still in flight, 10 × targetLatencyMs after they started (60 s without a target), their end never observed: a hung handler, or an abort the integration did not see.',
      type: 'counter',
      labelNames: METRIC_LABELS.brownoutStaleRequests,
      reset: resetStaleRequestCount,
      read: () => [{ labels: {}, value: staleRequestCount() }],
    }),
  ];
}
