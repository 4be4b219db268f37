import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  StoreSettingsError,
  formatStoreConfirmations,
  parseStoreConfirmations,
  parseStoreCurrencies,
} from '../../src/domain/stores/store.js'
import type { StoreConfirmations } from '../../src/domain/stores/store.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// The store setting itself: its text form (CLI and dashboard), and the store service's rules,
// which every surface goes through, on both databases.

test('"BTC=3, LTC=12" is parsed and printed back in the currency table’s order; "" is none', () => {
  assert.deepEqual(parseStoreConfirmations('LTC=12, BTC=3'), { LTC: 12, BTC: 3 })
  assert.deepEqual(parseStoreConfirmations(' BTC = 1000 ,'), { BTC: 1000 })
  assert.deepEqual(parseStoreConfirmations(''), {})
  assert.equal(formatStoreConfirmations({ LTC: 12, BTC: 3 }), 'BTC=3, LTC=12')
  assert.equal(formatStoreConfirmations({}), '')
})

test('bad text is refused with a message naming the field, the currency and the rule', () => {
  const cases: [string, RegExp][] = [
    ['BTC=0', /^--confirmations for BTC must be a whole number from 1 to 1000$/],
    ['BTC=1001', /^--confirmations for BTC must be a whole number from 1 to 1000$/],
    ['BTC=1.5', /^--confirmations for BTC must be a whole number from 1 to 1000$/],
    ['BTC=-1', /^--confirmations for BTC must be a whole number from 1 to 1000$/],
    ['BTC=', /^--confirmations for BTC must be a whole number from 1 to 1000$/],
    ['DOGE=3', /^--confirmations: unknown currency DOGE; known: /],
    ['btc=3', /^--confirmations: unknown currency btc/],
    ['BTC=3,BTC=4', /^--confirmations: BTC listed twice$/],
    ['BTC3', /^--confirmations: write CURRENCY=N, e\.g\. BTC=3, LTC=12 \(got "BTC3"\)$/],
  ]
  for (const [text, message] of cases) {
    assert.throws(
      () => parseStoreConfirmations(text, '--confirmations'),
      (err: unknown) => err instanceof StoreSettingsError && message.test(err.message),
      text,
    )
  }
})

for (const dialect of await testDialects()) {
  describe(`store confirmations in the store service (${dialect.name})`, () => {
    let t: TestKassa
    const column = async (id: string) =>
      (await t.kassa.database.db.selectFrom('stores').select('confirmations').where('id', '=', id).executeTakeFirstOrThrow()).confirmations

    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(() => t.close())

    test('the setting survives creation, other updates and every read; {} clears it to NULL', async () => {
      const s = await t.createStore('BTC,LTC', { confirmations: { BTC: 3, LTC: 12 } })
      assert.deepEqual((await t.kassa.stores.getStore(s.storeId)).confirmations, { BTC: 3, LTC: 12 })
      await t.kassa.stores.updateStore(s.storeId, { name: 'Renamed', expiryMinutes: 10 })
      assert.deepEqual((await t.kassa.stores.getStore(s.storeId)).confirmations, { BTC: 3, LTC: 12 })
      assert.deepEqual((await t.kassa.stores.listStores()).find((x) => x.id === s.storeId)?.confirmations, { BTC: 3, LTC: 12 })
      assert.deepEqual((await t.kassa.stores.credentialsByApiKey(s.apiKey))?.store.confirmations, { BTC: 3, LTC: 12 })
      assert.deepEqual((await t.kassa.repos.stores.paymentTerms(s.storeId))?.confirmations, { BTC: 3, LTC: 12 })

      const updated = await t.kassa.stores.updateStore(s.storeId, { confirmations: { LTC: 7 } })
      assert.deepEqual(updated.confirmations, { LTC: 7 }, 'an update replaces the whole map')
      assert.deepEqual((await t.kassa.stores.getStore(s.storeId)).confirmations, { LTC: 7 })

      await t.kassa.stores.updateStore(s.storeId, { confirmations: {} })
      assert.deepEqual((await t.kassa.stores.getStore(s.storeId)).confirmations, {})
      assert.equal(await column(s.storeId), null)
      const none = await t.createStore('BTC')
      assert.deepEqual((await t.kassa.stores.getStore(none.storeId)).confirmations, {})
      assert.equal(await column(none.storeId), null)
    })

    test('dropping a currency drops its threshold and keeps the others', async () => {
      const s = await t.createStore('BTC,LTC', { confirmations: { BTC: 3, LTC: 12 } })
      const updated = await t.kassa.stores.updateStore(s.storeId, { currencies: parseStoreCurrencies('BTC') })
      assert.deepEqual(updated.confirmations, { BTC: 3 })
      assert.deepEqual(JSON.parse((await column(s.storeId))!), { BTC: 3 })
    })

    test('bad thresholds are refused on creation and update, and nothing is written', async () => {
      const s = await t.createStore('BTC', { confirmations: { BTC: 5 } })
      const cases: [StoreConfirmations, RegExp][] = [
        [{ BTC: 0 }, /confirmations for BTC must be a whole number from 1 to 1000/],
        [{ BTC: 1001 }, /confirmations for BTC must be a whole number from 1 to 1000/],
        [{ BTC: 2.5 }, /confirmations for BTC must be a whole number from 1 to 1000/],
        [{ BTC: Number.NaN }, /confirmations for BTC must be a whole number from 1 to 1000/],
        [{ LTC: 6 }, /the store does not accept LTC/],
        [{ DOGE: 3 } as StoreConfirmations, /unknown currency DOGE/],
      ]
      const storesBefore = (await t.kassa.stores.listStores()).length
      for (const [confirmations, message] of cases) {
        const label = JSON.stringify(confirmations)
        await assert.rejects(
          t.kassa.stores.updateStore(s.storeId, { confirmations }),
          (e: unknown) => e instanceof StoreSettingsError && message.test(e.message),
          label,
        )
        await assert.rejects(
          t.kassa.stores.createStore({ name: 'Bad', currencies: parseStoreCurrencies('BTC'), confirmations }),
          (e: unknown) => e instanceof StoreSettingsError && message.test(e.message),
          label,
        )
      }
      // A threshold for a currency the update itself drops is refused too.
      await assert.rejects(
        t.kassa.stores.updateStore(s.storeId, { currencies: parseStoreCurrencies('LTC'), confirmations: { BTC: 3 } }),
        /the store does not accept BTC/,
      )
      assert.deepEqual((await t.kassa.stores.getStore(s.storeId)).confirmations, { BTC: 5 })
      assert.deepEqual((await t.kassa.stores.getStore(s.storeId)).currencies, parseStoreCurrencies('BTC'))
      assert.equal((await t.kassa.stores.listStores()).length, storesBefore)
    })
  })
}
