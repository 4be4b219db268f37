import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { applyBasisPoints, formatAmount, parseAmount } from './atomic-amount.js'

describe('parseAmount', () => {
  test('parses plain decimals exactly into atomic units', () => {
    assert.deepEqual(parseAmount('100.14', 6), { ok: true, atomic: 100_140_000n })
    assert.deepEqual(parseAmount('0.00000001', 8), { ok: true, atomic: 1n })
    assert.deepEqual(parseAmount('12', 2), { ok: true, atomic: 1200n })
    assert.deepEqual(parseAmount('0', 8), { ok: true, atomic: 0n })
    // Larger than any float can hold exactly: 2^70 wei and then some.
    assert.deepEqual(parseAmount('1180591620717.411303424000000001', 18), {
      ok: true,
      atomic: 1_180_591_620_717_411_303_424_000_000_001n,
    })
  })

  test('0.1 + 0.2 is 0.3 in atomic units, unlike floats', () => {
    const a = parseAmount('0.1', 18)
    const b = parseAmount('0.2', 18)
    const c = parseAmount('0.3', 18)
    assert.ok(a.ok && b.ok && c.ok)
    assert.equal(a.atomic + b.atomic, c.atomic)
  })

  test('refuses what is not a plain non-negative decimal', () => {
    for (const bad of ['', ' 1', '1 ', '-1', '+1', '1e5', '1E-2', '.5', '5.', '007', '1,5', '0x10', 'NaN', 'Infinity', '1.2.3']) {
      assert.deepEqual(parseAmount(bad, 8), { ok: false, reason: 'FORMAT' }, bad)
    }
  })

  test('refuses more precision than the currency has, but accepts zeros beyond it', () => {
    assert.deepEqual(parseAmount('1.1234567', 6), { ok: false, reason: 'TOO_MANY_DECIMALS' })
    assert.deepEqual(parseAmount('0.000000001', 8), { ok: false, reason: 'TOO_MANY_DECIMALS' })
    assert.deepEqual(parseAmount('1.50000000', 2), { ok: true, atomic: 150n })
  })
})

describe('formatAmount', () => {
  test('keeps the minimum fraction digits and trims only beyond them', () => {
    assert.equal(formatAmount(1_250_500_000n, 6, 2), '1250.50')
    assert.equal(formatAmount(5_000_000n, 8, 8), '0.05000000')
    assert.equal(formatAmount(1_250_000_000_000_000_001n, 18, 8), '1.250000000000000001')
    assert.equal(formatAmount(100_140_000n, 6), '100.14')
    assert.equal(formatAmount(0n, 6, 2), '0.00')
    assert.equal(formatAmount(7n, 0), '7')
    assert.equal(formatAmount(-1_500_000n, 6, 2), '-1.50')
  })

  test('round-trips with parseAmount', () => {
    for (const text of ['0.00000001', '21000000', '123.456789', '0.5']) {
      const p = parseAmount(text, 8)
      assert.ok(p.ok)
      assert.equal(formatAmount(p.atomic, 8), text)
    }
  })
})

test('applyBasisPoints takes a share, rounding down to the atomic unit', () => {
  assert.equal(applyBasisPoints(100_010_000n, 100), 1_000_100n) // 1 % of 100.01 USDT
  assert.equal(applyBasisPoints(99n, 100), 0n)
  assert.equal(applyBasisPoints(10_000n, 10_000), 10_000n)
})
