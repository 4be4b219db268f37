import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { OfflineRateSource } from './offline-rate-source.js'
import { RatesFileInvalidError } from './rate-errors.js'
import { FIAT_KEYS } from './rate-table.js'

const dir = mkdtempSync(join(tmpdir(), 'kassa-rates-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function writeRatesFile(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

function validFileJson(): Record<string, Record<string, unknown>> {
  const row = (price: number) => Object.fromEntries(FIAT_KEYS.map((fiat) => [fiat, price]))
  return { btc: row(60000), eth: row(2000), usdt: row(1), ltc: row(70), trx: row(0.2) }
}

describe('OfflineRateSource (bundled table)', () => {
  it('serves the seed prices of the Merchant API', async () => {
    const table = await new OfflineRateSource().fetchRates()
    assert.equal(table.source, 'offline')
    assert.deepEqual([table.prices.btc.usd, table.prices.btc.eur, table.prices.btc.rub], ['97500', '91200', '8775000'])
    assert.deepEqual([table.prices.eth.usd, table.prices.eth.eur, table.prices.eth.rub], ['3200', '2990', '288000'])
    assert.deepEqual([table.prices.usdt.usd, table.prices.usdt.eur, table.prices.usdt.rub], ['1.0001', '0.935', '90.5'])
  })

  it('has every asset in every fiat', async () => {
    const { prices } = await new OfflineRateSource().fetchRates()
    for (const asset of ['btc', 'eth', 'usdt', 'ltc', 'trx'] as const) {
      assert.deepEqual(Object.keys(prices[asset]), [...FIAT_KEYS], asset)
    }
  })

  it("prices the Swap API's own coins in USD only, apart from the Merchant API's assets", async () => {
    const table = await new OfflineRateSource().fetchRates()
    assert.deepEqual(table.swapUsd, { doge: '0.22014648', xrp: '2.5', ton: '3.2', sol: '180' })
    assert.deepEqual(Object.keys(table.prices), ['btc', 'eth', 'usdt', 'ltc', 'trx'])
  })

  it('reports when the table was loaded, and cannot be changed by a caller', async () => {
    const source = new OfflineRateSource({ loadedAt: 1234 })
    const table = await source.fetchRates()
    assert.equal(table.fetchedAt, 1234)
    assert.throws(() => {
      table.prices.btc.usd = '1'
    }, TypeError)
    assert.equal((await source.fetchRates()).prices.btc.usd, '97500')
  })
})

describe('OfflineRateSource.fromFile (KASSA_RATES_FILE)', () => {
  it('replaces the bundled table, accepting numbers and strings with their exact text', async () => {
    const json = validFileJson()
    json.btc = { ...json.btc, usd: '61000.25' }
    const text = JSON.stringify(json).replace('"eth":{"usd":2000', '"eth":{"usd":0.1234567890123456789')
    const source = OfflineRateSource.fromFile(writeRatesFile('good.json', text), { loadedAt: 99 })
    const table = await source.fetchRates()
    assert.equal(source.name, 'offline')
    assert.equal(table.fetchedAt, 99)
    assert.equal(table.prices.btc.usd, '61000.25')
    assert.equal(table.prices.btc.eur, '60000')
    assert.equal(table.prices.eth.usd, '0.1234567890123456789')
    assert.equal(table.prices.trx.gbp, '0.2')
  })

  function rejectsFile(path: string, pattern: RegExp): void {
    assert.throws(
      () => OfflineRateSource.fromFile(path),
      (err: unknown) => {
        assert.ok(err instanceof RatesFileInvalidError, 'a RatesFileInvalidError')
        assert.equal(err.code, 'RATES_FILE_INVALID')
        assert.ok(err.message.includes(path), 'the message names the file')
        assert.match(err.message, pattern)
        assert.notEqual(err.cause, undefined)
        return true
      },
    )
  }

  it('fails with a clear message when the file is missing', () => {
    rejectsFile(join(dir, 'absent.json'), /cannot be read: .*ENOENT/)
  })

  it('fails with a clear message when the file is not JSON', () => {
    rejectsFile(writeRatesFile('broken.json', '{"btc": {"usd": 97500,'), /is not valid JSON/)
  })

  it('fails naming the asset and fiat when a price is missing or bad', () => {
    const missing = validFileJson()
    delete missing.ltc?.cny
    rejectsFile(writeRatesFile('missing.json', JSON.stringify(missing)), /usable rate table: price ltc\/cny is missing/)
    const negative = validFileJson()
    negative.usdt = { ...negative.usdt, rub: -90.5 }
    rejectsFile(writeRatesFile('negative.json', JSON.stringify(negative)), /price usdt\/rub must be greater than zero/)
  })
})
