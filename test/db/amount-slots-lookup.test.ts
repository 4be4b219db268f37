import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'
import type { CompiledQuery } from 'kysely'
import pg from 'pg'
import { POSTGRES } from '../../src/db/dialect.js'
import { migrateToLatest, migrationsFor } from '../../src/db/migrate.js'
import { PaymentRepository } from '../../src/db/repositories/payment-repository.js'
import type { Database } from '../../src/db/schema.js'
import { uniqueAmountCandidates } from '../../src/domain/payments/unique-amount.js'
import { testDialects } from '../support/databases.js'
import type { TestDatabase } from '../support/databases.js'

// The unique-amount lookup of every create (PaymentRepository.heldAmountsBetween): the amounts
// held at a store's shared address between its first and last of 99 candidates. All of a
// store's slots share one (currency, address), so only the amount can narrow the primary-key
// scan. Issue 17: on a
// fresh PostgreSQL database (autovacuum off, never analyzed) the planner put the
// `amount IN (…99…)` in a Filter, and each create read every slot of the address: 54 ms per
// create after 30k rows. On SQLite, where amounts are text, the candidates' text range also
// held every longer amount starting the same way ('1010000'…'1990000' took in 10.xx … 19.xx,
// 100.xx … 199.xx … USDT): the key's digit count (migration 019) keeps it to their width.

const CURRENCY = 'USDT_TRC20'
const ADDRESS = 'TSharedAddressOfTheStore000000000'
const STEP = 10_000n // 0.01 USDT in atomic units (currencies.ts)
const SLOTS = 99
const LOADED = 30_000

/** One slot per whole USDT from 1 to 30,000, each base's first cent: as 30k payments of distinct amounts. */
const loadedAmounts = Array.from({ length: LOADED }, (_, i) => BigInt(i + 1) * 1_000_000n + STEP)
/** Beside the load: more cents of base 15,000, an amount off the cent grid, and slots across a digit boundary. */
const extraAmounts = [15_000_020_000n, 15_000_050_000n, 15_000_015_000n, 990_000n, 1_000_000n]

async function loadSlots(db: Kysely<Database>): Promise<void> {
  const all = [...loadedAmounts, ...extraAmounts]
  for (let i = 0; i < all.length; i += 1000) {
    await db
      .insertInto('amount_slots')
      .values(
        all.slice(i, i + 1000).map((amount, j) => ({
          currency: CURRENCY,
          address: ADDRESS,
          amount_digits: amount.toString().length,
          amount: amount.toString(),
          payment_id: `p-${i + j}`,
        })),
      )
      .execute()
  }
}

const held = new Set([...loadedAmounts, ...extraAmounts])
/** What a create whose candidates are `candidates` (ascending) is told is held: every held amount between its ends. */
const expectedHeld = (candidates: bigint[]) => new Set([...held].filter((a) => a >= candidates[0]! && a <= candidates.at(-1)!))
const heldFor = (repo: PaymentRepository, candidates: bigint[], address = ADDRESS) =>
  repo.heldAmountsBetween(CURRENCY, address, candidates[0]!, candidates.at(-1)!)
