import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { OFFLINE_RATE_PRICES } from '../../src/rates/index.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// The payment detail page (issue 15): metadata pretty-printed and escaped, the fiat value and
// the rate at creation (recorded when the payment is made, migration 014), commission and net
// from the ledger, the buyer's page link, the order id; and list ids that tell apart two
// payments made in the same millisecond (UUIDv7 ids share their first characters). Both databases.

const ETH_USD = OFFLINE_RATE_PRICES.eth.usd

for (const dialect of await testDialects()) {
  describe(`payment detail and list ids (${dialect.name})`, () => {
    let t: TestKassa
    let shop: DashboardClient
    let store: StoreCredentials

    const create = async (body: Record<string, unknown>) => {
      const r = await t.request(store, 'POST', '/api/v1/payment/create', body)
      assert.equal(r.status, 200, r.text)
      return r.json.data.payment_id as string
    }
    const detail = async (id: string) => {
      const r = await shop.get(`/dashboard/stores/${store.storeId}/payments/${id}`)
      assert.equal(r.status, 200, r.html.slice(0, 300))
      return r.html
    }
    /** The text of the value cell of the row whose heading is `label`. */
    const row = (html: string, label: string) => {
      const m = new RegExp(`<th scope="row">${label}</th><td>([\\s\\S]*?)</td></tr>`).exec(html)
      assert.ok(m, `a row "${label}"`)
      return m[1]!.replace(/<[^>]+>/g, '').trim()
    }

    before(async () => {
      t = await startTestKassa(dialect)
      const user = await createDashboardUser(t, 'detail@example.com')
      store = await t.createStore('ETH', { accountId: user.accountId, name: 'Detail' })
      shop = await dashboardClient(t, 'detail@example.com')
    })
    after(() => t.close())

    test('metadata is shown indented and escaped, with the order id and the buyer page link', async () => {
      const id = await create({
        amount: '0.5',
        order_id: 'A-<7>',
        metadata: { note: '<script>alert(1)</script>', items: [{ sku: 'x"y', qty: 2 }] },
      })
      const html = await detail(id)
      const pre = /<pre class="mono" id="payment-metadata">([\s\S]*?)<\/pre>/.exec(html)?.[1]
      assert.ok(pre, 'a metadata block')
      assert.ok(!html.includes('<script>alert(1)</script>'), 'no markup from the metadata reaches the page')
      assert.ok(pre.includes('&#60;script&#62;alert(1)&#60;/script&#62;'))
      assert.ok(
        pre.includes('\n  &#34;items&#34;: [\n    {\n      &#34;sku&#34;: &#34;x\\&#34;y&#34;,\n'),
        'two-space indentation, one key a line',
      )
      assert.equal(row(html, 'Order id'), 'A-&#60;7&#62;')
      const link = /<input id="buyer-url" class="mono" readonly value="([^"]+)"/.exec(html)?.[1]
      assert.equal(link, `${t.kassa.config.publicUrl}/pay/${id}`)
    })

    test('a crypto amount: the USD rate of the day is recorded and the fiat value worked out from it', async () => {
      const id = await create({ amount: '0.5' })
      const stored = await t.kassa.database.db
        .selectFrom('payments')
        .select(['rate_fiat', 'rate_price'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.deepEqual(stored, { rate_fiat: 'USD', rate_price: ETH_USD })
      const html = await detail(id)
      assert.equal(row(html, 'Rate at creation'), `1 ETH = ${ETH_USD} USD`)
      assert.equal(row(html, 'Fiat value'), '≈ 1600.00 USD at creation')
    })

    test('a fiat amount: the amount asked for and the rate it was converted at', async () => {
      const id = await create({ fiat_amount: '100', fiat_currency: 'EUR' })
      const html = await detail(id)
      assert.equal(row(html, 'Fiat value'), '100.00 EUR')
      assert.equal(row(html, 'Rate at creation'), `1 ETH = ${OFFLINE_RATE_PRICES.eth.eur} EUR`)
      // A payment from before the rate was kept: worked out from the two amounts, and said so.
      await t.kassa.database.db.updateTable('payments').set({ rate_fiat: null, rate_price: null }).where('id', '=', id).execute()
      const older = await detail(id)
      const amount = /<th scope="row">Amount to pay<\/th><td>([\d.]+) ETH/.exec(older)![1]!
      assert.equal(amount, '0.03344481')
      assert.equal(row(older, 'Rate at creation'), '1 ETH = 2990.000541 EUR (worked out from the amounts; the rate was not recorded)')
    })

    test('commission and net: nothing before the payment completes, then the ledger position', async () => {
      const id = await create({ amount: '2' })
      const open = await detail(id)
      assert.equal(row(open, 'Commission \\(1 %\\)'), '0 ETH')
      assert.equal(row(open, 'Net to the store'), '0 ETH')
      await t.kassa.simulation.pay(id)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(12)
      await t.kassa.runWorkersOnce()
      const done = await detail(id)
      assert.match(done, /<span class="badge completed">/)
      assert.equal(row(done, 'Credited'), '2 ETH')
      assert.equal(row(done, 'Commission \\(1 %\\)'), '0.02 ETH')
      assert.equal(row(done, 'Net to the store'), '1.98 ETH')
      // The transaction links to the network's explorer once one is configured (sim networks have none).
      const tx = /<th scope="row">Transaction<\/th><td><code>([0-9a-fx]+)<\/code>/.exec(done)?.[1]
      assert.ok(tx, 'the hash as text while no explorer is configured')
      const sim = t.kassa.deps.chains.byNetwork('sim-ethereum') as { explorerTxUrl?: string }
      sim.explorerTxUrl = 'https://explorer.example/tx/{tx}'
      try {
        assert.ok(
          (await detail(id)).includes(
            `<a href="https://explorer.example/tx/${tx}" target="_blank" rel="noopener noreferrer"><code>${tx}</code></a>`,
          ),
        )
      } finally {
        delete sim.explorerTxUrl
      }
    })

    test('two payments made in the same millisecond: the list shows ids that differ', async () => {
      // The test clock stands still, so both ids carry the same time: their first 12 characters are equal.
      const a = await create({ amount: '0.1', order_id: 'same-ms-a' })
      const b = await create({ amount: '0.1', order_id: 'same-ms-b' })
      assert.equal(a.slice(0, 13), b.slice(0, 13))
      const list = (await shop.get(`/dashboard/stores/${store.storeId}/payments?q=`)).html
      const shown = (id: string) => new RegExp(`href="[^"]+/payments/${id}"><code title="${id}"[^>]*>([^<]+)</code>`).exec(list)?.[1]
      const [sa, sb] = [shown(a), shown(b)]
      assert.ok(sa && sb, 'both listed')
      assert.notEqual(sa, sb)
      assert.equal(sa, `…${a.slice(-12)}`)
      assert.equal(sb, `…${b.slice(-12)}`)
    })
  })
}
