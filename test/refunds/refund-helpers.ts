import assert from 'node:assert/strict'
import { getAddress } from 'viem'
import { expectOk } from '../http/merchant-api-checks.js'
import type { JsonResponse, StoreCredentials } from '../support/signed-client.js'
import type { TestKassa } from '../support/test-kassa.js'

/** A checksummed Ethereum address (the simulated Ethereum network takes real address rules). */
export const BUYER_ETH = getAddress('0x8ba1f109551bd432803012645ac136ddd64dba72')
/** A Bitcoin testnet address: the wrong network for an ETH refund. */
export const BUYER_BTC = 'tb1qks2ksqltq2uwg3ffrqkujelxcpw8c202kkxzlq'

/** A completed test-mode ETH payment of `amount`, confirmed and credited. */
export async function completedEthPayment(t: TestKassa, store: StoreCredentials, amount = '1'): Promise<string> {
  const p = expectOk(await t.request(store, 'POST', '/api/v1/payment/create', { amount, currency: 'ETH' }))
  await t.kassa.simulation.pay(p.payment_id)
  await t.kassa.runWorkersOnce()
  await t.kassa.simulation.mine(12, 'sim-ethereum')
  await t.kassa.runWorkersOnce()
  const s = expectOk(await t.request(store, 'GET', `/api/v1/payment/${p.payment_id}`))
  assert.equal(s.status, 'completed')
  return p.payment_id as string
}

export function refund(t: TestKassa, store: StoreCredentials, paymentId: string, body?: unknown): Promise<JsonResponse> {
  return t.request(store, 'POST', `/api/v1/payment/${paymentId}/refund`, body)
}

/** A 201 with {"success": true, "data": refund}; returns the refund. */
export function expectCreated(r: JsonResponse): any {
  assert.equal(r.status, 201, `expected 201, got ${r.status}: ${r.text}`)
  assert.equal(r.json?.success, true, r.text)
  return r.json.data
}

/** Runs the payout engine and mines until `done` says so (at most 20 rounds). */
export async function settle(t: TestKassa, done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await t.kassa.runWorkersOnce()
    if (await done()) return
    await t.kassa.simulation.mine(12, 'sim-ethereum')
  }
  assert.fail('the refund was not settled')
}
