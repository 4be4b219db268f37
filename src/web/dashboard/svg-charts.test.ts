import assert from 'node:assert/strict'
import { test } from 'node:test'
import { axisTicks, barChart } from './svg-charts.js'

test('barChart: one bar per value above zero, each titled, heights scaled exactly for bigints', () => {
  const out = barChart({
    title: 'Received <per> day',
    categories: ['2026-01-01', '2026-01-02', '2026-01-03'],
    series: [{ label: 'ETH', values: [10n ** 24n, 0n, 5n * 10n ** 23n] }],
    formatValue: (v) => `${String(v)} wei`,
  }).value
  const rects = [...out.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"/g)].map((m) => Number(m[1]))
  assert.deepEqual(rects, [174, 87])
  assert.match(out, /<title>2026-01-01 · ETH: 1000000000000000000000000 wei<\/title>/)
  assert.match(out, /role="img" aria-label="Received &#60;per&#62; day"/)
  assert.match(out, /<td class="num">0 wei<\/td>/)
  assert.doesNotMatch(out, /<per>/)
})

test('barChart: stacked series sum to the tallest bar; an empty chart says so', () => {
  const stacked = barChart({
    title: 't',
    categories: ['a', 'b'],
    layout: 'stacked',
    series: [
      { label: 'x', values: [1, 1] },
      { label: 'y', values: [1, 0] },
    ],
  }).value
  const heights = [...stacked.matchAll(/height="([\d.]+)" fill="[^"]+"><title>/g)].map((m) => Number(m[1]))
  assert.deepEqual(heights, [87, 87, 87])
  assert.match(stacked, /> x<\/span>/)
  const empty = barChart({ title: 't', categories: ['a'], series: [{ label: 'x', values: [0] }] }).value
  assert.match(empty, /No data yet/)
})

test('axisTicks: round steps of 1, 2 or 5 × 10^k up to the first tick at or above the top', () => {
  // Zero: one tick, nothing to scale.
  assert.deepEqual(axisTicks(0n), [0n])
  assert.deepEqual(axisTicks(0), [0])
  // Small whole ranges (counts): whole steps, never 0.25.
  assert.deepEqual(axisTicks(1), [0, 1])
  assert.deepEqual(axisTicks(3), [0, 1, 2, 3])
  assert.deepEqual(axisTicks(7), [0, 2, 4, 6, 8])
  // Atomic amounts: 25.123456 USDT (6 decimals) → steps of 10 USDT.
  assert.deepEqual(axisTicks(25_123_456n), [0n, 10_000_000n, 20_000_000n, 30_000_000n])
  // Large: 1.5 million ETH in wei, exact bigints far beyond a float's 2^53.
  assert.deepEqual(axisTicks(15n * 10n ** 23n), [0n, 5n * 10n ** 23n, 10n ** 24n, 15n * 10n ** 23n])
  assert.deepEqual(axisTicks(10n ** 24n + 1n), [0n, 5n * 10n ** 23n, 10n ** 24n, 15n * 10n ** 23n])
  // Fractions (percentages): decimal steps without float noise (0.30000000000000004).
  assert.deepEqual(axisTicks(0.37), [0, 0.1, 0.2, 0.3, 0.4])
  assert.deepEqual(axisTicks(0.07), [0, 0.02, 0.04, 0.06, 0.08])
})

test('barChart: y-axis labels at the ticks, bars scaled to the top tick, x labels the dates; all text escaped', () => {
  const out = barChart({
    title: 'Received',
    categories: ['2026-01-01', '2026-01-02'],
    series: [{ label: 'USDT', values: [25_000_000n, 7_000_000n] }],
    formatValue: (v) => `${String(v)} <atomic>`,
    formatTick: (v) => `${Number(v) / 1e6}<u>`,
    categoryLabel: (d) => `${d.slice(5)}<d>`,
  }).value
  const ticks = [...out.matchAll(/<text class="tick"[^>]*text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
  assert.deepEqual(ticks, ['0&#60;u&#62;', '10&#60;u&#62;', '20&#60;u&#62;', '30&#60;u&#62;'])
  const dates = [...out.matchAll(/<text class="tick"[^>]*text-anchor="middle"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
  assert.deepEqual(dates, ['01-01&#60;d&#62;', '01-02&#60;d&#62;'])
  // The axis tops at 30 USDT: 25 is 5/6 of the plot's 174 units, 7 is 7/30 of it.
  const heights = [...out.matchAll(/height="([\d.]+)" fill="[^"]+"><title>/g)].map((m) => Number(m[1]))
  assert.deepEqual(heights, [145, 40.6])
  assert.doesNotMatch(out, /<u>|<d>|<atomic>/)
})

test('barChart: with many days every few are labelled, always the latest; crowded labels alternate as minor', () => {
  const days = Array.from({ length: 30 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`)
  const out = barChart({
    title: 't',
    categories: days,
    series: [{ label: 'x', values: days.map(() => 1) }],
    categoryLabel: (d) => d.slice(5),
  }).value
  const labels = [...out.matchAll(/<text class="tick( minor)?"[^>]*text-anchor="middle"[^>]*>([^<]*)<\/text>/g)]
  assert.ok(labels.length < 30 && labels.length >= 10, `${labels.length} labels`)
  assert.equal(labels.at(-1)![2], '01-30')
  assert.equal(labels.at(-1)![1], undefined, 'the latest label is shown on phones too')
  assert.deepEqual(
    labels.map((m) => m[1] === ' minor'),
    labels.map((_, i) => (labels.length - 1 - i) % 2 === 1),
  )
})
