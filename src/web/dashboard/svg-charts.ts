import { html, type SafeHtml } from '../html.js'

/**
 * Bar charts drawn on the server as inline SVG: the dashboard's CSP allows no chart library and
 * no script, and a chart of a few dozen bars needs neither. Pure: data in, markup out.
 *
 * Values may be bigint (atomic units of money) or number (counts, percentages). Heights are
 * scaled with integer arithmetic when every value is a bigint, so a large wei amount is never
 * squeezed through a float; the figure printed in each bar's `<title>` and in the data table is
 * `formatValue(value)`, which for money should be the decimal string of `formatAmount`.
 *
 * The y axis is labelled at round values (`axisTicks`: steps of 1, 2 or 5 × 10^k, in atomic
 * units for money, so a tick is an exact amount), and the bars are scaled to the top tick; the x
 * axis is labelled with the categories (dates, statuses). Text and lines carry classes, not
 * colours, so the dashboard's stylesheet colours them for the light and the dark scheme.
 *
 * Accessibility: the `<svg>` has role="img" and an aria-label (the chart's title); every bar
 * carries a `<title>` with its category, series and value (a tooltip on hover); the same
 * figures follow in a `<table>` inside a `<details>`, for screen readers and for copying.
 */
export type ChartValue = bigint | number

export interface ChartSeries {
  label: string
  /** One value per category, in the order of `categories`; a missing value counts as zero. */
  values: readonly ChartValue[]
}

export interface BarChartOptions {
  title: string
  series: readonly ChartSeries[]
  /** The x axis: one group of bars per category (e.g. days 'YYYY-MM-DD', statuses). */
  categories: readonly string[]
  /** Text of a value in titles, the y-axis maximum and the data table; default `String(v)`. */
  formatValue?: (value: ChartValue, series: ChartSeries) => string
  /** Several series: side by side (default, 'grouped') or one on top of the other ('stacked'). */
  layout?: 'grouped' | 'stacked'
  /** Shorter x labels than the categories themselves (e.g. 'MM-DD' for a date); default the category. */
  categoryLabel?: (category: string) => string
  /** Text of a y-axis tick, shorter than `formatValue` (no unit: the title says it); default `String(v)`. */
  formatTick?: (value: ChartValue) => string
}

/** Fixed colours with enough contrast on white, distinguishable in common colour blindness. */
const PALETTE = ['#2563eb', '#f59e0b', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d']

const WIDTH = 640
const HEIGHT = 220
const PAD = { top: 12, right: 8, bottom: 34 }
const FONT = 12
/**
 * The labels' size on a phone, where the 640-unit chart is drawn about 320 px wide: the
 * stylesheet enlarges them to this (about 10 px) and hides every other x label (`minor`), so
 * the left margin is sized for it on every screen.
 */
const PHONE_FONT = 22
/** Most intervals on the y axis: five labels and a zero read at a glance. */
const MAX_INTERVALS = 4

/**
 * The y axis's tick values, from 0 up to the first tick at or above `top`, in even steps of
 * 1, 2 or 5 × 10^k with at most `maxIntervals` steps: [0] when `top` is zero (nothing to
 * scale). Bigints stay bigints, exact for any wei amount; a number with a whole `top` (a count)
 * gets whole steps, a fractional one decimal steps.
 */
export function axisTicks(top: ChartValue, maxIntervals = MAX_INTERVALS): ChartValue[] {
  if (isZero(top)) return [typeof top === 'bigint' ? 0n : 0]
  if (typeof top === 'bigint' || Number.isInteger(top)) {
    const t = BigInt(top)
    const step = niceStep((t + BigInt(maxIntervals) - 1n) / BigInt(maxIntervals))
    const n = (t + step - 1n) / step
    const ticks = Array.from({ length: Number(n) + 1 }, (_, i) => BigInt(i) * step)
    return typeof top === 'bigint' ? ticks : ticks.map(Number)
  }
  const raw = top / maxIntervals
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-12)) ?? 10 * mag) as number
  const n = Math.ceil(top / step - 1e-9)
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)))
}

/** The least 1, 2 or 5 × 10^k that is at least `raw` (raw ≥ 1). */
function niceStep(raw: bigint): bigint {
  for (let mag = 1n; ; mag *= 10n) {
    for (const m of [1n, 2n, 5n]) if (m * mag >= raw) return m * mag
  }
}

export function seriesColour(index: number): string {
  return PALETTE[index % PALETTE.length] as string
}

