import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// The public create endpoints' two limits (issue 16, defects 1 and 8): 30 a minute per client
// address and 300 a minute per store, both counted; on PostgreSQL in the database, so every
// instance on it shares them. Requests come from many addresses through inject's
// remoteAddress (trustProxy is off, so that is the client address). Each request is refused
// by the handler (no Origin for the widget, donations off): the limits count attempts, and no
// payment has to be made.

/** Client address number i: 10.0.x.y. */
const address = (i: number) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`

async function post(t: TestKassa, url: string, payload: unknown, remoteAddress: string) {
  const r = await t.app.inject({ method: 'POST', url, payload: payload as object, remoteAddress })
  return {
    status: r.statusCode,
    json: r.json() as { success: boolean; error?: string },
    headers: r.headers,
    retryAfter: r.headers['retry-after'],
  }
}

for (const dialect of await testDialects()) {
  describe(`per-store and per-address limits of the public create endpoints (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    let other: StoreCredentials
    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(() => t.close())

    for (const url of ['/pay/widget', '/donate/create']) {
      test(`${url}: 300 requests from 20 addresses spend the store's budget; the 301st, from a fresh address, is 429`, async () => {
        store = await t.createStore('BTC')
        other = await t.createStore('BTC')
        const statuses = new Set<number>()
        for (let i = 0; i < 300; i++) statuses.add((await post(t, url, { api_key: store.apiKey, amount: '1' }, address(i % 20))).status)
        assert.equal(statuses.has(429), false, 'no address reached its own limit of 30')
        const r = await post(t, url, { api_key: store.apiKey, amount: '1' }, address(999))
        assert.equal(r.status, 429, JSON.stringify(r.json))
        assert.match(r.json.error ?? '', /^Too many requests; retry in \d+ s\.$/)
        assert.ok(Number(r.retryAfter) > 0 && Number(r.retryAfter) <= 60, `retry-after ${r.retryAfter}`)
        // Another store's budget is its own.
        assert.notEqual((await post(t, url, { api_key: other.apiKey, amount: '1' }, address(999))).status, 429)
      })
    }

    test('the per-address limit still counts: the 31st request from one address is 429, across stores', async () => {
      const from = '10.9.9.9'
      store = await t.createStore('BTC')
      other = await t.createStore('BTC')
      for (let i = 0; i < 30; i++) {
        const key = i % 2 === 0 ? store.apiKey : other.apiKey
        const r = await post(t, '/pay/widget', { api_key: key, amount: '1' }, from)
        assert.notEqual(r.status, 429)
        // The headers are the tighter limit's: the address's (30), not the store's (300).
        assert.deepEqual([r.headers['x-ratelimit-limit'], r.headers['x-ratelimit-remaining']], ['30', String(29 - i)])
      }
      assert.equal((await post(t, '/pay/widget', { api_key: other.apiKey, amount: '1' }, from)).status, 429)
    })
  })
}

for (const dialect of await testDialects()) {
  describe(`KASSA_RATE_LIMIT_ALLOW: listed client addresses are not counted (${dialect.name})`, () => {
    let t: TestKassa
    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_RATE_LIMIT_ALLOW: '10.7.7.7, ::1' } })
    })
    after(() => t.close())

    test('a listed address passes every limit; an unlisted one is still refused at its limit', async () => {
      const store = await t.createStore('BTC')
      for (let i = 0; i < 40; i++) {
        const r = await post(t, '/pay/widget', { api_key: store.apiKey, amount: '1' }, '10.7.7.7')
        assert.notEqual(r.status, 429, `request ${i + 1}`)
        assert.equal(r.headers['x-ratelimit-limit'], undefined)
      }
      for (let i = 0; i < 301; i++) {
        const r = await t.app.inject({ method: 'GET', url: '/api/v1/rates', remoteAddress: '::ffff:10.7.7.7' })
        assert.equal(r.statusCode, 200, `rates request ${i + 1}`)
      }
      for (let i = 0; i < 30; i++)
        assert.notEqual((await post(t, '/pay/widget', { api_key: store.apiKey, amount: '1' }, '10.7.7.8')).status, 429)
      assert.equal((await post(t, '/pay/widget', { api_key: store.apiKey, amount: '1' }, '10.7.7.8')).status, 429)
    })
  })
}

const postgres = (await testDialects()).find((d) => d.name === 'postgres')
describe('two instances on one PostgreSQL database share each limit', { skip: postgres === undefined && 'PostgreSQL unreachable' }, () => {
  let a: TestKassa
  let b: TestKassa
  before(async () => {
    a = await startTestKassa(postgres!)
    b = await startTestKassa(postgres!, {}, a.database)
  })
  after(async () => {
    await b?.close()
    await a?.close()
  })

  test("the second instance sees the first's count: 30 on one, the 31st on the other is 429", async () => {
    const store = await a.createStore('BTC')
    for (let i = 0; i < 30; i++) assert.notEqual((await post(a, '/donate/create', { api_key: store.apiKey }, '10.1.1.1')).status, 429)
    const r = await post(b, '/donate/create', { api_key: store.apiKey }, '10.1.1.1')
    assert.equal(r.status, 429, JSON.stringify(r.json))
    // Another address, on either instance, is not held back by this one.
    assert.notEqual((await post(b, '/donate/create', { api_key: store.apiKey }, '10.1.1.2')).status, 429)
  })

  test("a route's own limit (store logos, 300 a minute per address) is shared too", async () => {
    const url = `/logos/${'0'.repeat(64)}`
    const statuses: number[] = []
    for (let i = 0; i < 150; i++) statuses.push((await a.app.inject({ url, remoteAddress: '10.2.2.2' })).statusCode)
    for (let i = 0; i < 150; i++) statuses.push((await b.app.inject({ url, remoteAddress: '10.2.2.2' })).statusCode)
    assert.deepEqual([...new Set(statuses)], [404])
    assert.equal((await b.app.inject({ url, remoteAddress: '10.2.2.2' })).statusCode, 429)
    // Each limit counts apart: the address that spent the logos' budget still has the others'.
    assert.notEqual((await b.app.inject({ url: '/api/v1/rates', remoteAddress: '10.2.2.2' })).statusCode, 429)
    const store = await a.createStore('BTC')
    assert.notEqual((await post(a, '/donate/create', { api_key: store.apiKey }, '10.2.2.2')).status, 429)
  })
})
