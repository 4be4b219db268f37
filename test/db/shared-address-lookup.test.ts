import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import type { CompiledQuery, Kysely } from 'kysely'
import { migrateToLatest } from '../../src/db/migrate.js'
import { DepositAddressRepository } from '../../src/db/repositories/deposit-address-repository.js'
import type { Database } from '../../src/db/schema.js'
import type { RepositoryContext } from '../../src/db/repositories/repository-context.js'
import { insertBareStores } from '../support/bare-stores.js'
import { testDialects } from '../support/databases.js'

// Every unique-amount create asks for its store's shared address (DepositAddressRepository.
// sharedAddress). With an operator key (`indexScope: 'network'`) one derivation sequence serves
// every store on the network, so the only index that used to answer, (network,
// derivation_index), walked other stores' addresses in index order until it met one of this
// store's. Migration 020's partial index finds it directly.

const NETWORK = 'tron'
const STORES = 20
const PER_STORE = 250 // payment addresses per store: 5,000 on the network

async function loadAddresses(ctx: RepositoryContext): Promise<void> {
  const db = ctx.db
  await insertBareStores(
    ctx,
    Array.from({ length: STORES }, (_, s) => `store-${s}`),
  )
  const rows: Database['deposit_addresses'][] = []
  // Indexes interleave across stores as one operator sequence hands them out; each store's
  // shared address comes late (index ≥ 4,000), after most of the network's payment addresses.
  let index = 0
  for (let i = 0; i < PER_STORE; i++) {
    for (let s = 0; s < STORES; s++) {
      const shared = i === 200
      rows.push({
        network: NETWORK,
        address: `T${index}`,
        store_id: `store-${s}`,
        derivation_index: index,
        payment_id: shared ? null : `pay-${index}`,
        created_at: 1,
      })
      index++
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('deposit_addresses')
      .values(rows.slice(i, i + 500))
      .execute()
}

for (const dialect of await testDialects()) {
  test(`${dialect.name}: a store's shared address is found by the partial index, not by walking the network's addresses`, async () => {
    const d = await dialect.open()
    try {
      await migrateToLatest(d.handle)
      if (dialect.name === 'postgres') {
        await sql`alter table deposit_addresses set (autovacuum_enabled = false)`.execute(d.handle.db)
      }
      await loadAddresses({ root: d.handle.db, db: d.handle.db, dialect: d.handle.dialect, inTransaction: false })

      // The statement exactly as the repository sends it, caught on its way to the driver.
      const sent: CompiledQuery[] = []
      const catching = {
        executeQuery: (q: CompiledQuery) => {
          sent.push(q)
          return d.handle.db.executeQuery(q)
        },
      } as unknown as Kysely<Database>
      const repo = new DepositAddressRepository({ root: d.handle.db, db: catching, dialect: d.handle.dialect, inTransaction: true })
      const store = STORES - 1
      assert.equal(await repo.sharedAddress(`store-${store}`, NETWORK), `T${200 * STORES + store}`)
      assert.equal(await repo.sharedAddress(`store-${store}`, 'bitcoin'), undefined)
      const q = sent[0] as CompiledQuery

      if (dialect.name === 'sqlite') {
        const planned = await d.handle.db.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` })
        const details = planned.rows.map((r) => r.detail).join(' | ')
        assert.match(details, /USING (COVERING )?INDEX deposit_addresses_shared/, details)
      } else {
        const r = await d.handle.db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>({
          ...q,
          sql: `explain (analyze, format json) ${q.sql}`,
        })
        const plan = JSON.stringify(r.rows[0]?.['QUERY PLAN'])
        assert.match(plan, /"Index Name":"deposit_addresses_shared"/, plan)
      }
    } finally {
      await d.drop()
    }
  })
}
