import type { StoreCredentials } from '../support/signed-client.js'
import { createDashboardUser } from '../support/dashboard.js'
import type { TestKassa } from '../support/test-kassa.js'
import { confirmSimulatedPayment } from './browser-helpers.js'

/** Who the tour signs in as: an operator who also runs a store, so every page is in reach. */
export const TOUR_EMAIL = 'owner@example.com'

export interface DashboardTour {
  store: StoreCredentials
  paymentId: string
  /** Every main dashboard page, by a name for messages, as paths on the test Kassa. */
  pages: { name: string; path: string }[]
  /** Buyer pages in several states: pending (one currency), choice of currencies, completed, unknown id. */
  buyerPages: { name: string; path: string }[]
}

/**
 * A store with a completed test payment (so tables, charts and timelines have rows), a pending
 * one and one with a choice of currencies, and the list of pages the phone, contrast and dark
 * tests walk through. Long values (UUIDs, addresses, hashes) are in it on purpose: they are
 * what widens a page on a phone.
 */
export async function prepareDashboardTour(t: TestKassa): Promise<DashboardTour> {
  const owner = await createDashboardUser(t, TOUR_EMAIL, { operator: true, accountName: 'Corner Shop' })
  const store = await t.createStore('USDT_TRC20,BTC,ETH', { accountId: owner.accountId, name: 'Corner Shop' })
  const createUrl = async (body: unknown): Promise<string> => {
    const r = await t.request(store, 'POST', '/api/v1/payment/create', body)
    if (r.status !== 200) throw new Error(`payment/create: ${r.status} ${r.text}`)
    const url = new URL(r.json.data.payment_url as string)
    return url.pathname + url.search
  }
  const create = async (body: unknown) => (await createUrl(body)).replace(/^\/pay\//, '')
  const paymentId = await create({ amount: '25', currency: 'USDT_TRC20', order_id: 'order-2026-000042-with-a-long-id' })
  await t.kassa.simulation.pay(paymentId)
  await confirmSimulatedPayment(t, paymentId)
  const pending = await createUrl({ amount: '0.125', currency: 'BTC', order_id: 'order-43' })
  const choice = await createUrl({ fiat_amount: '40', fiat_currency: 'USD' })
  const base = `/dashboard/stores/${store.storeId}`
  return {
    store,
    paymentId,
    pages: [
      { name: 'stores', path: '/dashboard/stores' },
      { name: 'store overview', path: base },
      { name: 'payments', path: `${base}/payments` },
      { name: 'payment detail', path: `${base}/payments/${paymentId}` },
      // An open payment: its page carries the forms a completed one does not (mark as paid, …).
      { name: 'open payment detail', path: `${base}/payments/${pending.replace(/^\/pay\//, '').split('?')[0]}` },
      { name: 'donations', path: `${base}/donations` },
      { name: 'balances', path: `${base}/balances` },
      { name: 'withdrawals', path: `${base}/withdrawals` },
      { name: 'webhooks', path: `${base}/webhooks` },
      { name: 'unmatched', path: `${base}/unmatched` },
      { name: 'settings', path: `${base}/settings` },
      { name: 'keys', path: `${base}/keys` },
      { name: 'new store', path: '/dashboard/stores/new' },
      { name: 'security', path: '/dashboard/account' },
      { name: 'partner', path: '/dashboard/partner' },
      { name: 'operator overview', path: '/dashboard/operator' },
      { name: 'operator accounts', path: '/dashboard/operator/accounts' },
      { name: 'operator networks', path: '/dashboard/operator/networks' },
      { name: 'operator rates', path: '/dashboard/operator/rates' },
      { name: 'operator screening', path: '/dashboard/operator/screening' },
      { name: 'operator audit', path: '/dashboard/operator/audit' },
      { name: 'operator swap outputs', path: '/dashboard/operator/swap-outputs' },
      { name: 'operator settings', path: '/dashboard/operator/settings' },
    ],
    buyerPages: [
      { name: 'payment pending', path: pending },
      { name: 'payment choice', path: choice },
      { name: 'payment completed', path: `/pay/${paymentId}` },
      { name: 'payment not found', path: '/pay/00000000-0000-7000-8000-000000000000' },
    ],
  }
}
