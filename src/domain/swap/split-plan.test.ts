import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatAmount, parseAmount } from '../../money/index.js'
import { planSplit } from './split-plan.js'
import { delayLabel, parseDelay, parsePercent, parseServiceFee } from './swap-fields.js'

const units = (text: string) => {
  const r = parseAmount(text, 8)
  if (!r.ok) throw new Error(text)
  return r.atomic
}
const show = (v: bigint) => formatAmount(v, 8, 8)

test("the seed's example to the digit: 10 BTC, 84.93 % / 15.07 %, 0.45 %, 0.00005 per output", () => {
  const plan = planSplit({ amount: units('10.00000000'), serviceFeeHundredths: 45, feePerOutput: units('0.00005'), shares: [8493, 1507] })
  assert.equal(show(plan.serviceFee), '0.04500000')
  assert.equal(show(plan.feeOutputsTotal), '0.00010000')
  assert.equal(show(plan.feeTotal), '0.04510000')
  assert.deepEqual(plan.outputs.map(show), ['8.45469657', '1.50020343'])
})

test('outputs always add up to the amount less fees, the remainder on the last', () => {
  const plan = planSplit({ amount: units('1.00000001'), serviceFeeHundredths: 33, feePerOutput: 7n, shares: [3333, 3333, 3334] })
  assert.equal(
    plan.outputs.reduce((a, b) => a + b, 0n),
    plan.distributable,
  )
  assert.equal(plan.distributable + plan.feeTotal, units('1.00000001'))
  assert.ok(plan.outputs[2]! >= plan.outputs[0]!)
})

test('an amount that does not cover the fees is AMOUNT_TOO_LOW', () => {
  assert.throws(() => planSplit({ amount: 10n, serviceFeeHundredths: 50, feePerOutput: 5n, shares: [5000, 5000] }), {
    code: 'SWAP_AMOUNT_TOO_LOW',
  })
})

test('percents: 2 decimals at most, 1.00 … 100.00', () => {
  assert.equal(parsePercent('p', '84.93'), 8493)
  assert.equal(parsePercent('p', '10.5'), 1050)
  assert.equal(parsePercent('p', 100), 10_000)
  for (const bad of ['84.930', '0.99', '100.01', '1e2', '-5', 'abc', '', null]) {
    assert.throws(() => parsePercent('p', bad), { code: 'SWAP_REQUEST_INVALID' }, String(bad))
  }
})

test('service fee: 0.10 … 5.00', () => {
  assert.equal(parseServiceFee('0.45'), 45)
  assert.equal(parseServiceFee('5'), 500)
  for (const bad of ['0.09', '5.01', '0.455']) assert.throws(() => parseServiceFee(bad), { code: 'SWAP_REQUEST_INVALID' })
})

test('delays: minutes or "Xh Ym", at most 48 h', () => {
  assert.equal(parseDelay('d', '0'), 0)
  assert.equal(parseDelay('d', 120), 120)
  assert.equal(parseDelay('d', '2h 0m'), 120)
  assert.equal(parseDelay('d', '1h 30m'), 90)
  assert.equal(parseDelay('d', '48h'), 2880)
  assert.equal(parseDelay('d', '45m'), 45)
  assert.equal(parseDelay('d', '2880'), 2880)
  for (const bad of ['2881', '49h', '48h 1m', 'soon', '1.5', '-1'])
    assert.throws(() => parseDelay('d', bad), { code: 'SWAP_REQUEST_INVALID' }, bad)
  assert.equal(delayLabel(0), '0h 0m')
  assert.equal(delayLabel(125), '2h 5m')
})