/** A grouped or stacked bar chart with a legend (when several series) and a data table. */
export function barChart(opts: BarChartOptions): SafeHtml {
  const { title, series, categories } = opts
  const fmt = opts.formatValue ?? ((v: ChartValue) => String(v))
  const stacked = opts.layout === 'stacked' && series.length > 1
  const value = (s: ChartSeries, i: number): ChartValue => s.values[i] ?? 0
  const totals = categories.map((_, i) => (stacked ? sum(series.map((s) => value(s, i))) : max(series.map((s) => value(s, i)))))
  const ticks = axisTicks(max(totals))
  const top = ticks[ticks.length - 1] as ChartValue
  const fmtTick = opts.formatTick ?? ((v: ChartValue) => String(v))
  const tickText = ticks.map(fmtTick)
  // Room on the left for the longest tick label (about 0.6 em a character), never most of the chart.
  const left = Math.min(180, Math.max(24, Math.ceil(Math.max(...tickText.map((t) => t.length)) * PHONE_FONT * 0.6) + 10))
  const plotW = WIDTH - left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const slot = categories.length > 0 ? plotW / categories.length : plotW
  const groupW = slot * 0.8
  const barW = stacked || series.length === 0 ? groupW : groupW / series.length
  const baseY = PAD.top + plotH
  // A label every few categories so that labels never overlap: 'MM-DD' needs about 38 units.
  const labelEvery = Math.max(1, Math.ceil(categories.length / Math.max(1, Math.floor(plotW / 38))))

  const bars: SafeHtml[] = []
  categories.forEach((cat, i) => {
    const x0 = left + i * slot + (slot - groupW) / 2
    let stackY = baseY
    series.forEach((s, si) => {
      const v = value(s, i)
      const h = scale(v, top, plotH)
      if (h <= 0) return
      const x = stacked ? x0 : x0 + si * barW
      const y = stacked ? stackY - h : baseY - h
      if (stacked) stackY -= h
      bars.push(
        html`<rect x="${r(x)}" y="${r(y)}" width="${r(Math.max(barW - 1, 1))}" height="${r(h)}" fill="${seriesColour(si)}"><title>${cat} · ${s.label}: ${fmt(v, s)}</title></rect>`,
      )
    })
  })
  const empty = isZero(top)
  const yAxis = ticks.map((tick, i) => {
    const y = r(baseY - scale(tick, top, plotH))
    return html`${i > 0 ? html`<line class="grid-line" x1="${left}" y1="${y}" x2="${WIDTH - PAD.right}" y2="${y}" stroke="#e5e7eb"/>` : ''}<text class="tick" x="${left - 6}" y="${y}" dy="0.35em" text-anchor="end" font-size="${FONT}" fill="#374151">${tickText[i]}</text>`
  })
  const xText = categories.map((cat) => (opts.categoryLabel ? opts.categoryLabel(cat) : cat))
  // Labels that would overlap at the phone's size: every other one is `minor` (hidden there).
  const crowded = Math.max(0, ...xText.map((t) => t.length)) * PHONE_FONT * 0.6 > slot * labelEvery
  // Counted from the last category, so that the latest day always has its label.
  const fromEnd = (i: number) => categories.length - 1 - i
  const labels = xText.map((text, i) =>
    fromEnd(i) % labelEvery === 0
      ? html`<text class="tick${crowded && (fromEnd(i) / labelEvery) % 2 === 1 ? ' minor' : ''}" x="${r(left + i * slot + slot / 2)}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle" font-size="${FONT}" fill="#374151">${text}</text>`
      : '',
  )
  const svg = html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>
${yAxis}<line class="axis" x1="${left}" y1="${baseY}" x2="${WIDTH - PAD.right}" y2="${baseY}" stroke="#6b7280"/>
${bars}${labels}${empty ? html`<text class="empty" x="${r(left + plotW / 2)}" y="${PAD.top + plotH / 2}" text-anchor="middle" font-size="13" fill="#4b5563">No data yet</text>` : ''}</svg>`
  const legend =
    series.length > 1
      ? html`<p class="muted">${series.map((s, si) => html`<span><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="${seriesColour(si)}"/></svg> ${s.label}</span> `)}</p>`
      : ''
  return html`<figure class="chart"><figcaption><strong>${title}</strong></figcaption>${svg}${legend}${dataTable(opts, fmt)}</figure>`
}

function dataTable(opts: BarChartOptions, fmt: (v: ChartValue, s: ChartSeries) => string): SafeHtml {
  return html`<details><summary>Data table</summary><div class="scroll"><table><caption class="muted">${opts.title}</caption>
<thead><tr><th scope="col"></th>${opts.series.map((s) => html`<th scope="col" class="num">${s.label}</th>`)}</tr></thead>
<tbody>${opts.categories.map((cat, i) => html`<tr><th scope="row">${cat}</th>${opts.series.map((s) => html`<td class="num">${fmt(s.values[i] ?? 0, s)}</td>`)}</tr>`)}</tbody></table></div></details>`
}

/** Height of `v` on a `plotH` scale whose top is `top`; exact for bigints (no float of a wei amount). */
function scale(v: ChartValue, top: ChartValue, plotH: number): number {
  if (isZero(top) || isZero(v)) return 0
  if (typeof v === 'bigint' && typeof top === 'bigint') return Number((v * BigInt(plotH * 100)) / top) / 100
  return (Number(v) / Number(top)) * plotH
}

function sum(values: ChartValue[]): ChartValue {
  if (values.every((v) => typeof v === 'bigint')) return (values as bigint[]).reduce((a, b) => a + b, 0n)
  return values.reduce<number>((a, b) => a + Number(b), 0)
}

function max(values: ChartValue[]): ChartValue {
  if (values.length === 0) return 0
  // Not Math.max: values may be bigint (atomic amounts), which Math.max refuses.
  // biome-ignore lint/complexity/useMathMinMax: bigint values
  return values.reduce((a, b) => (b > a ? b : a))
}

function isZero(v: ChartValue): boolean {
  return typeof v === 'bigint' ? v <= 0n : !(v > 0)
}

function r(n: number): string {
  return (Math.round(n * 100) / 100).toString()
}
