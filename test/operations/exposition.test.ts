import { Counter, Histogram, Registry, openMetricsContentType } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ExpositionSyntaxError, parseExposition } from '../../cli/report/parseExposition.js';

describe('parseExposition', () => {
  it('reads what a prom-client registry exposes, label escapes included', async () => {
    const registry = new Registry();
    new Counter({ name: 'odd_total', help: 'a "help" \\ text\nwith a newline', labelNames: ['path'], registers: [registry] }).inc({ path: 'a "b" \\c\nd' }, 3);
    new Histogram({ name: 'latency_seconds', help: 'latency', buckets: [0.1], registers: [registry] }).observe(0.05);

    expect(parseExposition(await registry.metrics())).toEqual([
      { name: 'odd_total', labels: { path: 'a "b" \\c\nd' }, value: 3 },
      { name: 'latency_seconds_bucket', labels: { le: '0.1' }, value: 1 },
      { name: 'latency_seconds_bucket', labels: { le: '+Inf' }, value: 1 },
      { name: 'latency_seconds_sum', labels: {}, value: 0.05 },
      { name: 'latency_seconds_count', labels: {}, value: 1 },
    ]);
  });

  it('reads the OpenMetrics text prom-client serves too', async () => {
    const registry = new Registry<typeof openMetricsContentType>();
    registry.setContentType(openMetricsContentType);
    new Counter({ name: 'calls_total', help: 'calls', labelNames: ['owner'], registers: [registry] }).inc({ owner: 'shopping' }, 2);
    const text = await registry.metrics();
    expect(text).toContain('# EOF');
    expect(parseExposition(text)).toContainEqual({ name: 'calls_total', labels: { owner: 'shopping' }, value: 2 });
  });

  it('reads special values, timestamps, exemplars, spaces, trailing commas and CRLF', () => {
    expect(parseExposition('a +Inf\r\nb{x="1",} -Inf 1700000000000\nc NaN\nd{ x = "1" , y="2" } 1.5e3 # {trace_id="t"} 1\n\n')).toEqual([
      { name: 'a', labels: {}, value: Infinity },
      { name: 'b', labels: { x: '1' }, value: -Infinity },
      { name: 'c', labels: {}, value: NaN },
      { name: 'd', labels: { x: '1', y: '2' }, value: 1500 },
    ]);
  });

  it.each([
    ['an HTML page', '<!doctype html>\n<title>Grafana</title>', 1],
    ['JSON', '{"status":"success"}', 1],
    ['prose', '# a comment\nhello world', 2],
    ['an unterminated label value', 'a{x="1} 2', 1],
    ['an unquoted label value', 'a{x=1} 2', 1],
    ['an unknown escape', 'a{x="\\t"} 2', 1],
    ['a missing value', 'a{x="1"}', 1],
    ['a bad timestamp', 'a 1 yesterday', 1],
  ])('names the line that is not a sample: %s', (_case, text, line) => {
    let caught: unknown;
    try {
      parseExposition(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpositionSyntaxError);
    expect((caught as ExpositionSyntaxError).line).toBe(line);
    expect((caught as Error).message).toMatch(new RegExp(`^line ${line} is not a metric sample: "`));
  });
});
