import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PAYMENT_CSV_HEADER, csvLine, paymentCsvLine } from '../../src/services/dashboard/payment-csv.js'
import { paymentCsvChunks } from '../../src/services/dashboard/payment-csv-export.js'
import type { PaymentFilter } from '../../src/services/dashboard/payment-search.js'
import { searchPayments } from '../../src/services/dashboard/payment-search.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// The dashboard's CSV export read in keyset pages (issue 16, defect 3): the same bytes as the
// export built at once, in as many chunks as pages, rows sharing a created_at neither lost
// nor repeated at a page boundary.

async function collect(chunks: AsyncGenerator<string>): Promise<string[]> {
  const out: string[] = []
  for await (const c of chunks) out.push(c)
  return out
}

for (const dialect of await testDialects()) {
  describe(`payments CSV export in pages (${dialect.name})`, () => {
    let t: TestKassa
    let shop: StoreCredentials

    /** The export as it was built before: one search of up to 50,000 rows, joined. */
    async function builtAtOnce(filter: PaymentFilter): Promise<string> {
      const { payments } = await searchPayments(t.kassa.repos, shop.storeId, filter, { limit: 50_000, offset: 0 })
      return csvLine(PAYMENT_CSV_HEADER) + payments.map(paymentCsvLine).join('')
    }

    before(async () => {
      t = await startTestKassa(dialect)
      shop = await t.createStore('USDT_TRC20,BTC')
      const orders = ['=SUM(A1)', 'plain,"quoted"', '+1', '@x', 'line\nbreak', '-2', 'ok']
      // 23 payments; the test clock stands still between most of them, so many share a created_at
      // and the page boundaries fall inside such runs.
      for (let i = 0; i < 23; i++) {
        if (i % 6 === 0) t.clock.advance(1000)
        const r = await t.request(shop, 'POST', '/api/v1/payment/create', {
          amount: `${i + 1}.5`,
          currency: i % 3 === 0 ? 'BTC' : 'USDT_TRC20',
          order_id: `${orders[i % orders.length]}-${i}`,
        })
        assert.equal(r.status, 200)
      }
    })
    after(async () => {
      await t.close()
    })

    test('pages of 5: the same bytes as built at once, one chunk per page after the header', async () => {
      const chunks = await collect(paymentCsvChunks(t.kassa.repos, shop.storeId, {}, { pageSize: 5 }))
      assert.equal(chunks.join(''), await builtAtOnce({}))
      assert.equal(chunks.length, 1 + Math.ceil(23 / 5))
      assert.equal(chunks.join('').match(/\r\n(?=[0-9a-f]{8}-)/g)?.length, 23, 'every payment once')
    })

    test('a filter, a page size dividing the rows exactly, and the row cap', async () => {
      const btc = { currency: 'BTC' } as const
      const btcChunks = await collect(paymentCsvChunks(t.kassa.repos, shop.storeId, btc, { pageSize: 4 }))
      assert.equal(btcChunks.join(''), await builtAtOnce(btc))
      assert.equal(btcChunks.length, 1 + 2, '8 BTC payments in 2 pages of 4')
      const capped = await collect(paymentCsvChunks(t.kassa.repos, shop.storeId, {}, { pageSize: 5, maxRows: 12 }))
      const all = (await builtAtOnce({})).split('\r\n')
      assert.equal(capped.join(''), `${all.slice(0, 13).join('\r\n')}\r\n`, 'the header and the 12 newest')
    })

    test('other work runs between pages', async () => {
      let turns = 0
      const ticker = setInterval(() => turns++, 0)
      let seenBetweenPages = 0
      const gen = paymentCsvChunks(t.kassa.repos, shop.storeId, {}, { pageSize: 2 })
      let before = turns
      for await (const _ of gen) {
        if (turns > before) seenBetweenPages++
        before = turns
      }
      clearInterval(ticker)
      assert.ok(seenBetweenPages >= 3, `timers ran between ${seenBetweenPages} pages`)
    })
  })
}
