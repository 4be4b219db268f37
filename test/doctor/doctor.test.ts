import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Transaction } from 'bitcoinjs-lib'
import { sql } from 'kysely'
import { spentCoinsOf } from '../../src/chains/adapters/bitcoin/bitcoin-send.js'
import { doctorDeps } from '../../src/services/doctor/doctor-deps.js'
import { runDoctor } from '../../src/services/doctor/run-doctor.js'
import type { DoctorReport } from '../../src/services/doctor/run-doctor.js'
import { kassaEnv, makeDataDir, removeDataDir, runCli } from '../samples/server-process.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { doctorLifecycle } from './doctor-fixture.js'
import type { DoctorFixture } from './doctor-fixture.js'

const TOKEN = 'op_' + 'd'.repeat(40)

/** The names of the checks that found something. */
function failing(report: DoctorReport): string[] {
  return report.checks.filter((c) => c.findings.length > 0).map((c) => c.name)
}

function findingIds(report: DoctorReport, check: string): string[] {
  return report.checks.find((c) => c.name === check)!.findings.map((f) => f.id)
}

for (const dialect of await testDialects()) {
  describe(`kassa doctor (${dialect.name})`, () => {
    let t: TestKassa
    let f: DoctorFixture
    const doctor = () => runDoctor(doctorDeps(t.kassa.repos, t.kassa.deps.chains))
    const db = () => t.kassa.database.db
    /** Runs `corrupt`, expects exactly `check` to fail (naming `id` when given), undoes it and expects a clean report again. */
    async function expectCaught(check: string, corrupt: () => Promise<void>, undo: () => Promise<void>, id?: string): Promise<void> {
      await corrupt()
      try {
        const report = await doctor()
        assert.equal(report.ok, false)
        assert.deepEqual(failing(report), [check])
        if (id !== undefined) assert.ok(findingIds(report, check).includes(id), JSON.stringify(report.checks.find((c) => c.name === check)))
      } finally {
        await undo()
      }
      assert.deepEqual(failing(await doctor()), [])
    }

    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_OPERATOR_TOKEN: TOKEN } })
      f = await doctorLifecycle(t)
    })
    after(() => t.close())

    test('a database after a realistic lifecycle passes every check', async () => {
      const report = await doctor()
      assert.deepEqual(failing(report), [], JSON.stringify(report))
      assert.equal(report.ok, true)
      assert.equal(report.checks.length, 8)
      // The lifecycle made what the checks read: without it they would pass on nothing.
      const balances = await db().selectFrom('ledger_balances').select(['account', 'balance']).execute()
      assert.ok(balances.some((b) => b.account.endsWith(':withdrawing') && BigInt(b.balance) > 0n))
      assert.ok(balances.some((b) => b.account.endsWith(':refunding') && BigInt(b.balance) > 0n))
    })

    test('ledger-balanced: an entry with no counterpart (its balance kept in step)', async () => {
      const account = `store:${f.eth.storeId}:available`
      const bump = async (delta: bigint) => {
        const row = await db()
          .selectFrom('ledger_balances')
          .select('balance')
          .where('account', '=', account)
          .where('currency', '=', 'ETH')
          .executeTakeFirstOrThrow()
        await db()
          .updateTable('ledger_balances')
          .set({ balance: (BigInt(row.balance) + delta).toString() })
          .where('account', '=', account)
          .where('currency', '=', 'ETH')
          .execute()
      }
      await expectCaught(
        'ledger-balanced',
        async () => {
          await sql`insert into ledger_entries (txn_id, account, currency, amount, kind, store_id, payment_id, created_at)
                    values ('corrupt-txn', ${account}, 'ETH', '7', 'withdrawal', ${f.eth.storeId}, null, 0)`.execute(db())
          await bump(7n)
        },
        async () => {
          await sql`delete from ledger_entries where txn_id = 'corrupt-txn'`.execute(db())
          await bump(-7n)
        },
        'corrupt-txn',
      )
    })

    test('ledger-balances: a balance row that is not the sum of its entries', async () => {
      const account = `store:${f.eth.storeId}:available`
      const row = await db().selectFrom('ledger_balances').select('balance').where('account', '=', account).executeTakeFirstOrThrow()
      const set = (balance: string) =>
        db().updateTable('ledger_balances').set({ balance }).where('account', '=', account).where('currency', '=', 'ETH').execute()
      await expectCaught(
        'ledger-balances',
        () => set((BigInt(row.balance) + 1n).toString()).then(() => undefined),
        () => set(String(row.balance)).then(() => undefined),
        `${account} ETH`,
      )
    })

    test("payment-ledger: a payment's ledger_credited that its entries do not add up to", async () => {
      const row = await db().selectFrom('payments').select('ledger_credited').where('id', '=', f.ethPaymentId).executeTakeFirstOrThrow()
      const set = (v: string) => db().updateTable('payments').set({ ledger_credited: v }).where('id', '=', f.ethPaymentId).execute()
      await expectCaught(
        'payment-ledger',
        () => set((BigInt(row.ledger_credited) - 1n).toString()).then(() => undefined),
        () => set(String(row.ledger_credited)).then(() => undefined),
        f.ethPaymentId,
      )
    })

    test('payment-events: an ended payment whose webhook event is missing', async () => {
      for (const [id, event] of [
        [f.endedUsdt[0]!, 'payment.completed'],
        [f.endedUsdt[1]!, 'payment.underpaid'],
        [f.endedUsdt[2]!, 'payment.expired'],
      ] as const) {
        const rename = (from: string, to: string) =>
          db().updateTable('webhook_events').set({ event: to }).where('payment_id', '=', id).where('event', '=', from).execute()
        await expectCaught(
          'payment-events',
          () => rename(event, 'payment.gone').then(() => undefined),
          () => rename('payment.gone', event).then(() => undefined),
          id,
        )
      }
    })

    test('amount-slots: two open payments waiting for one amount at one address', async () => {
      const [a, b] = f.openUsdt
      const rows = await db().selectFrom('payments').select(['id', 'amount_with_cents']).where('id', 'in', [a, b]).execute()
      const amountOf = (id: string) => String(rows.find((r) => r.id === id)!.amount_with_cents)
      assert.notEqual(amountOf(a), amountOf(b))
      const set = (v: string) => db().updateTable('payments').set({ amount_with_cents: v }).where('id', '=', b).execute()
      await expectCaught(
        'amount-slots',
        () => set(amountOf(a)).then(() => undefined),
        () => set(amountOf(b)).then(() => undefined),
        b,
      )
    })

    test('payout-nonces: two transactions signed with one nonce from one sender', async () => {
      const insert = (id: string, txHash: string) =>
        sql`insert into payouts (id, kind, network, currency, store_id, payment_id, from_index, from_address, to_address, amount, status, nonce, signed_tx, tx_hash, max_fee, block_height, confirmations, failure_reason, memo, replaces_id, created_at, updated_at, replaced_txs)
            values (${id}, 'sweep', 'sim-ethereum', 'ETH', null, null, null, '0xhot', '0xcold', '1', 'broadcast', 5, 'raw', ${txHash}, '1', null, 0, null, null, null, 0, 0, null)`.execute(
          db(),
        )
      // The unique index payouts_nonce (migration 004) refuses this; the doctor still checks, for a
      // database restored without its indexes or a bug that goes round them. The corruption drops it.
      await expectCaught(
        'payout-nonces',
        async () => {
          await sql`drop index payouts_nonce`.execute(db())
          await insert('corrupt-nonce-1', '0xaaa')
          await insert('corrupt-nonce-2', '0xbbb')
        },
        async () => {
          await sql`delete from payouts where id in ('corrupt-nonce-1', 'corrupt-nonce-2')`.execute(db())
          await sql`create unique index payouts_nonce on payouts (network, from_address, nonce)`.execute(db())
        },
        'corrupt-nonce-2',
      )
    })

    test('payout-coins: two live transactions spending one coin; a batch and a failed payout are not', async () => {
      const coin = Buffer.alloc(32, 7)
      /** A transaction spending `coin`:0, made distinct by its output's value. */
      const spending = (value: bigint) => {
        const tx = new Transaction()
        tx.addInput(coin, 0)
        tx.addOutput(Buffer.from('0014' + '11'.repeat(20), 'hex'), value)
        return { hex: tx.toHex(), id: tx.getId() }
      }
      const [first, second, third] = [spending(1000n), spending(900n), spending(800n)]
      const insert = (id: string, status: string, tx: { hex: string; id: string }) =>
        sql`insert into payouts (id, kind, network, currency, store_id, payment_id, from_index, from_address, to_address, amount, status, nonce, signed_tx, tx_hash, max_fee, block_height, confirmations, failure_reason, memo, replaces_id, created_at, updated_at, replaced_txs)
            values (${id}, 'sweep', 'sim-bitcoin', 'BTC', null, null, null, 'bc1hot', 'bc1cold', '1', ${status}, null, ${tx.hex}, ${tx.id}, '1', null, 0, null, null, null, 0, 0, null)`.execute(
          db(),
        )
      const cleanUp = () => sql`delete from payouts where id like 'corrupt-coin-%'`.execute(db()).then(() => undefined)
      // The sim network spends no coins; Bitcoin's own reading of the bytes stands in for its adapter.
      const withCoins = () =>
        runDoctor({
          ...doctorDeps(t.kassa.repos, t.kassa.deps.chains),
          spentCoins: (network, raw) => (network === 'sim-bitcoin' ? spentCoinsOf(raw) : undefined),
        })
      try {
        await insert('corrupt-coin-1', 'broadcast', first)
        await insert('corrupt-coin-2', 'confirmed', first) // batched into the same transaction
        await insert('corrupt-coin-3', 'failed', third) // dropped: its coin was never spent
        assert.deepEqual(failing(await withCoins()), [])
        await insert('corrupt-coin-4', 'signed', second)
        const report = await withCoins()
        assert.deepEqual(failing(report), ['payout-coins'])
        assert.deepEqual(findingIds(report, 'payout-coins'), ['corrupt-coin-4'])
        assert.match(report.checks.find((c) => c.name === 'payout-coins')!.findings[0]!.detail, new RegExp(`${'07'.repeat(32)}:0`))
      } finally {
        await cleanUp()
      }
      assert.deepEqual(failing(await withCoins()), [])
    })

    test('reserved-balances: a withdrawal marked confirmed without its ledger settlement', async () => {
      const set = (status: string) =>
        db()
          .updateTable('payouts')
          .set({ status: status as 'queued' })
          .where('id', '=', f.openWithdrawalId)
          .execute()
      await expectCaught(
        'reserved-balances',
        () => set('confirmed').then(() => undefined),
        () => set('queued').then(() => undefined),
        `store:${f.eth.storeId}:withdrawing ETH`,
      )
    })

    test('reserved-balances: a refund cancelled without its amount returned', async () => {
      const set = (at: number | null) => db().updateTable('refunds').set({ cancelled_at: at }).where('id', '=', f.openRefundId).execute()
      await expectCaught(
        'reserved-balances',
        () => set(1).then(() => undefined),
        () => set(null).then(() => undefined),
        `store:${f.eth.storeId}:refunding ETH`,
      )
    })

    test('kassa doctor: one line per check, --json, exit 1 on a finding', async (ctx) => {
      // The CLI is another process: it reaches PostgreSQL, not the test's in-memory SQLite.
      const url = t.database.databaseUrl
      if (url === undefined) return ctx.skip('the in-memory SQLite database is not reachable from another process')
      const dir = await makeDataDir()
      const env = kassaEnv({ KASSA_DATA_DIR: dir, DATABASE_URL: url })
      try {
        const clean = await runCli(['doctor'], env)
        assert.equal(clean.code, 0, clean.stderr)
        const lines = clean.stdout.trim().split('\n')
        assert.equal(lines.length, 8)
        for (const line of lines) assert.match(line, /^ok {6}[a-z-]+: /)
        await sql`update payments set ledger_fee = '1' where id = ${f.endedUsdt[2]!}`.execute(db())
        try {
          const broken = await runCli(['doctor'], env)
          assert.equal(broken.code, 1)
          assert.ok(broken.stdout.includes(`FAILED  payment-ledger: 1 finding (${f.endedUsdt[2]})`), broken.stdout)
          const json = await runCli(['doctor', '--json'], env)
          assert.equal(json.code, 1)
          const report = JSON.parse(json.stdout)
          assert.equal(report.ok, false)
          assert.deepEqual(
            report.checks.filter((c: any) => c.findings.length > 0).map((c: any) => c.name),
            ['payment-ledger'],
          )
        } finally {
          await sql`update payments set ledger_fee = '0' where id = ${f.endedUsdt[2]!}`.execute(db())
        }
      } finally {
        await removeDataDir(dir)
      }
    })

    test('GET /operator/v1/doctor: the report behind the operator token, data.ok false on a finding', async () => {
      const get = async (token: string | null) => {
        const res = await fetch(`${t.baseUrl}/operator/v1/doctor`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } })
        return { status: res.status, json: (await res.json()) as any }
      }
      assert.equal((await get(null)).status, 401)
      assert.equal((await get('wrong')).status, 401)
      const clean = await get(TOKEN)
      assert.equal(clean.status, 200)
      assert.equal(clean.json.success, true)
      assert.equal(clean.json.data.ok, true)
      assert.equal(clean.json.data.checks.length, 8)
      await sql`update payments set ledger_fee = '1' where id = ${f.endedUsdt[2]!}`.execute(db())
      try {
        const broken = await get(TOKEN)
        assert.equal(broken.json.data.ok, false)
        const check = broken.json.data.checks.find((c: any) => c.name === 'payment-ledger')
        assert.deepEqual(
          check.findings.map((x: any) => x.id),
          [f.endedUsdt[2]],
        )
      } finally {
        await sql`update payments set ledger_fee = '0' where id = ${f.endedUsdt[2]!}`.execute(db())
      }
    })
  })
}
