import { sql } from 'kysely'
import assert from 'node:assert/strict'
import { doctorDeps } from '../../src/services/doctor/doctor-deps.js'
import { runDoctor } from '../../src/services/doctor/run-doctor.js'
import type { TestKassa } from '../support/test-kassa.js'
import type { StoreCredentials } from '../support/signed-client.js'

/** Creates a payment through the signed API and returns its create response data. */
export async function createPayment(t: TestKassa, store: StoreCredentials, body: Record<string, unknown>) {
  const res = await t.request(store, 'POST', '/api/v1/payment/create', body)
  assert.equal(res.status, 200, res.text)
  return res.json.data
}

export async function status(t: TestKassa, store: StoreCredentials, paymentId: string) {
  const res = await t.request(store, 'GET', `/api/v1/payment/${paymentId}`)
  assert.equal(res.status, 200, res.text)
  return res.json.data
}

export async function balance(t: TestKassa, store: StoreCredentials) {
  const res = await t.request(store, 'GET', '/api/v1/merchant/balance')
  assert.equal(res.status, 200, res.text)
  return { json: res.json.data, text: res.text }
}

/** Mines on one network and lets the watchers and expiry sweep see it. */
export async function mine(t: TestKassa, network: string, blocks: number): Promise<void> {
  await t.kassa.simulation.mine(blocks, network)
  await t.kassa.runWorkersOnce()
}

export async function events(t: TestKassa, paymentId: string) {
  const rows = await t.kassa.database.db
    .selectFrom('webhook_events')
    .select(['event', 'body'])
    .where('payment_id', '=', paymentId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ event: r.event, body: JSON.parse(r.body) }))
}

/**
 * The ledger's invariants: every transaction sums to zero, and each balance row equals the
 * sum of its account's entries. Summed in bigint, as the application does.
 */
export async function assertLedgerBalanced(t: TestKassa): Promise<void> {
  const db = t.kassa.database.db
  const entries = await db.selectFrom('ledger_entries').select(['txn_id', 'account', 'currency', 'amount']).execute()
  const byTxn = new Map<string, bigint>()
  const byAccount = new Map<string, bigint>()
  for (const e of entries) {
    byTxn.set(e.txn_id, (byTxn.get(e.txn_id) ?? 0n) + BigInt(e.amount))
    const k = `${e.account}|${e.currency}`
    byAccount.set(k, (byAccount.get(k) ?? 0n) + BigInt(e.amount))
  }
  for (const [txn, sum] of byTxn) assert.equal(sum, 0n, `ledger transaction ${txn} sums to ${sum}`)
  const balances = await db.selectFrom('ledger_balances').selectAll().execute()
  for (const b of balances) {
    assert.equal(BigInt(b.balance), byAccount.get(`${b.account}|${b.currency}`) ?? 0n, `balance of ${b.account}`)
  }
  const total = await sql<{ n: number }>`select count(*) as n from ledger_entries`.execute(db)
  assert.ok(Number(total.rows[0]?.n) === entries.length)
  await assertDoctorClean(t)
}

/** `kassa doctor` finds nothing: every test that ends with assertLedgerBalanced also asserts this. */
export async function assertDoctorClean(t: TestKassa): Promise<void> {
  const report = await runDoctor(doctorDeps(t.kassa.repos, t.kassa.deps.chains))
  const findings = report.checks.filter((c) => c.findings.length > 0)
  assert.deepEqual(findings, [], `kassa doctor found: ${JSON.stringify(findings, null, 1)}`)
}
