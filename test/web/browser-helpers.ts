import type { TestKassa } from '../support/test-kassa.js'

/** Rows of the payments table: what the tests count and read (never through the page). */
export async function paymentCount(t: TestKassa): Promise<number> {
  const r = await t.kassa.database.db
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function paymentIds(t: TestKassa): Promise<Set<string>> {
  return new Set((await t.kassa.database.db.selectFrom('payments').select('id').execute()).map((r) => r.id))
}

/** The one payment created since `before` was taken (the test clock stands still, so no ordering by time). */
export async function newPayment(t: TestKassa, before: Set<string>) {
  const rows = (await t.kassa.database.db.selectFrom('payments').selectAll().execute()).filter((r) => !before.has(r.id))
  if (rows.length !== 1) throw new Error(`expected one new payment, found ${rows.length}`)
  return rows[0]!
}

export async function paymentById(t: TestKassa, id: string) {
  return t.kassa.database.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** Polls until `check` is truthy (or throws after `ms`): the page and server run on their own. */
export async function until<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 10_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Test mode's whole path after a simulate click: the watcher sees the transfer (confirming),
 * then enough blocks are mined for the currency's confirmations (completed).
 */
export async function confirmSimulatedPayment(t: TestKassa, paymentId: string): Promise<void> {
  await until(
    async () => {
      await t.kassa.runWorkersOnce()
      const p = await t.kassa.database.db
        .selectFrom('payments')
        .select(['status', 'amount_received'])
        .where('id', '=', paymentId)
        .executeTakeFirstOrThrow()
      // A part payment leaves the payment pending, with something received.
      return p.status !== 'pending' || p.amount_received !== '0'
    },
    10_000,
    'the simulated transfer to be seen',
  )
  const p = await t.kassa.database.db.selectFrom('payments').select('network').where('id', '=', paymentId).executeTakeFirstOrThrow()
  await t.kassa.simulation.mine(25, p.network)
  await t.kassa.runWorkersOnce()
}
