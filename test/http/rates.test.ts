import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../support/databases.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { assertRaw, expectError, expectOk, plainRequest } from './merchant-api-checks.js'

// Seed 為替レート: GET /api/v1/rates is public; with amount, fiat and crypto it also converts
// (5000 RUB → 55.24 USDT_TRC20 with the seed's own rates, which Kassa bundles offline).

const SEED_RATES = {
  btc: { usd: 97500, eur: 91200, rub: 8775000 },
  eth: { usd: 3200, eur: 2990, rub: 288000 },
  usdt: { usd: 1.0001, eur: 0.935, rub: 90.5 },
} as const

for (const dialect of await testDialects()) {
  describe(`rates (${dialect.name})`, () => {
    let t: TestKassa
    const rates = (query = '', headers: Record<string, string> = {}) => plainRequest(t, 'GET', `/api/v1/rates${query}`, undefined, headers)

    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(async () => {
      await t.close()
    })

    test("public, no auth: the seed's rates as JSON numbers, no `converted` without a query", async () => {
      const r = await rates()
      const d = expectOk(r)
      assert.deepEqual(Object.keys(d), ['rates'])
      for (const [asset, byFiat] of Object.entries(SEED_RATES)) {
        for (const [fiat, value] of Object.entries(byFiat)) {
          assert.equal(d.rates[asset][fiat], value, `${asset}.${fiat}`)
          assert.equal(typeof d.rates[asset][fiat], 'number')
        }
      }
      assert.ok(r.text.includes('"btc":{"usd":97500,"eur":91200,"rub":8775000'), r.text)
      assert.ok(r.text.includes('"usdt":{"usd":1.0001,"eur":0.935,"rub":90.5'), r.text)
    })

    test('auth headers, even wrong ones, do not matter on a public endpoint', async () => {
      expectOk(await rates('', { 'X-Api-Key': 'nobody', 'X-Timestamp': 'abc', 'X-Signature': 'zz' }))
    })

    test('5000 RUB → USDT_TRC20: converted 55.24 exactly', async () => {
      const r = await rates('?amount=5000&fiat=RUB&crypto=USDT_TRC20')
      const d = expectOk(r)
      assert.equal(d.converted, 55.24)
      assertRaw(r.text, 'converted', '55.24')
      assert.equal(d.rates.btc.usd, 97500)
    })

    test('100 USD → BTC: 0.00102564, eight decimals', async () => {
      const r = await rates('?amount=100&fiat=USD&crypto=BTC')
      expectOk(r)
      assertRaw(r.text, 'converted', '0.00102564')
    })

    test('1000 EUR → ETH: 0.33444816 (1000 / 2990, rounded down)', async () => {
      const r = await rates('?amount=1000&fiat=EUR&crypto=ETH')
      expectOk(r)
      assertRaw(r.text, 'converted', '0.33444816')
    })

    test('a fractional fiat amount: 49.99 USD → USDT_TRC20 49.98 (49.99 / 1.0001, rounded down)', async () => {
      const r = await rates('?amount=49.99&fiat=USD&crypto=USDT_TRC20')
      expectOk(r)
      assertRaw(r.text, 'converted', '49.98')
    })

    for (const q of [
      'amount=5000',
      'fiat=RUB',
      'crypto=USDT_TRC20',
      'amount=5000&fiat=RUB',
      'amount=5000&crypto=USDT_TRC20',
      'fiat=RUB&crypto=USDT_TRC20',
    ]) {
      test(`only some of the three parameters (?${q}) → 400`, async () => {
        expectError(await rates(`?${q}`), 400)
      })
    }

    for (const [name, q] of [
      ['fiat=JPY', 'amount=5000&fiat=JPY&crypto=USDT_TRC20'],
      ['crypto=DOGE', 'amount=5000&fiat=RUB&crypto=DOGE'],
      ['crypto=__proto__', 'amount=5000&fiat=RUB&crypto=__proto__'],
      ['fiat=constructor', 'amount=5000&fiat=constructor&crypto=BTC'],
      ['amount=-5', 'amount=-5&fiat=RUB&crypto=USDT_TRC20'],
      ['amount=abc', 'amount=abc&fiat=RUB&crypto=USDT_TRC20'],
      ['amount=0', 'amount=0&fiat=RUB&crypto=USDT_TRC20'],
      ['amount=1e3', 'amount=1e3&fiat=RUB&crypto=USDT_TRC20'],
      ['amount=1.001', 'amount=1.001&fiat=USD&crypto=BTC'],
      ['amount empty', 'amount=&fiat=RUB&crypto=USDT_TRC20'],
      ['amount absurdly large', 'amount=99999999999999999&fiat=RUB&crypto=BTC'],
      ['an unknown parameter', 'amount=5000&fiat=RUB&crypto=USDT_TRC20&foo=1'],
      ['a repeated parameter', 'amount=5000&amount=6000&fiat=RUB&crypto=USDT_TRC20'],
    ] as const) {
      test(`${name} → 400`, async () => {
        expectError(await rates(`?${q}`), 400)
      })
    }
  })
}
