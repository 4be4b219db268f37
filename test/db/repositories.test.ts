import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { migrateToLatest } from '../../src/db/migrate.js'
import { Repositories } from '../../src/db/repositories/repositories.js'
import { testDialects } from '../support/databases.js'

// The unit of work every service writes through: on each dialect its writes commit together
// or not at all, and a nested `write` joins the transaction it is called in.
for (const dialect of await testDialects()) {
  describe(`Repositories units of work (${dialect.name})`, () => {
    const withRepos = async (fn: (repos: Repositories) => Promise<void>) => {
      const d = await dialect.open()
      try {
        await migrateToLatest(d.handle)
        await fn(Repositories.of(d.handle))
      } finally {
        await d.drop()
      }
    }

    test('a unit that throws leaves nothing behind; one that returns commits all its writes', () =>
      withRepos(async (repos) => {
        await assert.rejects(
          repos.write(async (tx) => {
            await tx.stores.insertAccount('a-1', 'first', 1)
            await tx.stores.insertAccount('a-2', 'second', 2)
            throw new Error('refused halfway')
          }),
          /refused halfway/,
        )
        assert.equal(await repos.stores.accountExists('a-1'), false)
        assert.equal(await repos.stores.accountExists('a-2'), false)
        await repos.write(async (tx) => {
          await tx.stores.insertAccount('a-3', 'third', 3)
          await tx.stores.insertAccount('a-4', 'fourth', 4)
        })
        assert.equal(await repos.stores.firstAccountId(), 'a-3')
        assert.equal(await repos.stores.accountExists('a-4'), true)
      }))

    test('write and transaction inside a unit of work join it: a later failure undoes them too', () =>
      withRepos(async (repos) => {
        await assert.rejects(
          repos.write(async (tx) => {
            await tx.write((inner) => inner.stores.insertAccount('n-1', 'nested write', 1))
            await tx.transaction((inner) => inner.stores.insertAccount('n-2', 'nested transaction', 2))
            assert.equal(await tx.stores.accountExists('n-1'), true, 'the unit sees its own nested writes')
            throw new Error('undo everything')
          }),
          /undo everything/,
        )
        assert.equal(await repos.stores.accountExists('n-1'), false)
        assert.equal(await repos.stores.accountExists('n-2'), false)
      }))

    test('a plain transaction commits or rolls back as one, outside the group commit', () =>
      withRepos(async (repos) => {
        await assert.rejects(
          repos.transaction(async (tx) => {
            await tx.stores.insertAccount('t-1', 'in a failed transaction', 1)
            throw new Error('no')
          }),
        )
        assert.equal(await repos.stores.accountExists('t-1'), false)
        await repos.transaction((tx) => tx.stores.insertAccount('t-2', 'committed', 2))
        assert.equal(await repos.stores.accountExists('t-2'), true)
      }))
  })
}
