import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { expectSwapError, swapRequest } from './swap-client.js'

// Retention: 48 h in the API, the order row purged after 96 h, the operator's audit record
// kept for KASSA_SWAP_AUDIT_DAYS (2 here) and then purged too.

const ORDER = {
  addresses: [{ address: '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL', percent: '100', delay: '0' }],
  amount: '1',
  crypto: 'btc',
  network: 'btc',
}

for (const dialect of await testDialects()) {
  describe(`swap retention purge (${dialect.name})`, () => {
    let t: TestKassa
    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_SWAP_AUDIT_DAYS: '5' } })
    })
    after(async () => {
      await t.close()
    })

    test('order row gone after 96 h, audit kept until its period ends', async () => {
      const key = (await t.kassa.swapAccounts.create('Client')).swapApiKey
      const { trackcode } = (await swapRequest(t, 'POST', '/v1/mixer/orders', key, ORDER)).body
      const db = t.kassa.database.db
      const rows = async () => ({
        orders: (await db.selectFrom('swap_orders').select('trackcode').where('trackcode', '=', trackcode).execute()).length,
        audit: (await db.selectFrom('swap_audit').select('id').where('trackcode', '=', trackcode).execute()).length,
      })
      t.clock.advance(49 * 3600_000)
      await t.kassa.runWorkersOnce()
      expectSwapError(await swapRequest(t, 'POST', '/v1/orders/check', key, { trackcode }), 404, 'NOT_FOUND')
      assert.deepEqual(await rows(), { orders: 1, audit: 1 }, 'out of the API, still on record')
      t.clock.advance(48 * 3600_000)
      await t.kassa.runWorkersOnce()
      assert.deepEqual(await rows(), { orders: 0, audit: 1 })
      t.clock.advance(3 * 86_400_000)
      await t.kassa.runWorkersOnce()
      assert.deepEqual(await rows(), { orders: 0, audit: 0 })
    })
  })
}
