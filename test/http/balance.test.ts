import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { atomic, expectOk } from './merchant-api-checks.js'

// Seed マーチャント残高: per currency of the store, available, pending, total_received,
// total_withdrawn, total_commission as JSON numbers (USDT "1250.50", BTC "0.05000000").

const FIELDS = ['available', 'pending', 'total_received', 'total_withdrawn', 'total_commission'] as const
type Field = (typeof FIELDS)[number]

/** The raw number text of each field of one currency's object in the response text. */
function rawBalance(text: string, currency: string): Record<Field, string> {
  const m = new RegExp(`"${currency}":\\{([^{}]*)\\}`).exec(text)
  assert.ok(m, `no ${currency} object in ${text}`)
  const out = {} as Record<Field, string>
  for (const f of FIELDS) {
    const v = new RegExp(`"${f}":(-?\\d+(?:\\.\\d+)?)(?:,|$)`).exec(m[1]!)
    assert.ok(v, `${currency}.${f} is not a JSON number in ${m[0]}`)
    out[f] = v[1]!
  }
  return out
}

for (const dialect of await testDialects()) {
  describe(`merchant balance (${dialect.name})`, () => {
    let t: TestKassa
    const balance = (creds: StoreCredentials) => t.request(creds, 'GET', '/api/v1/merchant/balance')
    const create = async (creds: StoreCredentials, body: unknown) =>
      expectOk(await t.request(creds, 'POST', '/api/v1/payment/create', body))
    const complete = async (paymentId: string, blocks: number) => {
      await t.kassa.simulation.pay(paymentId)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(blocks)
      await t.kassa.runWorkersOnce()
    }

    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(async () => {
      await t.close()
    })

    test('a new store: every currency of the store, all zero, USDT with 2 decimals and BTC with 8', async () => {
      const store = await t.createStore('USDT_TRC20,BTC')
      const r = await balance(store)
      const d = expectOk(r)
      assert.deepEqual(Object.keys(d).sort(), ['BTC', 'USDT_TRC20'])
      for (const c of ['USDT_TRC20', 'BTC']) {
        assert.deepEqual(Object.keys(d[c]).sort(), [...FIELDS].sort())
        for (const f of FIELDS) assert.equal(typeof d[c][f], 'number', `${c}.${f}`)
      }
      assert.deepEqual(rawBalance(r.text, 'USDT_TRC20'), {
        available: '0.00',
        pending: '0.00',
        total_received: '0.00',
        total_withdrawn: '0.00',
        total_commission: '0.00',
      })
      const z = '0.00000000'
      assert.deepEqual(rawBalance(r.text, 'BTC'), { available: z, pending: z, total_received: z, total_withdrawn: z, total_commission: z })
    })

    test('while confirming, pending equals the amount received; nothing available yet', async () => {
      const store = await t.createStore('USDT_TRC20')
      const p = await create(store, { amount: '100.00' })
      assert.equal(p.amount, '100.01')
      await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      const r = await balance(store)
      assert.deepEqual(rawBalance(r.text, 'USDT_TRC20'), {
        available: '0.00',
        pending: '100.01',
        total_received: '0.00',
        total_withdrawn: '0.00',
        total_commission: '0.00',
      })
    })

    test('after a completed 100.01 USDT payment with the default 1 % commission', async () => {
      const store = await t.createStore('USDT_TRC20')
      const p = await create(store, { amount: '100.00' })
      assert.equal(p.amount, '100.01')
      await complete(p.payment_id, 19)
      const r = await balance(store)
      const d = expectOk(r)
      assert.equal(d.USDT_TRC20.total_received, 100.01)
      assert.deepEqual(rawBalance(r.text, 'USDT_TRC20'), {
        available: '99.0099',
        pending: '0.00',
        total_received: '100.01',
        total_withdrawn: '0.00',
        total_commission: '1.0001',
      })
    })

    test('BTC: a completed 0.005 payment → 0.00495000 available, 0.00005000 commission', async () => {
      const store = await t.createStore('USDT_TRC20,BTC')
      const p = await create(store, { amount: '0.005', currency: 'BTC' })
      await complete(p.payment_id, 2)
      const r = await balance(store)
      assert.deepEqual(rawBalance(r.text, 'BTC'), {
        available: '0.00495000',
        pending: '0.00000000',
        total_received: '0.00500000',
        total_withdrawn: '0.00000000',
        total_commission: '0.00005000',
      })
      assert.deepEqual(rawBalance(r.text, 'USDT_TRC20'), {
        available: '0.00',
        pending: '0.00',
        total_received: '0.00',
        total_withdrawn: '0.00',
        total_commission: '0.00',
      })
    })

    test('a store commission of 2.5 % and of 0 %', async () => {
      const high = await t.createStore('USDT_TRC20', { commissionBp: 250 })
      const none = await t.createStore('USDT_TRC20', { commissionBp: 0 })
      const ph = await create(high, { amount: '100.00' })
      const pn = await create(none, { amount: '100.00' })
      await t.kassa.simulation.pay(ph.payment_id)
      await t.kassa.simulation.pay(pn.payment_id)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(19)
      await t.kassa.runWorkersOnce()
      const h = rawBalance((await balance(high)).text, 'USDT_TRC20')
      assert.equal(h.total_received, '100.01')
      assert.equal(h.total_commission, '2.50025')
      assert.equal(h.available, '97.50975')
      const n = rawBalance((await balance(none)).text, 'USDT_TRC20')
      assert.equal(n.total_commission, '0.00')
      assert.equal(n.available, '100.01')
    })

    test('the figures add up: available + commission + withdrawn = received; other stores never count', async () => {
      const store = await t.createStore('USDT_TRC20')
      const stranger = await t.createStore('USDT_TRC20')
      const mine1 = await create(store, { amount: '33.33' })
      const mine2 = await create(store, { amount: '0.07' })
      const theirs = await create(stranger, { amount: '500.00' })
      for (const p of [mine1, mine2, theirs]) await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(19)
      await t.kassa.runWorkersOnce()
      const b = rawBalance((await balance(store)).text, 'USDT_TRC20')
      const received = atomic(b.total_received, 6)
      assert.equal(received, atomic(mine1.amount, 6) + atomic(mine2.amount, 6))
      assert.equal(atomic(b.available, 6) + atomic(b.total_commission, 6) + atomic(b.total_withdrawn, 6), received)
      assert.equal(atomic(b.total_commission, 6), received / 100n)
    })

    test('an unpaid, expired payment changes nothing', async () => {
      const store = await t.createStore('USDT_TRC20')
      await create(store, { amount: '9.00' })
      t.clock.advance(31 * 60_000)
      await t.kassa.runWorkersOnce()
      assert.deepEqual(rawBalance((await balance(store)).text, 'USDT_TRC20'), {
        available: '0.00',
        pending: '0.00',
        total_received: '0.00',
        total_withdrawn: '0.00',
        total_commission: '0.00',
      })
    })
  })
}
