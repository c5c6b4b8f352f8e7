/**
 * Prometheus metrics in the text exposition format: counters, a latency histogram, and gauges
 * computed when scraped.
 */

/** Label names and values of one series. */
export type Labels = Record<string, string>;

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`;
}

/**
 * The identity of a label set, the same whatever the order of its names. Callers pass their
 * names in one order, so the sort is skipped when they already come sorted (every observation
 * of a request pays for this).
 */
function seriesKey(labels: Labels): string {
  let names = Object.keys(labels);
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1] > names[i]) {
      names = [...names].sort();
      break;
    }
  }
  let key = '';
  // Length-prefixed, so no name or value can run into the next.
  for (const name of names) key += `${name.length}:${name}${labels[name].length}:${labels[name]}`;
  return key;
}

/** A monotonically increasing count, per label set. */
export class Counter {
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(readonly name: string, readonly help: string) {}

  /** Adds `by` (default 1) to the series of `labels`. */
  inc(labels: Labels = {}, by = 1): void {
    const key = seriesKey(labels);
    const entry = this.series.get(key);
    if (entry) entry.value += by;
    else this.series.set(key, { labels, value: by });
  }

  /** Sum over every series (tests). */
  total(): number {
    let sum = 0;
    for (const entry of this.series.values()) sum += entry.value;
    return sum;
  }

  /** The exposition lines. */
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.series.size === 0) lines.push(`${this.name} 0`);
    for (const { labels, value } of this.series.values()) lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines.join('\n');
  }
}

/** Default buckets of request latency, in seconds. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A distribution of observed values, per label set. */
export class Histogram {
  /** Per series: how many values fell into each bucket alone (not cumulative), their sum and count. */
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(readonly name: string, readonly help: string, readonly buckets: number[] = LATENCY_BUCKETS) {}

  /** Records one value: one bucket's count goes up (the cumulative counts are summed when rendered). */
  observe(labels: Labels, value: number): void {
    const key = seriesKey(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    const bucket = this.bucketOf(value);
    if (bucket < entry.counts.length) entry.counts[bucket] += 1;
    entry.sum += value;
    entry.count += 1;
  }

  /** Index of the first bucket whose bound is at least `value` (`buckets.length` for +Inf), by binary search. */
  private bucketOf(value: number): number {
    let low = 0;
    let high = this.buckets.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (value <= this.buckets[middle]) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** The exposition lines. */
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += counts[i];
        lines.push(`${this.name}_bucket${labelText({ ...labels, le: String(bound) })} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${sum}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines.join('\n');
  }
}

/** One sample of a gauge computed at scrape time. */
export interface GaugeSample {
  labels: Labels;
  value: number;
}

/** Renders a gauge from its current samples. */
export function renderGauge(name: string, help: string, samples: GaugeSample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (const { labels, value } of samples) lines.push(`${name}${labelText(labels)} ${value}`);
  return lines.join('\n');
}

/** The metrics Caseflow keeps. */
export interface CaseflowMetrics {
  eventsApplied: Counter;
  timersFired: Counter;
  casesOpened: Counter;
  requestDuration: Histogram;
}

/** A fresh set of Caseflow metrics. */
export function createMetrics(): CaseflowMetrics {
  return {
    eventsApplied: new Counter('caseflow_events_applied_total', 'Events committed to cases (people, systems and timers), by process.'),
    timersFired: new Counter('caseflow_timers_fired_total', 'Timers fired as events, by process.'),
    casesOpened: new Counter('caseflow_cases_opened_total', 'Cases opened, by process.'),
    requestDuration: new Histogram('caseflow_http_request_duration_seconds', 'HTTP request latency, by method, route and status.'),
  };
}
