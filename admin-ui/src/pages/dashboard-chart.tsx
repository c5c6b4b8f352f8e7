/** A bar chart (chart.js on a canvas) with an optional horizontal line, such as a control line. */
import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type Plugin } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/**
 * Writes each bar's value on it (above a bar, inside a stacked segment), so small values beside
 * a far-off control line still read, and a screenshot shows the numbers.
 */
const valueLabels: Plugin<'bar'> = {
  id: 'caseflowValueLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const stacked = chart.options.scales?.x?.stacked === true;
    ctx.save();
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    chart.data.datasets.forEach((dataset, index) => {
      const meta = chart.getDatasetMeta(index);
      if (meta.type !== 'bar' || !chart.isDatasetVisible(index)) return;
      meta.data.forEach((bar, i) => {
        const value = dataset.data[i];
        if (typeof value !== 'number' || value === 0) return;
        const { x, y, base } = bar.getProps(['x', 'y', 'base'], true);
        if (stacked) {
          if (Math.abs(base - y) < 14) return;
          ctx.fillStyle = '#fff';
          ctx.textBaseline = 'middle';
          ctx.fillText(String(value), x, (y + base) / 2);
        } else {
          ctx.fillStyle = '#1f2a3a';
          ctx.textBaseline = 'bottom';
          ctx.fillText(String(value), x, y - 2);
        }
      });
    });
    ctx.restore();
  },
};

/** One series of bars. */
export interface BarSeries {
  label: string;
  values: Array<number | null>;
  color: string;
}

/** Props of `BarChart`. */
export interface BarChartProps {
  /** Names the chart for screen readers; the table beside it carries the numbers. */
  title: string;
  labels: string[];
  series: BarSeries[];
  /** A horizontal line across the chart (control line 40, satisfaction line 80). */
  line?: { label: string; value: number; color?: string };
  stacked?: boolean;
  /** Largest value of the axis (100 for percentages). */
  max?: number;
}

/** Draws the chart and redraws it when its data change. */
export function BarChart({ title, labels, series, line, stacked, max }: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Redraw when the numbers change, not on every render of the page.
  const signature = JSON.stringify({ labels, series, line, stacked, max });
  const counts = series.every((s) => s.values.every((value) => value === null || Number.isInteger(value)));
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          ...series.map((s) => ({ type: 'bar' as const, label: s.label, data: s.values, backgroundColor: s.color, stack: stacked ? 'all' : s.label })),
          ...(line
            ? [{ type: 'line' as const, label: line.label, data: labels.map(() => line.value), borderColor: line.color ?? '#c0392b', borderDash: [6, 4], borderWidth: 2, pointRadius: 0, fill: false }]
            : []),
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: stacked ?? false },
          // Counts get whole-number ticks (no 0.5 of a complaint); rates keep their decimals.
          y: { stacked: stacked ?? false, beginAtZero: true, suggestedMax: max ?? (line ? line.value * 1.2 : undefined), max, ticks: { precision: counts ? 0 : undefined } },
        },
        layout: { padding: { top: 16 } },
        plugins: { legend: { position: 'bottom' } },
      },
      plugins: [valueLabels],
    });
    return () => chart.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the signature stands for all of them
  }, [signature]);
  return (
    <div className="dash-chart">
      <canvas ref={canvas} role="img" aria-label={title} />
    </div>
  );
}
