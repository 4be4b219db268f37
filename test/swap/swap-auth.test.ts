import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { expectSwapError, swapRequest } from './swap-client.js'

// Seed 認証 / レート制限: Bearer key per account, daily quota per key with X-RateLimit-*,
// ?pretty=1 everywhere, and the {ok:false, code, message} envelope on every refusal.

for (const dialect of await testDialects()) {
  describe(`Swap API keys, quota and envelope (${dialect.name})`, () => {
    let t: TestKassa
    let key: string

    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_SWAP_QUOTAS: 'standard=1000,tiny=3', KASSA_SWAP_MAINTENANCE: 'xrp/xrp' } })
      key = (await t.kassa.swapAccounts.create('Partner')).swapApiKey
    })
    after(async () => {
      await t.close()
    })

    test('ping needs no key and tells the server time in epoch seconds', async () => {
      const r = await swapRequest(t, 'GET', '/v1/ping', null)
      assert.equal(r.status, 200)
      assert.deepEqual(Object.keys(r.body), ['ok', 'service', 'version', 'ts'])
      assert.equal(r.body.ts, Math.floor(t.clock.now() / 1000))
    })

    test('no key, a malformed header or an unknown key: 401 UNAUTHORIZED', async () => {
      expectSwapError(await swapRequest(t, 'GET', '/v1/meta/mixer', null), 401, 'UNAUTHORIZED')
      expectSwapError(await swapRequest(t, 'GET', '/v1/meta/mixer', 'swk_' + '0'.repeat(64)), 401, 'UNAUTHORIZED')
      const basic = await fetch(t.baseUrl + '/v1/meta/mixer', { headers: { authorization: `Basic ${key}` } })
      assert.equal(basic.status, 401)
    })

    test('keys are stored hashed: the database never holds the key itself', async () => {
      const rows = await t.kassa.database.db.selectFrom('swap_credentials').selectAll().execute()
      assert.ok(rows.length >= 1)
      for (const row of rows) assert.ok(!JSON.stringify(row).includes(key.slice(4)))
    })

    test('a disabled account gets 403 FORBIDDEN; enabled again, it works', async () => {
      const acct = await t.kassa.swapAccounts.create('Suspended')
      await t.kassa.swapAccounts.setEnabled(acct.accountId, false)
      expectSwapError(await swapRequest(t, 'GET', '/v1/meta/mixer', acct.swapApiKey), 403, 'FORBIDDEN')
      await t.kassa.swapAccounts.setEnabled(acct.accountId, true)
      assert.equal((await swapRequest(t, 'GET', '/v1/meta/mixer', acct.swapApiKey)).status, 200)
    })

    test('rotation: the old key stops working at once, the new one works', async () => {
      const acct = await t.kassa.swapAccounts.create('Rotating')
      const next = await t.kassa.swapAccounts.rotate(acct.accountId)
      assert.notEqual(next.swapApiKey, acct.swapApiKey)
      assert.notEqual(next.partnerKey, acct.partnerKey)
      expectSwapError(await swapRequest(t, 'GET', '/v1/meta/mixer', acct.swapApiKey), 401, 'UNAUTHORIZED')
      assert.equal((await swapRequest(t, 'GET', '/v1/meta/mixer', next.swapApiKey)).status, 200)
    })

    test('daily quota per plan: X-RateLimit headers, then 429 TOO_MANY_REQUESTS, reset at UTC midnight', async () => {
      const tiny = await t.kassa.swapAccounts.create('Tiny', 'tiny')
      const midnight = Math.floor(
        Date.UTC(
          new Date(t.clock.now()).getUTCFullYear(),
          new Date(t.clock.now()).getUTCMonth(),
          new Date(t.clock.now()).getUTCDate() + 1,
        ) / 1000,
      )
      for (const remaining of [2, 1, 0]) {
        const r = await swapRequest(t, 'GET', '/v1/meta/exchange', tiny.swapApiKey)
        assert.equal(r.status, 200)
        assert.equal(r.headers.get('x-ratelimit-limit'), '3')
        assert.equal(r.headers.get('x-ratelimit-remaining'), String(remaining))
        assert.equal(r.headers.get('x-ratelimit-reset'), String(midnight))
      }
      const over = await swapRequest(t, 'GET', '/v1/meta/exchange', tiny.swapApiKey)
      expectSwapError(over, 429, 'TOO_MANY_REQUESTS')
      assert.equal(over.headers.get('x-ratelimit-remaining'), '0')
      // Another key is not affected.
      assert.equal((await swapRequest(t, 'GET', '/v1/meta/exchange', key)).status, 200)
      t.clock.set(midnight * 1000 + 1000)
      const nextDay = await swapRequest(t, 'GET', '/v1/meta/exchange', tiny.swapApiKey)
      assert.equal(nextDay.status, 200)
      assert.equal(nextDay.headers.get('x-ratelimit-remaining'), '2')
    })

    test('?pretty=1 indents the JSON and keeps exact numbers; without it the JSON is compact', async () => {
      const compact = await swapRequest(t, 'GET', '/v1/meta/mixer', key)
      assert.ok(!compact.text.includes('\n'))
      assert.ok(compact.text.includes('"min_amount":0.001'), compact.text.slice(0, 400))
      const pretty = await swapRequest(t, 'GET', '/v1/meta/mixer?pretty=1', key)
      assert.ok(pretty.text.includes('\n  "coins": [\n'), pretty.text.slice(0, 200))
      assert.ok(pretty.text.includes('"service_fee_min": 0.10'))
      assert.deepEqual(pretty.body, compact.body)
      const err = await swapRequest(t, 'GET', '/v1/meta/mixer?pretty=1', null)
      assert.ok(err.text.startsWith('{\n  "ok": false,'), err.text)
    })

    test('meta/mixer: the ten coin/network pairs with limits, fees, tags and the maintenance switch', async () => {
      const r = await swapRequest(t, 'GET', '/v1/meta/mixer', key)
      const pairs = r.body.coins.map((c: { coin: string; network: string }) => `${c.coin}/${c.network}`)
      assert.deepEqual(pairs, [
        'btc/btc',
        'ltc/ltc',
        'doge/doge',
        'eth/eth',
        'usdt/erc20',
        'usdt/trx',
        'trx/trx',
        'xrp/xrp',
        'ton/ton',
        'sol/sol',
      ])
      const xrp = r.body.coins.find((c: { coin: string }) => c.coin === 'xrp')
      assert.equal(xrp.maintenance, 1)
      assert.equal(xrp.tag_required, 'destination_tag')
      assert.equal(r.body.coins.find((c: { coin: string }) => c.coin === 'ton').tag_required, 'memo')
      assert.equal(r.body.coins[0].maintenance, 0)
      assert.equal(r.body.coins[0].fee_per_output, '0.00005')
    })

    test('meta/exchange: the fee rule and USD limits for every ordered pair', async () => {
      const r = await swapRequest(t, 'GET', '/v1/meta/exchange', key)
      assert.ok(r.text.includes('"fee":{"default":0.50,"min":0.50,"max":3.00}'), r.text.slice(0, 300))
      assert.equal(r.body.pairs.length, 90)
      const ethDoge = r.body.pairs.find((p: { from: string; to: string }) => p.from === 'ETH_eth' && p.to === 'DOGE_doge')
      assert.deepEqual(ethDoge, { from: 'ETH_eth', to: 'DOGE_doge', min_usd: 100, max_usd: 88565 })
    })

    test('prices: USD prices as strings from the rate source, filtered by symbols, unsupported left out', async () => {
      const all = await swapRequest(t, 'GET', '/v1/prices', key)
      assert.equal(all.body.base, 'USD')
      assert.equal(all.body.prices.BTC, '97500')
      assert.equal(all.body.prices.USDT, '1.0001')
      const some = await swapRequest(t, 'GET', '/v1/prices?symbols=' + encodeURIComponent('BTC,ETH,FOO'), key)
      assert.deepEqual(some.body.prices, { BTC: '97500', ETH: '3200' })
      expectSwapError(await swapRequest(t, 'GET', '/v1/prices?symbols=BTC,,ETH', key), 400, 'BAD_REQUEST')
    })

    test('the Swap API is in the same OpenAPI document, with its Bearer scheme', async () => {
      const doc = (await swapRequest(t, 'GET', '/docs/json', null)).body
      for (const path of [
        '/v1/ping',
        '/v1/meta/mixer',
        '/v1/meta/exchange',
        '/v1/prices',
        '/v1/mixer/orders',
        '/v1/exchange/orders',
        '/v1/orders/check',
        '/v1/orders/delete',
        '/v1/validate',
      ]) {
        assert.ok(doc.paths[path], `${path} missing from /docs/json`)
      }
      assert.equal(doc.components.securitySchemes.swapBearer.scheme, 'bearer')
      assert.deepEqual(doc.paths['/v1/mixer/orders'].post.security, [{ swapBearer: [] }])
      assert.ok(doc.paths['/api/v1/payment/create'], 'the Merchant API is still there')
    })

    test('an unknown /v1 route: 404 NOT_FOUND in the Swap envelope; the Merchant API keeps its own', async () => {
      expectSwapError(await swapRequest(t, 'GET', '/v1/nope', key), 404, 'NOT_FOUND')
      const merchant = await swapRequest(t, 'GET', '/api/v1/nope', null)
      assert.equal(merchant.status, 404)
      assert.equal(merchant.body.success, false)
    })
  })
}
