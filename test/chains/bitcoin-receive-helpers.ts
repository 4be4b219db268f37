import assert from 'node:assert/strict'
import { ledgerAccount } from '../../src/domain/ledger/ledger-accounts.js'
import { parseAmount } from '../../src/money/index.js'
import type { TestKassa } from '../support/test-kassa.js'
import type { StoreCredentials } from '../support/signed-client.js'

/** Whole coins as text ("0.5") in satoshis (litoshis): both coins count in 1e-8. */
export function sats(text: string): bigint {
  const r = parseAmount(text, 8)
  assert.ok(r.ok, `not an amount: ${text}`)
  return r.atomic
}

/**
 * What the ledger moved to the store's available account for one payment, in satoshis: the
 * payment's credit lines summed (a reorg that takes a credit back posts negative ones), so a
 * double credit shows as twice the amount.
 */
export async function creditedFor(t: TestKassa, storeId: string, paymentId: string): Promise<bigint> {
  const rows = await t.kassa.database.db
    .selectFrom('ledger_entries')
    .select('amount')
    .where('payment_id', '=', paymentId)
    .where('kind', '=', 'payment_credit')
    .where('account', '=', ledgerAccount.available(storeId))
    .execute()
  return rows.reduce((s, r) => s + BigInt(r.amount), 0n)
}

export interface CoinBalance {
  available: bigint
  pending: bigint
  totalReceived: bigint
}

/** The store's balance in one coin as GET /merchant/balance prints it, read from the JSON text exactly. */
export async function coinBalance(t: TestKassa, store: StoreCredentials, coin: 'BTC' | 'LTC'): Promise<CoinBalance> {
  const res = await t.request(store, 'GET', '/api/v1/merchant/balance')
  assert.equal(res.status, 200, res.text)
  const body = new RegExp(`"${coin}":\\{([^}]*)\\}`).exec(res.text)?.[1]
  if (body === undefined) return { available: 0n, pending: 0n, totalReceived: 0n }
  const field = (name: string) => {
    const text = new RegExp(`"${name}":(-?[0-9.]+)`).exec(body)?.[1]
    assert.ok(text !== undefined, `${name} in ${body}`)
    return text.startsWith('-') ? -sats(text.slice(1)) : sats(text)
  }
  return { available: field('available'), pending: field('pending'), totalReceived: field('total_received') }
}

/** The transfers recorded for a payment (orphaned and gone ones too), by transaction. */
export async function transfersOf(t: TestKassa, paymentId: string) {
  return t.kassa.deps.repos.chain.transfersOfPayment(paymentId)
}

/** The derivation index Kassa stored for a deposit address. */
export async function derivationIndexOf(t: TestKassa, address: string): Promise<number> {
  const row = await t.kassa.database.db
    .selectFrom('deposit_addresses')
    .select('derivation_index')
    .where('address', '=', address)
    .executeTakeFirstOrThrow()
  return Number(row.derivation_index)
}