const ascending = (s: Set<bigint>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

async function withLoadedDatabase(open: () => Promise<TestDatabase>, fn: (d: TestDatabase) => Promise<void>): Promise<void> {
  const d = await open()
  try {
    await migrateToLatest(d.handle)
    if (d.handle.dialect.name === 'postgres') {
      // As on a server with autovacuum off: no statistics are gathered while the rows load.
      await sql`alter table amount_slots set (autovacuum_enabled = false)`.execute(d.handle.db)
    }
    await loadSlots(d.handle.db)
    await fn(d)
  } finally {
    await d.drop()
  }
}

const dialects = await testDialects()

for (const dialect of dialects) {
  test(`${dialect.name}: heldAmountsBetween answers exactly the held amounts between a create's first and last candidate, among 30k slots at one address`, () =>
    withLoadedDatabase(
      () => dialect.open(),
      async (d) => {
        const repo = new PaymentRepository({ root: d.handle.db, db: d.handle.db, dialect: d.handle.dialect, inTransaction: false })
        // Base 15,000 USDT: cents 1, 2 and 5 are held, and 15,000.015, off the grid (no
        // candidate: harmless to the create, which asks only about its candidates).
        const mid = uniqueAmountCandidates(15_000_000_000n, STEP, SLOTS)
        assert.deepEqual(ascending(await heldFor(repo, mid)), [15_000_010_000n, 15_000_015_000n, 15_000_020_000n, 15_000_050_000n])
        // Base 0.95 USDT: candidates 0.96 … 1.94 cross from six digits to seven (TEXT on SQLite).
        const small = uniqueAmountCandidates(950_000n, STEP, SLOTS)
        assert.deepEqual(ascending(await heldFor(repo, small)), [990_000n, 1_000_000n, 1_010_000n])
        // Across three widths (6, 7 and 8 digits): 0.99 … 10.01 USDT.
        const wide = [990_000n, 10_010_000n]
        assert.deepEqual(await heldFor(repo, wide), expectedHeld(wide))
        assert.equal((await heldFor(repo, wide)).size, 12)
        // Another address holds nothing.
        assert.equal((await heldFor(repo, mid, 'TOtherAddress')).size, 0)
      },
    ))

  test(`${dialect.name}: heldAmountsBetween reads no slot outside the candidates' window, whatever amounts share their leading digits`, () =>
    withLoadedDatabase(
      () => dialect.open(),
      async (d) => {
        // Every row any statement returns, counted as the driver hands it back.
        let rowsRead = 0
        const counted = d.handle.db.withPlugin({
          transformQuery: (args) => args.node,
          transformResult: async (args) => {
            rowsRead += args.result.rows.length
            return args.result
          },
        })
        const repo = new PaymentRepository({ root: counted, db: counted, dialect: d.handle.dialect, inTransaction: false })
        // Base 1.00 USDT: as text '1010000'…'1990000' would also take in 10.xx … 19.xx,
        // 100.xx … 199.xx, 1,000 … 1,999 and 10,000 … 19,999 USDT: 11,110 of the loaded slots.
        const candidates = uniqueAmountCandidates(1_000_000n, STEP, SLOTS)
        rowsRead = 0
        const got = await heldFor(repo, candidates)
        assert.deepEqual(got, expectedHeld(candidates))
        assert.ok(got.size > 0)
        assert.ok(rowsRead <= SLOTS, `the lookup read ${rowsRead} slots for ${SLOTS} candidates`)
      },
    ))
}

for (const dialect of dialects) {
  test(`${dialect.name}: migration 019 keeps the slots held before it, each with its width, and they still block their amounts`, async () => {
    const d = await dialect.open()
    try {
      const all = migrationsFor(d.handle.dialect)
      const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '019'))
      const migrator = new Migrator({
        db: d.handle.db,
        provider: { getMigrations: async () => before },
        migrationTableName: 'kassa_migrations',
        migrationLockTableName: 'kassa_migrations_lock',
      })
      const { error } = await migrator.migrateToLatest()
      assert.equal(error, undefined)
      // Held under the old key: no width.
      const old = [990_000n, 1_010_000n, 15_000_010_000n]
      for (const [i, amount] of old.entries()) {
        await sql`insert into amount_slots (currency, address, amount, payment_id) values (${CURRENCY}, ${ADDRESS}, ${amount.toString()}, ${`old-${i}`})`.execute(
          d.handle.db,
        )
      }
      assert.deepEqual(
        await migrateToLatest(d.handle),
        Object.keys(all).filter((name) => name >= '019'),
      )
      const rows = await d.handle.db
        .selectFrom('amount_slots')
        .select(['amount', 'amount_digits', 'payment_id'])
        .orderBy('payment_id')
        .execute()
      assert.deepEqual(
        rows.map((r) => [BigInt(r.amount), Number(r.amount_digits), r.payment_id]),
        old.map((a, i) => [a, a.toString().length, `old-${i}`]),
      )
      const repo = new PaymentRepository({ root: d.handle.db, db: d.handle.db, dialect: d.handle.dialect, inTransaction: false })
      const candidates = uniqueAmountCandidates(950_000n, STEP, SLOTS)
      assert.deepEqual(ascending(await heldFor(repo, candidates)), [990_000n, 1_010_000n])
      assert.equal(await repo.claimAmount(CURRENCY, ADDRESS, 1_010_000n, 'new'), false, 'a slot held before the migration is still taken')
    } finally {
      await d.drop()
    }
  })
}

