/** A bar chart (chart.js on a canvas) with an optional horizontal line, such as a control line. */
import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

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
        scales: { x: { stacked: stacked ?? false }, y: { stacked: stacked ?? false, beginAtZero: true, suggestedMax: max ?? (line ? line.value * 1.2 : undefined), max } },
        plugins: { legend: { position: 'bottom' } },
      },
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
