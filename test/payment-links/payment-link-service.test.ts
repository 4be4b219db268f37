import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { PaymentLinkInput } from '../../src/domain/payment-links/payment-link.js'
import type { Store } from '../../src/domain/stores/store.js'
import {
  createPaymentLink,
  listPaymentLinks,
  payFromLink,
  paymentLinkPayments,
  publicPaymentLink,
  setPaymentLinkActive,
  storePaymentLink,
} from '../../src/services/payment-links/payment-link-service.js'
import { createDashboardPayment } from '../../src/services/payments/create-dashboard-payment.js'
import { selectCurrency } from '../../src/services/payments/select-currency.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// Payment links and "New payment" in their services, on both databases: what a link makes
// for a buyer, what it refuses (writing nothing), and that the link's payments are found again.

const form = (over: Partial<PaymentLinkInput> = {}): PaymentLinkInput => ({
  title: 'Consultation',
  description: '',
  pricing: 'fixed',
  unit: 'USD',
  amount: '100',
  minAmount: '',
  maxAmount: '',
  currencies: [],
  ...over,
})

for (const dialect of await testDialects()) {
  describe(`payment links in the service (${dialect.name})`, () => {
    let t: TestKassa
    let store: Store
    let other: Store
    let storeCreds: StoreCredentials
    const engine = () => t.kassa.deps
    const count = async (table: 'payments' | 'selections' | 'payment_links') =>
      Number(
        (
          await t.kassa.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    before(async () => {
      t = await startTestKassa(dialect)
      storeCreds = await t.createStore('BTC,ETH,USDT_TRC20')
      store = await t.kassa.stores.getStore(storeCreds.storeId)
      other = await t.kassa.stores.getStore((await t.createStore('BTC')).storeId)
    })
    after(() => t.close())

    test('a fixed USD link limited to BTC makes a BTC payment at today\u2019s rate, tagged with the link', async () => {
      const link = await createPaymentLink(engine(), store, form({ currencies: ['BTC'] }))
      const r = await payFromLink(engine(), t.kassa.rates, link.id, {})
      assert.equal(r.kind, 'payment')
      if (r.kind !== 'payment') return
      // 100 USD at the test table's 97 500 USD/BTC, rounded down (as the Merchant API converts).
      assert.deepEqual(
        [r.payment.currency, r.payment.amountRequested, r.payment.fiatAmount, r.payment.fiatCurrency, r.payment.source],
        ['BTC', 102564n, '100', 'USD', 'link'],
      )
      assert.deepEqual(JSON.parse(r.payment.metadata!), { payment_link_id: link.id })
      // A second buyer, a second later, gets a fresh payment; both are the link's, newest first.
      t.clock.advance(1000)
      const r2 = await payFromLink(engine(), t.kassa.rates, link.id, {})
      assert.ok(r2.kind === 'payment' && r2.payment.id !== r.payment.id)
      const listed = (await paymentLinkPayments(engine(), link)).map((p) => p.id)
      assert.deepEqual(listed, [r2.kind === 'payment' ? r2.payment.id : '', r.payment.id])
    })

    test('another link\u2019s payments and an API payment claiming the id in its metadata are not listed', async () => {
      const a = await createPaymentLink(engine(), store, form({ currencies: ['ETH'], amount: '10' }))
      const b = await createPaymentLink(engine(), store, form({ currencies: ['ETH'], amount: '10' }))
      await payFromLink(engine(), t.kassa.rates, b.id, {})
      const api = await t.request(storeCreds, 'POST', '/api/v1/payment/create', {
        amount: '0.01',
        currency: 'ETH',
        metadata: { payment_link_id: a.id },
      })
      assert.equal(api.status, 200, api.text)
      assert.deepEqual(await paymentLinkPayments(engine(), a), [])
      assert.equal((await paymentLinkPayments(engine(), b)).length, 1)
    })

    test('a link open to all of the store\u2019s currencies makes a selection; the pick\u2019s payment is the link\u2019s', async () => {
      const link = await createPaymentLink(engine(), store, form({ pricing: 'open', amount: '', minAmount: '5', maxAmount: '500' }))
      assert.deepEqual((await publicPaymentLink(engine(), link.id)).choices, [])
      const r = await payFromLink(engine(), t.kassa.rates, link.id, { amount: '40' })
      assert.equal(r.kind, 'selection')
      if (r.kind !== 'selection') return
      assert.deepEqual([r.selection.fiatAmount, r.selection.fiatCurrency, r.selection.source], ['40', 'USD', 'link'])
      const payment = await selectCurrency(engine(), t.kassa.rates, r.selection.token, 'USDT_TRC20')
      assert.equal(payment.source, 'link')
      assert.deepEqual(
        (await paymentLinkPayments(engine(), link)).map((p) => p.id),
        [payment.id],
      )
    })

    test('a link limited to several currencies asks on its page; the buyer\u2019s pick must be one of them', async () => {
      const link = await createPaymentLink(engine(), store, form({ currencies: ['ETH', 'BTC'] }))
      // The store's order, not the ticking order.
      assert.deepEqual((await publicPaymentLink(engine(), link.id)).choices, ['BTC', 'ETH'])
      const before = await count('payments')
      await assert.rejects(payFromLink(engine(), t.kassa.rates, link.id, {}), {
        code: 'REQUEST_INVALID',
        message: 'currency is required (one of BTC, ETH).',
      })
      await assert.rejects(payFromLink(engine(), t.kassa.rates, link.id, { currency: 'USDT_TRC20' }), {
        code: 'REQUEST_INVALID',
        message: 'currency must be one of BTC, ETH for this link.',
      })
      assert.equal(await count('payments'), before)
      const r = await payFromLink(engine(), t.kassa.rates, link.id, { currency: 'ETH' })
      assert.ok(r.kind === 'payment' && r.payment.currency === 'ETH')
    })

    test('a crypto link is paid in that currency, the buyer\u2019s amount within min and max; out of range writes nothing', async () => {
      const link = await createPaymentLink(
        engine(),
        store,
        form({ pricing: 'open', unit: 'ETH', amount: '', minAmount: '0.01', maxAmount: '1' }),
      )
      const before = [await count('payments'), await count('selections')]
      for (const bad of ['0.009', '1.000000000000000001', '-1', '', 'abc', '1'.repeat(5000)]) {
        await assert.rejects(payFromLink(engine(), t.kassa.rates, link.id, { amount: bad }), { code: 'AMOUNT_INVALID' }, bad.slice(0, 20))
      }
      assert.deepEqual([await count('payments'), await count('selections')], before)
      const r = await payFromLink(engine(), t.kassa.rates, link.id, { amount: '0.5' })
      assert.ok(r.kind === 'payment')
      if (r.kind === 'payment') assert.deepEqual([r.payment.currency, r.payment.amountRequested], ['ETH', 500_000_000_000_000_000n])
    })

    test('a deactivated link makes nothing and says so; activated again it works', async () => {
      const link = await createPaymentLink(engine(), store, form({ currencies: ['BTC'] }))
      const off = await setPaymentLinkActive(engine(), store.id, link.id, false)
      assert.equal(off.active, false)
      assert.equal((await storePaymentLink(engine(), store.id, link.id)).active, false)
      const before = await count('payments')
      await assert.rejects(publicPaymentLink(engine(), link.id), { code: 'PAYMENT_LINK_INACTIVE' })
      await assert.rejects(payFromLink(engine(), t.kassa.rates, link.id, {}), { code: 'PAYMENT_LINK_INACTIVE' })
      assert.equal(await count('payments'), before)
      await setPaymentLinkActive(engine(), store.id, link.id, true)
      assert.equal((await payFromLink(engine(), t.kassa.rates, link.id, {})).kind, 'payment')
    })

    test('another store\u2019s link, an unknown id and a malformed one are not found', async () => {
      const link = await createPaymentLink(engine(), store, form())
      await assert.rejects(storePaymentLink(engine(), other.id, link.id), { code: 'PAYMENT_LINK_NOT_FOUND' })
      await assert.rejects(setPaymentLinkActive(engine(), other.id, link.id, false), { code: 'PAYMENT_LINK_NOT_FOUND' })
      assert.equal((await storePaymentLink(engine(), store.id, link.id)).active, true)
      await assert.rejects(publicPaymentLink(engine(), '0190a000-0000-7000-8000-000000000000'), { code: 'PAYMENT_LINK_NOT_FOUND' })
      await assert.rejects(publicPaymentLink(engine(), 'x\u0000y'), { code: 'PAYMENT_LINK_NOT_FOUND' })
      assert.ok(!(await listPaymentLinks(engine(), other.id)).some((l) => l.id === link.id))
    })

    test('a refused link form writes no link', async () => {
      const before = await count('payment_links')
      await assert.rejects(createPaymentLink(engine(), store, form({ title: '' })), { code: 'REQUEST_INVALID' })
      await assert.rejects(createPaymentLink(engine(), store, form({ amount: '1.001' })), { code: 'AMOUNT_INVALID' })
      assert.equal(await count('payment_links'), before)
    })

    test('New payment: the Merchant API\u2019s rules, the description in the metadata; a refusal writes nothing', async () => {
      const r = await createDashboardPayment(engine(), t.kassa.rates, store, {
        amountKind: 'fiat',
        amount: 'ignored',
        fiatAmount: '100',
        fiatCurrency: 'USD',
        currency: 'BTC',
        orderId: 'A-17',
        description: 'Two chairs',
      })
      assert.ok(r.kind === 'payment')
      if (r.kind === 'payment') {
        assert.deepEqual([r.payment.amountRequested, r.payment.orderId, r.payment.source], [102564n, 'A-17', 'api'])
        assert.deepEqual(JSON.parse(r.payment.metadata!), { description: 'Two chairs' })
      }
      const sel = await createDashboardPayment(engine(), t.kassa.rates, store, {
        amountKind: 'crypto',
        amount: '0.001',
        fiatAmount: '',
        fiatCurrency: 'USD',
        currency: '',
        orderId: '',
        description: '',
      })
      assert.ok(sel.kind === 'selection' && sel.selection.baseCurrency === 'BTC' && sel.selection.metadata === null)
      const before = [await count('payments'), await count('selections')]
      const base = { amountKind: 'crypto', amount: '1', fiatAmount: '', fiatCurrency: 'USD', currency: 'BTC', orderId: '', description: '' }
      const bad: [Partial<typeof base>, string][] = [
        [{ amount: '-1' }, 'AMOUNT_INVALID'],
        [{ amount: '0.000000001' }, 'AMOUNT_INVALID'],
        [{ amountKind: 'fiat', fiatAmount: '10', fiatCurrency: 'JPY' }, 'AMOUNT_INVALID'],
        [{ currency: 'LTC' }, 'CURRENCY_NOT_ACCEPTED'],
        [{ orderId: 'o'.repeat(256) }, 'REQUEST_INVALID'],
        [{ description: 'a\u0000b' }, 'REQUEST_INVALID'],
        [{ amountKind: 'gold' }, 'REQUEST_INVALID'],
      ]
      for (const [over, code] of bad) {
        await assert.rejects(
          createDashboardPayment(engine(), t.kassa.rates, store, { ...base, ...over }),
          { code },
          JSON.stringify(over).slice(0, 60),
        )
      }
      assert.deepEqual([await count('payments'), await count('selections')], before)
    })
  })
}
