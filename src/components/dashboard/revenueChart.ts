/**
 * The revenue chart, drawn by Chart.js: imported with import() by DashboardRevenueChart only,
 * so the library loads with the dashboard and never with the first page. Only the pieces a
 * bar chart needs are registered, which lets the bundler leave the rest of Chart.js out.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip)

export interface RevenueChartColours {
  bar: string
  grid: string
  text: string
}

export interface RevenueChartData {
  /** A short label per day ("Dec 1"), oldest first. */
  labels: string[]
  /** Each day's revenue in minor units. */
  values: number[]
  /** Minor units as the shop writes money ("$12.99"), for the axis and the tooltips. */
  formatMoney: (minor: number) => string
}

export interface RevenueChart {
  update(data: RevenueChartData, colours: RevenueChartColours): void
  destroy(): void
}

function options(data: RevenueChartData, colours: RevenueChartColours) {
  return {
    // The figures appear at once: no animation to wait through or to be bothered by.
    animation: false as const,
    maintainAspectRatio: false,
    // The table beside the chart is what assistive technology reads; the canvas is a picture.
    events: ['mousemove', 'mouseout', 'touchstart', 'touchmove'] as ('mousemove' | 'mouseout' | 'touchstart' | 'touchmove')[],
    plugins: {
      tooltip: { callbacks: { label: (item: { parsed: { y: number | null } }) => data.formatMoney(item.parsed.y ?? 0) } },
    },
    scales: {
      x: { grid: { display: false }, ticks: { color: colours.text, maxRotation: 0, autoSkipPadding: 12 } },
      y: {
        beginAtZero: true,
        grid: { color: colours.grid },
        border: { display: false },
        ticks: { color: colours.text, maxTicksLimit: 5, callback: (value: number | string) => data.formatMoney(Number(value)) },
      },
    },
  }
}

/** Draws the chart on `canvas`; update() redraws it with new figures or colours (a dark mode switch). */
export function createRevenueChart(canvas: HTMLCanvasElement, data: RevenueChartData, colours: RevenueChartColours): RevenueChart {
  const dataset = (d: RevenueChartData, c: RevenueChartColours) => [{ data: d.values, backgroundColor: c.bar, borderRadius: 3, maxBarThickness: 24 }]
  const chart = new Chart(canvas, { type: 'bar', data: { labels: data.labels, datasets: dataset(data, colours) }, options: options(data, colours) })
  return {
    update(next, nextColours) {
      chart.data = { labels: next.labels, datasets: dataset(next, nextColours) }
      chart.options = options(next, nextColours)
      chart.update()
    },
    destroy: () => chart.destroy(),
  }
}
