import { describe, expect, it } from 'vitest';
import { Counter, Histogram } from '../../server/metrics.js';

describe('the metrics', () => {
  it('renders a histogram with cumulative bucket counts, its sum and its count', () => {
    const histogram = new Histogram('latency_seconds', 'Latency.', [0.01, 0.1, 1]);
    for (const value of [0.005, 0.01, 0.05, 0.5, 3]) histogram.observe({ route: '/a' }, value);
    const lines = histogram.render().split('\n');
    expect(lines).toContain('latency_seconds_bucket{route="/a",le="0.01"} 2');
    expect(lines).toContain('latency_seconds_bucket{route="/a",le="0.1"} 3');
    expect(lines).toContain('latency_seconds_bucket{route="/a",le="1"} 4');
    expect(lines).toContain('latency_seconds_bucket{route="/a",le="+Inf"} 5');
    expect(lines).toContain('latency_seconds_count{route="/a"} 5');
    expect(lines.find((line) => line.startsWith('latency_seconds_sum'))).toMatch(/ 3\.565$/);
  });

  it('counts one series for the same labels given in another order, and keeps look-alike values apart', () => {
    const counter = new Counter('events_total', 'Events.');
    counter.inc({ method: 'POST', route: '/x' });
    counter.inc({ route: '/x', method: 'POST' }, 2);
    counter.inc({ method: 'POST/x', route: '' });
    const lines = counter.render().split('\n');
    expect(lines).toContain('events_total{method="POST",route="/x"} 3');
    expect(lines).toContain('events_total{method="POST/x",route=""} 1');
    expect(counter.total()).toBe(4);
  });
});
