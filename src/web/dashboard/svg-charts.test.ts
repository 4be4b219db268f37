import assert from 'node:assert/strict'
import { test } from 'node:test'
import { barChart } from './svg-charts.js'

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
