import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RatesTableInvalidError } from './rate-errors.js'
import { FIAT_KEYS, normalizePrice, usdPrice, validateRateTable } from './rate-table.js'

function fullTable(): Record<string, Record<string, unknown>> {
  const row = () => Object.fromEntries(FIAT_KEYS.map((fiat) => [fiat, '2']))
  return { btc: row(), eth: row(), usdt: row(), ltc: row(), trx: row() }
}

function rejects(json: unknown, pattern: RegExp): void {
  assert.throws(
    () => validateRateTable(json, 'test', 1),
    (err: unknown) => {
      assert.ok(err instanceof RatesTableInvalidError, 'a RatesTableInvalidError')
      assert.equal(err.code, 'RATES_TABLE_INVALID')
      assert.match(err.message, pattern)
      return true
    },
  )
}

describe('validateRateTable', () => {
  it('accepts a complete table and keeps source and fetchedAt', () => {
    const table = validateRateTable(fullTable(), 'coingecko', 1_700_000_000_000)
    assert.equal(table.source, 'coingecko')
    assert.equal(table.fetchedAt, 1_700_000_000_000)
    assert.deepEqual(Object.keys(table.prices), ['btc', 'eth', 'usdt', 'ltc', 'trx'])
    assert.deepEqual(Object.keys(table.prices.trx), ['usd', 'eur', 'rub', 'cny', 'gbp'])
  })

  it('normalises numbers and strings to canonical decimal text', () => {
    const json = fullTable()
    json.btc = { ...json.btc, usd: 97500, eur: '91200.50', rub: ' 8775000 ' }
    json.usdt = { ...json.usdt, usd: 1.0001, eur: '9.35e-1', rub: 1e-7 }
    const { prices } = validateRateTable(json, 'test', 1)
    assert.equal(prices.btc.usd, '97500')
    assert.equal(prices.btc.eur, '91200.5')
    assert.equal(prices.btc.rub, '8775000')
    assert.equal(prices.usdt.usd, '1.0001')
    assert.equal(prices.usdt.eur, '0.935')
    assert.equal(prices.usdt.rub, '0.0000001')
  })

  it('ignores assets and fiats it does not quote', () => {
    const json = fullTable()
    json.bnb = { usd: '600' }
    json.btc = { ...json.btc, jpy: 'not a price' }
    const { prices, swapUsd } = validateRateTable(json, 'test', 1)
    assert.equal(Object.hasOwn(prices, 'bnb'), false)
    assert.equal(Object.hasOwn(swapUsd, 'bnb'), false)
    assert.equal(Object.hasOwn(prices.btc, 'jpy'), false)
  })

  it("reads the swap-only coins' USD prices apart, each optional; a bad one is refused", () => {
    const json = fullTable()
    json.doge = { usd: 0.22014647970018, eur: 'ignored' }
    json.sol = { usd: '180.50' }
    const table = validateRateTable(json, 'test', 1)
    assert.deepEqual(table.swapUsd, { doge: '0.22014647970018', sol: '180.5' })
    assert.equal(Object.hasOwn(table.prices, 'doge'), false, 'not a Merchant API asset')
    assert.equal(usdPrice(table, 'doge'), '0.22014647970018')
    assert.equal(usdPrice(table, 'btc'), '2')
    assert.equal(usdPrice(table, 'xrp'), undefined)
    assert.equal(usdPrice(table, 'toString'), undefined)
    json.xrp = { eur: '2' }
    rejects(json, /price xrp\/usd is not a number/)
    json.xrp = { usd: '-1' }
    rejects(json, /price xrp\/usd must be greater than zero/)
  })

  it('names a missing asset', () => {
    const json = fullTable()
    delete json.ltc
    rejects(json, /from test .*asset "ltc" is missing/)
  })

  it('names a missing fiat price', () => {
    const json = fullTable()
    delete json.eth?.gbp
    rejects(json, /price eth\/gbp is missing/)
  })

  it('refuses zero, negative, malformed and non-numeric prices', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['0', /price trx\/cny must be greater than zero/],
      [0, /price trx\/cny must be greater than zero/],
      ['-1.5', /price trx\/cny must be greater than zero/],
      ['abc', /price trx\/cny is not a decimal number \("abc"\)/],
      ['1,5', /price trx\/cny is not a decimal number/],
      ['', /price trx\/cny is not a decimal number/],
      [Number.NaN, /price trx\/cny is not a finite number/],
      [Number.POSITIVE_INFINITY, /price trx\/cny is not a finite number/],
      [null, /price trx\/cny is not a number or decimal string \(got null\)/],
      [true, /price trx\/cny is not a number or decimal string \(got boolean\)/],
      ['1e20', /price trx\/cny is implausibly large/],
      ['1e-40', /price trx\/cny has more than 30 fraction digits/],
    ]
    for (const [value, pattern] of cases) {
      const json = fullTable()
      json.trx = { ...json.trx, cny: value }
      rejects(json, pattern)
    }
  })

  it('refuses a table or row that is not an object', () => {
    rejects(null, /expected an object of assets, got null/)
    rejects([1, 2], /expected an object of assets, got an array/)
    rejects('97500', /expected an object of assets, got string/)
    rejects({ ...fullTable(), btc: 97500 }, /asset "btc" must be an object of fiat prices, got number/)
  })

  it('does not take prices from the prototype chain', () => {
    const row = Object.create({ usd: '1' }) as Record<string, unknown>
    rejects({ ...fullTable(), eth: row }, /price eth\/usd is missing/)
  })

  it('refuses a fetchedAt that is not a time', () => {
    assert.throws(() => validateRateTable(fullTable(), 'test', Number.NaN), /fetchedAt is not a time/)
  })
})

describe('normalizePrice', () => {
  it('keeps every digit of long decimal text', () => {
    assert.deepEqual(normalizePrice('0.1234567890123456789'), { ok: true, text: '0.1234567890123456789' })
  })
})
