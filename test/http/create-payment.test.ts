import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { BTC_TEST_ADDRESS, ISO_SECONDS, TRON_ADDRESS, UUID, assertRaw, expectOk, isoAt } from './merchant-api-checks.js'

// Seed 決済の作成: one currency → created at once with `amount` as a string; several →
// `selecting`, payment_id null, `amount` a JSON number, a selection payment_url.

const CREATE = '/api/v1/payment/create'

for (const dialect of await testDialects()) {
  describe(`create payment (${dialect.name})`, () => {
    let t: TestKassa
    const create = (creds: StoreCredentials, body: unknown) => t.request(creds, 'POST', CREATE, body)
    const status = async (creds: StoreCredentials, id: string) => expectOk(await t.request(creds, 'GET', `/api/v1/payment/${id}`))
    const total = async (creds: StoreCredentials) => expectOk(await t.request(creds, 'GET', '/api/v1/payments')).pagination.total as number

    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(async () => {
      await t.close()
    })

    test('single USDT_TRC20 store: pending, unique cents 100.01 then 100.02, one TRON address', async () => {
      const store = await t.createStore('USDT_TRC20')
      const createdAt = t.clock.now()
      const r1 = await create(store, { amount: '100.00' })
      const first = expectOk(r1)
      assert.deepEqual(
        Object.keys(first)
          .filter((k) => ['payment_id', 'amount', 'currency', 'pay_address', 'status', 'expires_at', 'payment_url'].includes(k))
          .sort(),
        ['amount', 'currency', 'expires_at', 'pay_address', 'payment_id', 'payment_url', 'status'],
      )
      assert.match(first.payment_id, UUID)
      assert.equal(first.amount, '100.01')
      assertRaw(r1.text, 'amount', '"100.01"')
      assert.equal(first.currency, 'USDT_TRC20')
      assert.equal(first.status, 'pending')
      assert.match(first.pay_address, TRON_ADDRESS)
      assert.match(first.expires_at, ISO_SECONDS)
      assert.equal(first.expires_at, isoAt(createdAt + 30 * 60_000))
      assert.equal(typeof first.payment_url, 'string')
      assert.ok(first.payment_url.endsWith(`/pay/${first.payment_id}`), first.payment_url)
      assert.match(first.payment_url, /^https?:\/\//)
      // The link's path is this server's payment page.
      const page = await fetch(t.baseUrl + new URL(first.payment_url).pathname)
      assert.equal(page.status, 200)
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
      assert.ok((await page.text()).includes(first.pay_address), 'the payment page shows the address')

      const second = expectOk(await create(store, { amount: '100.00' }))
      assert.equal(second.amount, '100.02')
      assert.notEqual(second.payment_id, first.payment_id)
      assert.equal(second.pay_address, first.pay_address, 'unique_amount payments share the store address')
      assert.equal(await total(store), 2)
    })

    test('expires_at follows the test clock and the store expiry', async () => {
      const store = await t.createStore('USDT_TRC20', { expiryMinutes: 45 })
      t.clock.advance(2 * 3600_000 + 1234)
      const at = t.clock.now()
      const p = expectOk(await create(store, { amount: '10.00' }))
      assert.equal(p.expires_at, isoAt(at + 45 * 60_000))
      const s = await status(store, p.payment_id)
      assert.equal(s.created_at, isoAt(at))
      assert.equal(s.expires_at, isoAt(at + 45 * 60_000))
    })

    test('BTC store: a fresh address per payment, amount unchanged ("0.005" → "0.00500000")', async () => {
      const store = await t.createStore('BTC')
      const r = await create(store, { amount: '0.005' })
      const a = expectOk(r)
      const b = expectOk(await create(store, { amount: '0.005' }))
      for (const p of [a, b]) {
        assert.equal(p.status, 'pending')
        assert.equal(p.currency, 'BTC')
        assert.equal(p.amount, '0.00500000')
        assert.match(p.pay_address, BTC_TEST_ADDRESS)
      }
      assertRaw(r.text, 'amount', '"0.00500000"')
      assert.notEqual(a.pay_address, b.pay_address)
      const s = await status(store, b.payment_id)
      assert.equal(s.amount_requested, 0.005)
      assert.equal(s.amount_with_cents, 0.005)
    })

    test('multi-currency store: selecting, payment_id null, amount a JSON number, selection URL, no payment yet', async () => {
      const store = await t.createStore('USDT_TRC20,BTC')
      const r = await create(store, { amount: '100.00', order_id: 'SEL-1' })
      const d = expectOk(r)
      assert.equal(d.status, 'selecting')
      assert.equal(d.payment_id, null)
      assertRaw(r.text, 'payment_id', 'null')
      assert.equal(typeof d.amount, 'number')
      assert.equal(d.amount, 100)
      assertRaw(r.text, 'amount', '100.00')
      assert.deepEqual(d.currencies, ['USDT_TRC20', 'BTC'])
      assert.equal(typeof d.payment_url, 'string')
      assert.ok(d.payment_url.includes('/pay/select?token='), d.payment_url)
      assert.ok(new URL(d.payment_url).searchParams.get('token'))
      assert.equal(await total(store), 0)
    })

    test('multi-currency store with BTC first: selecting amount in BTC precision', async () => {
      const store = await t.createStore('BTC,USDT_TRC20')
      const r = await create(store, { amount: '0.005' })
      const d = expectOk(r)
      assert.equal(d.status, 'selecting')
      assert.deepEqual(d.currencies, ['BTC', 'USDT_TRC20'])
      assertRaw(r.text, 'amount', '0.00500000')
    })

    test('each selection has its own token', async () => {
      const store = await t.createStore('USDT_TRC20,BTC')
      const a = expectOk(await create(store, { amount: '1.00' }))
      const b = expectOk(await create(store, { amount: '1.00' }))
      assert.notEqual(a.payment_url, b.payment_url)
    })

    test('fiat: 5000 RUB on a USDT store → 55.24 + unique cents', async () => {
      const store = await t.createStore('USDT_TRC20')
      const p = expectOk(await create(store, { fiat_amount: '5000', fiat_currency: 'RUB' }))
      assert.equal(p.amount, '55.25')
      const r = await t.request(store, 'GET', `/api/v1/payment/${p.payment_id}`)
      assertRaw(r.text, 'amount_requested', '55.24')
      assertRaw(r.text, 'amount_with_cents', '55.25')
    })

    test('fiat overrides amount; fiat_amount may be a JSON number', async () => {
      const store = await t.createStore('USDT_TRC20')
      const p = expectOk(await create(store, { amount: '1.00', fiat_amount: 5000, fiat_currency: 'RUB' }))
      assert.equal(p.amount, '55.25')
    })

    test('fiat 100 USD on a BTC store → 0.00102564 (100 / 97500, rounded down)', async () => {
      const store = await t.createStore('BTC')
      const p = expectOk(await create(store, { fiat_amount: '100', fiat_currency: 'USD' }))
      assert.equal(p.amount, '0.00102564')
    })

    test('fiat on a multi-currency store: selecting with the amount in the first currency', async () => {
      const store = await t.createStore('USDT_TRC20,BTC')
      const r = await create(store, { fiat_amount: '5000', fiat_currency: 'RUB' })
      const d = expectOk(r)
      assert.equal(d.status, 'selecting')
      assert.equal(d.payment_id, null)
      assertRaw(r.text, 'amount', '55.24')
    })

    test("`currency` picks one of a multi-currency store's currencies directly", async () => {
      const store = await t.createStore('USDT_TRC20,BTC')
      const btc = expectOk(await create(store, { amount: '0.005', currency: 'BTC' }))
      assert.equal(btc.status, 'pending')
      assert.match(btc.payment_id, UUID)
      assert.equal(btc.currency, 'BTC')
      assert.equal(btc.amount, '0.00500000')
      assert.match(btc.pay_address, BTC_TEST_ADDRESS)
      const usdt = expectOk(await create(store, { amount: '100.00', currency: 'USDT_TRC20' }))
      assert.equal(usdt.currency, 'USDT_TRC20')
      assert.equal(usdt.amount, '100.01')
      assert.match(usdt.pay_address, TRON_ADDRESS)
      assert.equal(await total(store), 2)
    })

    test('`currency` with fiat converts into the chosen currency: 5000 RUB in BTC → 0.00056980', async () => {
      const store = await t.createStore('USDT_TRC20,BTC')
      const p = expectOk(await create(store, { fiat_amount: '5000', fiat_currency: 'RUB', currency: 'BTC' }))
      assert.equal(p.currency, 'BTC')
      assert.equal(p.amount, '0.00056980')
    })

    test('order_id is echoed in status; metadata is stored as sent', async () => {
      const store = await t.createStore('USDT_TRC20')
      const metadata = { user_id: 42, tags: ['a', 'b'], nested: { ok: true, note: 'ümlaut ✓' } }
      const p = expectOk(await create(store, { amount: '12.50', order_id: 'ORDER-123', metadata }))
      const s = await status(store, p.payment_id)
      assert.equal(s.order_id, 'ORDER-123')
      // The seed's status response has no metadata field (it returns in the webhook), so read it back from the row.
      const row = await t.kassa.database.db
        .selectFrom('payments')
        .select('metadata')
        .where('id', '=', p.payment_id)
        .executeTakeFirstOrThrow()
      assert.deepEqual(JSON.parse(row.metadata ?? 'null'), metadata)
    })

    test('amount as a JSON number is accepted: 100.5 → "100.51"', async () => {
      const store = await t.createStore('USDT_TRC20')
      const p = expectOk(await create(store, { amount: 100.5 }))
      assert.equal(p.amount, '100.51')
      const r = await t.request(store, 'GET', `/api/v1/payment/${p.payment_id}`)
      assertRaw(r.text, 'amount_requested', '100.50')
    })

    test('amount as a JSON number is taken exactly, never through a float: ETH 0.123456789012345678', async () => {
      const store = await t.createStore('ETH')
      const r = await create(store, '{"amount":0.123456789012345678}')
      // Either the exact 18-decimal amount, or a clear 400; never a silently different amount.
      if (r.status === 200) {
        assert.equal(r.json.data.amount, '0.123456789012345678', `payment created for another amount: ${r.text}`)
      } else {
        assert.equal(r.status, 400, r.text)
      }
    })

    test('amount as a JSON number finer than USDT holds (1.0000000000000001) is refused, not rounded', async () => {
      const store = await t.createStore('USDT_TRC20')
      const r = await create(store, '{"amount":1.0000000000000001}')
      assert.equal(r.status, 400, `expected a 400 (7+ decimals on a 6-decimal token), got ${r.status}: ${r.text}`)
      assert.equal(await total(store), 0)
    })

    test('amount with trailing zeros beyond the precision is the same amount: "1.50000000" USDT', async () => {
      const store = await t.createStore('USDT_TRC20')
      const p = expectOk(await create(store, { amount: '1.50000000' }))
      assert.equal(p.amount, '1.51')
    })

    test('concurrent creates on one store never share an (address, amount) pair', async () => {
      const store = await t.createStore('USDT_TRC20')
      const results = await Promise.all(Array.from({ length: 8 }, () => create(store, { amount: '20.00' })))
      const pairs = results.map((r) => {
        const d = expectOk(r)
        return `${d.pay_address} ${d.amount}`
      })
      assert.equal(new Set(pairs).size, 8, pairs.join('\n'))
      assert.equal(await total(store), 8)
    })

    test('concurrent BTC creates get distinct addresses', async () => {
      const store = await t.createStore('BTC')
      const results = await Promise.all(Array.from({ length: 6 }, () => create(store, { amount: '0.01' })))
      const addresses = results.map((r) => expectOk(r).pay_address as string)
      assert.equal(new Set(addresses).size, 6)
    })

    test('the same amount on two stores gets the same first cents: slots are per store address', async () => {
      const a = await t.createStore('USDT_TRC20')
      const b = await t.createStore('USDT_TRC20')
      const pa = expectOk(await create(a, { amount: '7.00' }))
      const pb = expectOk(await create(b, { amount: '7.00' }))
      assert.notEqual(pa.pay_address, pb.pay_address)
      assert.equal(pa.amount, '7.01')
      assert.equal(pb.amount, '7.01')
    })
  })
}