/** Every plan node of an EXPLAIN (FORMAT JSON) answer. */
function planNodes(node: Record<string, unknown>): Record<string, unknown>[] {
  const children = (node.Plans as Record<string, unknown>[] | undefined) ?? []
  return [node, ...children.flatMap(planNodes)]
}

const postgres = dialects.find((d) => d.name === 'postgres')

test(
  'postgres: without statistics (autovacuum off, never analyzed) the lookup stays an index range over the candidates, not over the address',
  { skip: postgres ? false : 'PostgreSQL is not reachable (set KASSA_REQUIRE_POSTGRES=1 to fail instead)' },
  () =>
    withLoadedDatabase(
      () => (postgres as NonNullable<typeof postgres>).open(),
      async (d) => {
        // The statement exactly as the repository sends it, caught on a pool of its own.
        const pool = new pg.Pool({ connectionString: d.databaseUrl, max: 1 })
        const sent: CompiledQuery[] = []
        const db = new Kysely<Database>({
          dialect: new PostgresDialect({ pool }),
          log: (e) => {
            if (e.level === 'query') sent.push(e.query)
          },
        })
        try {
          const stats = await sql<{ reltuples: number }>`select reltuples from pg_class where relname = 'amount_slots'`.execute(db)
          assert.equal(Number(stats.rows[0]?.reltuples), -1, 'the table must never have been analyzed for this test to mean anything')

          const repo = new PaymentRepository({ root: db, db, dialect: POSTGRES, inTransaction: false })
          sent.length = 0
          const candidates = uniqueAmountCandidates(15_000_000_000n, STEP, SLOTS)
          assert.equal((await heldFor(repo, candidates)).size, 4)
          assert.equal(sent.length, 1)
          const q = sent[0] as CompiledQuery

          const client = await pool.connect()
          let plan: Record<string, unknown>
          try {
            const r = await client.query(`explain (analyze, format json) ${q.sql}`, q.parameters as unknown[])
            plan = (r.rows[0]['QUERY PLAN'] as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan
          } finally {
            client.release()
          }
          const scan = planNodes(plan).find((n) => n['Relation Name'] === 'amount_slots')
          assert.ok(scan, `no scan of amount_slots in ${JSON.stringify(plan)}`)
          assert.match(String(scan['Node Type']), /^Index (Only )?Scan$/, JSON.stringify(scan))
          assert.equal(scan['Index Name'], 'amount_slots_pk')
          // The amount bounds the index scan itself, not a filter applied after it.
          assert.match(String(scan['Index Cond']), /\bamount\b/, `amount is not in the index condition: ${JSON.stringify(scan)}`)
          // What the scan read: the rows it returned plus those a filter threw away. Bounded by
          // the candidates' window (99 cents), whatever the number of slots at the address.
          const visited = Number(scan['Actual Rows']) + Number(scan['Rows Removed by Filter'] ?? 0)
          assert.ok(visited <= SLOTS, `the lookup read ${visited} index entries of ${LOADED + extraAmounts.length} for ${SLOTS} candidates`)
        } finally {
          await db.destroy()
        }
      },
    ),
)
