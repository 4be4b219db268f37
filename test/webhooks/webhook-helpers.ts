import type { StoreCredentials } from '../support/signed-client.js'
import type { TestKassa } from '../support/test-kassa.js'
import { createPayment, mine } from '../lifecycle/lifecycle-helpers.js'

/** A BTC store whose webhooks go to `url`. */
export async function storeWithWebhook(t: TestKassa, url: string | null): Promise<StoreCredentials> {
  const store = await t.createStore('BTC')
  if (url !== null) await t.kassa.stores.updateStore(store.storeId, { webhookUrl: url })
  return store
}

/** A BTC payment taken to `confirming` (one event) or `completed` (two events). */
export async function paymentWithEvents(
  t: TestKassa,
  store: StoreCredentials,
  to: 'confirming' | 'completed',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const p = await createPayment(t, store, { amount: '0.01', ...extra })
  await t.kassa.simulation.pay(p.payment_id)
  await t.kassa.runWorkersOnce()
  if (to === 'completed') await mine(t, 'sim-bitcoin', 2)
  return p.payment_id as string
}

export async function eventRows(t: TestKassa, paymentId: string) {
  return t.kassa.database.db.selectFrom('webhook_events').selectAll().where('payment_id', '=', paymentId).orderBy('id').execute()
}

export async function attemptRows(t: TestKassa, eventId: number) {
  return t.kassa.database.db.selectFrom('webhook_attempts').selectAll().where('event_id', '=', eventId).orderBy('id').execute()
}
