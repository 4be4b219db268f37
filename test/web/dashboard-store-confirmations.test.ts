import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { parseStoreCurrencies } from '../../src/domain/stores/store.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import { followingRedirects } from './dashboard-follow.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// The confirmations field of the dashboard's store forms (new store and settings), over plain
// HTTP on both databases: saved through the store service's rules, refused in the form's own
// error style with what was typed kept.

for (const dialect of await testDialects()) {
  describe(`dashboard store confirmations field (${dialect.name})`, () => {
    let t: TestKassa
    let alice: DashboardClient
    let accountId: string
    let storeId: string
    let base: string

    const row = () => t.kassa.database.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow()
    const settings = (confirmations: string) => ({
      name: 'Shop',
      currency: ['BTC', 'LTC'],
      strategy_BTC: 'unique_address',
      strategy_LTC: 'unique_address',
      expiry_minutes: '30',
      underpay_tolerance: '0',
      confirmations,
      enabled: '1',
      webhook_url: '',
    })

    before(async () => {
      t = await startTestKassa(dialect)
      accountId = (await createDashboardUser(t, 'alice@example.com', { accountName: 'Alice' })).accountId
      const created = await t.kassa.stores.createStore({ name: 'Shop', currencies: parseStoreCurrencies('BTC,LTC'), accountId })
      storeId = created.store.id
      base = `/dashboard/stores/${storeId}`
      alice = followingRedirects(await dashboardClient(t, 'alice@example.com'))
    })
    after(() => t.close())

    test('the settings form shows the field empty with the networks’ defaults, saves "BTC=3, LTC=12" and shows it back', async () => {
      const empty = await alice.get(`${base}/settings`)
      assert.match(empty.html, /<input id="confirmations" name="confirmations" value="" placeholder="BTC=3, LTC=12">/)
      assert.match(empty.html, /by default [^)]*BTC 2[^)]*LTC 6/)
      const r = await alice.post(`${base}/settings`, settings('LTC=12,  BTC=3'))
      assert.equal(r.status, 200, r.html.slice(0, 500))
      assert.match(r.html, /Store settings saved/)
      assert.deepEqual((await t.kassa.stores.getStore(storeId)).confirmations, { BTC: 3, LTC: 12 })
      const shown = await alice.get(`${base}/settings`)
      assert.match(shown.html, /name="confirmations" value="BTC=3, LTC=12"/)
    })

    test('bad input is refused with the form’s error, the typed text kept, and nothing changed', async () => {
      const before = await row()
      const cases: [string, RegExp][] = [
        ['BTC=0', /Confirmations for BTC must be a whole number from 1 to 1000/],
        ['BTC=1001', /Confirmations for BTC must be a whole number from 1 to 1000/],
        ['BTC=2.5', /Confirmations for BTC must be a whole number from 1 to 1000/],
        ['DOGE=3', /Confirmations: unknown currency DOGE/],
        ['ETH=3', /Confirmations: the store does not accept ETH/],
        ['BTC three', /Confirmations: write CURRENCY=N/],
      ]
      for (const [typed, message] of cases) {
        const r = await alice.post(`${base}/settings`, settings(typed))
        assert.equal(r.status, 400, typed)
        assert.match(r.html, new RegExp(`<div class="notice error" role="alert">${message.source}`), `${typed}: the form's error`)
        assert.match(r.html, new RegExp(`name="confirmations" value="${typed.replace(/[.=]/g, (c) => `\\${c}`)}"`), `${typed}: kept`)
      }
      // A threshold for a currency unticked in the same post is refused too.
      const unticked = await alice.post(`${base}/settings`, { ...settings('LTC=6'), currency: ['BTC'] })
      assert.equal(unticked.status, 400)
      assert.match(unticked.html, /the store does not accept LTC/)
      assert.deepEqual(await row(), before)
    })

    test('an empty field clears the store’s thresholds', async () => {
      const r = await alice.post(`${base}/settings`, settings(''))
      assert.equal(r.status, 200)
      assert.deepEqual((await t.kassa.stores.getStore(storeId)).confirmations, {})
    })

    test('a new store from the form takes its thresholds, or is refused with the form’s error', async () => {
      const form = {
        name: 'Second shop',
        mode: 'test',
        currency: ['BTC'],
        strategy_BTC: 'unique_address',
        expiry_minutes: '30',
        underpay_tolerance: '0',
      }
      const bad = await alice.post('/dashboard/stores/new', { ...form, confirmations: 'LTC=6' }, { formPage: '/dashboard/stores/new' })
      assert.equal(bad.status, 400)
      assert.match(bad.html, /Confirmations: the store does not accept LTC/)
      assert.match(bad.html, /name="confirmations" value="LTC=6"/)
      assert.equal((await t.kassa.stores.listAccountStores(accountId)).length, 1)

      const ok = await alice.post('/dashboard/stores/new', { ...form, confirmations: 'BTC=1' }, { formPage: '/dashboard/stores/new' })
      assert.equal(ok.status, 200, ok.html.slice(0, 500))
      const created = (await t.kassa.stores.listAccountStores(accountId)).find((s) => s.name === 'Second shop')
      assert.deepEqual(created?.confirmations, { BTC: 1 })
    })
  })
}
