import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import assert from 'node:assert/strict'
import { after, before } from 'node:test'
import BetterSqlite3 from 'better-sqlite3'
import { openSqlite } from '../../src/db/dialect.js'
import type { TestDialect } from './databases.js'
import { startTestKassa } from './test-kassa.js'
import type { TestKassa } from './test-kassa.js'
import type { StoreCredentials } from './signed-client.js'

/**
 * A test Kassa on an SQLite file (not in memory), started before the suite's tests and removed
 * after them: for tests that open a second connection to the same file, as the CLI would.
 */
export function fileKassa(prefix: string): { file: string; kassa: () => TestKassa } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const file = join(dir, 'kassa.sqlite')
  const dialect: TestDialect = {
    name: 'sqlite',
    open: async () => {
      const handle = await openSqlite(file)
      return { handle, databaseUrl: undefined, drop: () => handle.close() }
    },
  }
  let t: TestKassa | undefined
  before(async () => {
    t = await startTestKassa(dialect)
  })
  after(async () => {
    await t?.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return {
    file,
    kassa: () => {
      if (!t) throw new Error('fileKassa: used before the suite started')
      return t
    },
  }
}

/** A BTC store and a pending payment on it, made through the signed API. */
export async function storeWithPayment(t: TestKassa, orderId: string): Promise<{ store: StoreCredentials; id: string }> {
  const store = await t.createStore('BTC')
  const created = await t.request(store, 'POST', '/api/v1/payment/create', { amount: '0.001', order_id: orderId })
  assert.equal(created.status, 200)
  return { store, id: created.json.data.payment_id as string }
}

/** Sets a payment's status through a connection Kassa does not know of, as the CLI would. */
export function setStatusFromOutside(file: string, paymentId: string, status: string): void {
  const outsider = new BetterSqlite3(file)
  try {
    outsider.prepare('update payments set status = ? where id = ?').run(status, paymentId)
  } finally {
    outsider.close()
  }
}
