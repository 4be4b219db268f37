import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { openSqlite } from '../../src/db/dialect.js'
import { fileKassa } from '../support/file-kassa.js'

// Credentials are cached per process on SQLite; a change by another connection (the CLI, in
// another process) must still take effect on the very next request.
describe('store credential cache (sqlite file shared by two connections)', () => {
  const { file, kassa } = fileKassa('kassa-cache-')

  test('a store disabled through another connection is refused on the next request', async () => {
    const t = kassa()
    const store = await t.createStore('BTC')
    assert.equal((await t.request(store, 'GET', '/api/v1/payments')).status, 200)
    assert.equal((await t.request(store, 'GET', '/api/v1/payments')).status, 200, 'now served from the cache')
    const other = await openSqlite(file)
    await other.db.updateTable('stores').set({ enabled: 0 }).where('id', '=', store.storeId).execute()
    await other.close()
    const res = await t.request(store, 'GET', '/api/v1/payments')
    assert.equal(res.status, 403)
    assert.equal(res.json.error, 'This store is disabled.')
  })

  test('a change made in this process applies at once too', async () => {
    const t = kassa()
    const store = await t.createStore('BTC')
    assert.equal((await t.request(store, 'GET', '/api/v1/payments')).status, 200)
    await t.kassa.stores.updateStore(store.storeId, { enabled: false })
    assert.equal((await t.request(store, 'GET', '/api/v1/payments')).status, 403)
    await t.kassa.stores.updateStore(store.storeId, { enabled: true })
    assert.equal((await t.request(store, 'GET', '/api/v1/payments')).status, 200)
  })
})
