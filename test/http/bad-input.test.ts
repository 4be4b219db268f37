import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../support/databases.js'
import { sign } from '../support/signed-client.js'
import type { SignedRequestOptions, StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { expectError, expectOk, rawHttpRequest } from './merchant-api-checks.js'

// Every field of POST /api/v1/payment/create refused with a 400 envelope once the caller is
// authenticated, and nothing written by a refused request (checked at the end of the block).

const CREATE = '/api/v1/payment/create'

interface BadCase {
  name: string
  /** `aside`: a store of its own, left out of the final no-writes check (see the case). */
  store: 'usdt' | 'btc' | 'multi' | 'aside'
  /** A JSON value to send (stringified), or raw text when `raw` is set. */
  body: unknown
  raw?: boolean
  opts?: SignedRequestOptions
}

const j = (name: string, body: unknown, store: BadCase['store'] = 'usdt'): BadCase => ({ name, store, body })
const raw = (name: string, body: string, opts?: SignedRequestOptions): BadCase => ({
  name,
  store: 'usdt',
  body,
  raw: true,
  ...(opts && { opts }),
})

const CASES: BadCase[] = [
  j('missing amount', {}),
  j('missing amount, order_id only', { order_id: 'A-1' }),
  j('missing amount on a multi-currency store', {}, 'multi'),
  ...['', 'abc', '-1', '0', '0.00', '1e5', ' 1', '1 ', '+1', '0x10', '1,5', '.5', '5.', '007', 'NaN', 'Infinity', '１００'].map((a) =>
    j(`amount ${JSON.stringify(a)}`, { amount: a }),
  ),
  j('amount "1.1234567" on USDT (6 decimals)', { amount: '1.1234567' }),
  j('amount "0.000000001" on BTC (8 decimals)', { amount: '0.000000001' }, 'btc'),
  j('amount "99999999999999" (absurdly large)', { amount: '99999999999999' }),
  j('amount "99999999999999" on BTC', { amount: '99999999999999' }, 'btc'),
  j('amount "abc" on a multi-currency store', { amount: 'abc' }, 'multi'),
  j('amount with 41 characters', { amount: '1.' + '0'.repeat(39) }),
  j('amount true', { amount: true }),
  j('amount []', { amount: [] }),
  j('amount {}', { amount: {} }),
  j('amount null', { amount: null }),
  j('amount JSON number -1', { amount: -1 }),
  j('amount JSON number 0', { amount: 0 }),
  j('amount JSON number 1e21', { amount: 1e21 }),
  j('amount JSON number 1e-7 on USDT', { amount: 1e-7 }),
  j('order_id a number', { amount: '1.00', order_id: 123 }),
  j('order_id an object', { amount: '1.00', order_id: { id: 1 } }),
  j('order_id empty', { amount: '1.00', order_id: '' }),
  j('order_id of 256 characters', { amount: '1.00', order_id: 'x'.repeat(256) }),
  j('fiat_amount without fiat_currency', { fiat_amount: '5000' }),
  j('fiat_currency without fiat_amount', { fiat_currency: 'RUB' }),
  j('fiat_currency without fiat_amount, amount given', { amount: '1.00', fiat_currency: 'RUB' }),
  j('fiat_currency "JPY"', { fiat_amount: '5000', fiat_currency: 'JPY' }),
  j('fiat_currency "JPY" on a multi-currency store', { fiat_amount: '5000', fiat_currency: 'JPY' }, 'multi'),
  j('fiat_currency a number', { fiat_amount: '5000', fiat_currency: 643 }),
  j('fiat_amount "1.001"', { fiat_amount: '1.001', fiat_currency: 'USD' }),
  j('fiat_amount "-5"', { fiat_amount: '-5', fiat_currency: 'USD' }),
  j('fiat_amount "0"', { fiat_amount: '0', fiat_currency: 'USD' }),
  j('fiat_amount "abc"', { fiat_amount: 'abc', fiat_currency: 'USD' }),
  j('fiat_amount true', { fiat_amount: true, fiat_currency: 'USD' }),
  j('fiat_amount too small to pay in BTC (0.01 RUB)', { fiat_amount: '0.01', fiat_currency: 'RUB' }, 'btc'),
  j('metadata an array', { amount: '1.00', metadata: [1, 2] }),
  j('metadata a string', { amount: '1.00', metadata: 'hello' }),
  j('metadata a number', { amount: '1.00', metadata: 5 }),
  j('unknown field', { amount: '1.00', foo: 'bar' }),
  j('unknown field __proto__', JSON.parse('{"amount":"1.00","__proto__":{"x":1}}')),
  j('currency not accepted by the store (BTC on USDT)', { amount: '1.00', currency: 'BTC' }),
  j('currency not accepted by a multi-currency store (ETH)', { amount: '1.00', currency: 'ETH' }, 'multi'),
  j('currency unknown (DOGE)', { amount: '1.00', currency: 'DOGE' }),
  j('currency "__proto__"', { amount: '1.00', currency: '__proto__' }),
  j('currency a number', { amount: '1.00', currency: 5 }),
  raw('body not JSON "{"', '{'),
  raw('body not JSON "amount=1"', 'amount=1'),
  raw('body JSON null', 'null'),
  raw('body a JSON array', '[{"amount":"1.00"}]'),
  raw('body a JSON string', '"100.00"'),
  raw('body a JSON number', '100'),
  raw('body empty', ''),
  raw('body truncated JSON', '{"amount":"1.00"'),
  raw('body with trailing garbage', '{"amount":"1.00"} x'),
  raw('body application/xml', '<amount>1</amount>', { headers: { 'Content-Type': 'application/xml' } }),
  raw('JSON body sent as text/plain', '{"amount":"1.00"}', { headers: { 'Content-Type': 'text/plain' } }),
  raw('JSON body sent as application/x-www-form-urlencoded', '{"amount":"1.00"}', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  }),
  // On a store of its own: if the form is wrongly accepted, the payment it creates must not
  // also fail the no-writes check below, which covers the other cases.
  {
    name: 'form body amount=1.00 (the seed says JSON)',
    store: 'aside',
    body: 'amount=1.00',
    raw: true,
    opts: { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
  },
  raw('body over 64 KiB', JSON.stringify({ amount: '1.00', metadata: { pad: 'x'.repeat(70 * 1024) } })),
  raw('Idempotency-Key empty', '{"amount":"1.00"}', { headers: { 'Idempotency-Key': '' } }),
  raw('Idempotency-Key of 256 characters', '{"amount":"1.00"}', { headers: { 'Idempotency-Key': 'k'.repeat(256) } }),
]

for (const dialect of await testDialects()) {
  describe(`create payment: bad input (${dialect.name})`, () => {
    let t: TestKassa
    const stores = {} as Record<BadCase['store'], StoreCredentials>

    before(async () => {
      t = await startTestKassa(dialect)
      stores.usdt = await t.createStore('USDT_TRC20')
      stores.btc = await t.createStore('BTC')
      stores.multi = await t.createStore('USDT_TRC20,BTC')
      stores.aside = await t.createStore('USDT_TRC20')
    })
    after(async () => {
      await t.close()
    })

    for (const c of CASES) {
      test(`${c.name} → 400`, async () => {
        const body = c.raw ? (c.body as string) : JSON.stringify(c.body)
        expectError(await t.request(stores[c.store], 'POST', CREATE, body, c.opts), 400)
      })
    }

    test('no body at all → 400', async () => {
      expectError(await t.request(stores.usdt, 'POST', CREATE), 400)
    })

    test('a signed body without Content-Type → 400', async () => {
      // A body no other test signs at this clock: the same signature twice would be a replay.
      const body = '{"amount":"1.00","order_id":"no-content-type"}'
      const ts = String(Math.floor(t.clock.now() / 1000))
      const r = await rawHttpRequest(t, 'POST', CREATE, body, {
        'x-api-key': stores.usdt.apiKey,
        'x-timestamp': ts,
        'x-signature': sign(stores.usdt.apiSecret, ts, 'POST', CREATE, body),
      })
      expectError(r, 400)
    })

    test('an unsigned body without Content-Type → 401', async () => {
      expectError(await rawHttpRequest(t, 'POST', CREATE, '{"amount":"1.00"}', {}), 401)
    })

    test('an unsigned text/plain body → 401', async () => {
      const r = await t.request(stores.usdt, 'POST', CREATE, 'amount=1', {
        headers: { 'Content-Type': 'text/plain', 'X-Api-Key': undefined },
      })
      expectError(r, 401)
    })

    test('the messages name the field', async () => {
      const msg = (body: unknown) => t.request(stores.usdt, 'POST', CREATE, body).then((r) => expectError(r, 400))
      assert.match(await msg({ amount: 'abc' }), /amount/)
      assert.match(await msg({ amount: '1.00', order_id: 5 }), /order_id/)
      assert.match(await msg({ fiat_amount: '1.001', fiat_currency: 'USD' }), /fiat_amount/)
      assert.match(await msg({ fiat_amount: '1', fiat_currency: 'JPY' }), /fiat_currency/)
      assert.match(await msg({ amount: '1.00', foo: 1 }), /foo/)
      assert.match(await msg({ amount: '1.00', currency: 'BTC' }), /BTC/)
    })

    test('after all the refused requests, nothing was written', async () => {
      const checked = [stores.usdt, stores.btc, stores.multi]
      for (const store of checked) {
        const data = expectOk(await t.request(store, 'GET', '/api/v1/payments'))
        assert.equal(data.pagination.total, 0)
        assert.deepEqual(data.payments, [])
      }
      const db = t.kassa.database.db
      const selections = await db
        .selectFrom('selections')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      assert.equal(Number(selections.n), 0, 'a refused request left a selection behind')
      const keys = await db
        .selectFrom('idempotency_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      assert.equal(Number(keys.n), 0, 'a refused request left an idempotency key behind')
      for (const store of checked) {
        const balance = expectOk(await t.request(store, 'GET', '/api/v1/merchant/balance'))
        for (const b of Object.values(balance) as Array<Record<string, number>>) {
          assert.deepEqual(Object.values(b), [0, 0, 0, 0, 0])
        }
      }
    })
  })
}
