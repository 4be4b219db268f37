import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createPaymentLink } from '../../src/services/payment-links/payment-link-service.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// Payment links and "New payment" over HTTP (issue 15): the dashboard's forms (303 + flash,
// every field's bad input, CSRF, other accounts' ids), the public /link/{id} page (fixed and
// buyer-chosen amounts, bad amounts, an inactive link, cross-site posts, the rate limit).

const VALID_LINK = {
  title: 'Consultation',
  description: 'One hour, video call',
  pricing: 'fixed',
  unit: 'USD',
  amount: '100',
  min_amount: '',
  max_amount: '',
}

for (const dialect of await testDialects()) {
  describe(`payment links and New payment over HTTP (${dialect.name})`, () => {
    let t: TestKassa
    let shop: DashboardClient
    let stranger: DashboardClient
    let store: StoreCredentials
    let base: string

    const count = async (table: 'payments' | 'selections' | 'payment_links') =>
      Number(
        (
          await t.kassa.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    /** A buyer's browser posting the link's own form: same-origin headers, as Chromium sends them. */
    const buyerPost = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${t.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.baseUrl, 'sec-fetch-site': 'same-origin', ...headers },
        body: new URLSearchParams(fields).toString(),
      }).then(async (r) => ({ status: r.status, html: await r.text(), location: r.headers.get('location') }))
    const page = (path: string) => fetch(`${t.baseUrl}${path}`).then(async (r) => ({ status: r.status, html: await r.text() }))

    async function newLink(fields: Record<string, string | string[]>): Promise<string> {
      const r = await shop.post(`${base}/links`, fields)
      assert.equal(r.status, 303, r.html.slice(0, 400))
      const id = /\/links\/([0-9a-f-]{36})$/.exec(r.location ?? '')?.[1]
      assert.ok(id, r.location ?? '')
      return id
    }

    before(async () => {
      t = await startTestKassa(dialect)
      const { accountId } = await createDashboardUser(t, 'links@example.com', { accountName: 'Links shop' })
      await createDashboardUser(t, 'stranger@example.com', { accountName: 'Other' })
      store = await t.createStore('BTC,ETH,USDT_TRC20', { accountId, name: 'Chairs & Co' })
      base = `/dashboard/stores/${store.storeId}`
      shop = await dashboardClient(t, 'links@example.com')
      stranger = await dashboardClient(t, 'stranger@example.com')
    })
    after(() => t?.close())

    test('the sidebar names New payment and Payment links', async () => {
      const r = await shop.get(`${base}/payments`)
      assert.match(r.html, new RegExp(`href="${base}/new-payment"[^>]*>New payment<`))
      assert.match(r.html, new RegExp(`href="${base}/links"[^>]*>Payment links<`))
    })

    test('create a link: 303 to its page with a one-time message; listed; a reload makes no second link', async () => {
      const before = await count('payment_links')
      const id = await newLink({ ...VALID_LINK, currencies: ['BTC'] })
      const shown = await shop.get(`${base}/links/${id}`)
      assert.equal(shown.status, 200)
      assert.match(shown.html, /Payment link created/)
      assert.ok(shown.html.includes(`${t.kassa.config.publicUrl}/link/${id}`), 'the public link to share')
      assert.match(shown.html, /100 USD · currencies: BTC/)
      const again = await shop.get(`${base}/links/${id}`)
      assert.doesNotMatch(again.html, /Payment link created/)
      assert.equal(await count('payment_links'), before + 1)
      const list = await shop.get(`${base}/links`)
      assert.ok(list.html.includes(`href="${base}/links/${id}">Consultation</a>`))
    })

    test('every field\u2019s bad input re-renders the form with its message and writes nothing', async () => {
      const before = await count('payment_links')
      const cases: [Record<string, string | string[]>, RegExp][] = [
        [{ title: '' }, /Title is required/],
        [{ title: 'T'.repeat(101) }, /Title must be at most 100 characters/],
        [{ description: 'D'.repeat(501) }, /Description must be at most 500 characters/],
        [{ pricing: 'whatever' }, /Pricing must be/],
        [{ unit: 'DOGE' }, /Unit must be a fiat currency/],
        [{ unit: 'LTC' }, /Unit must be a fiat currency .* BTC, ETH, USDT_TRC20/],
        [{ amount: '' }, /Amount is required for a fixed price/],
        [{ amount: '-3' }, /Amount must be a positive decimal/],
        [{ amount: '1.005' }, /Amount has more than 2 decimal places/],
        [{ amount: '7'.repeat(30) }, /Amount is too large/],
        [{ unit: 'BTC', amount: '0.123456789' }, /Amount has more than 8 decimal places, the precision of BTC/],
        [{ pricing: 'open', min_amount: '50', max_amount: '10' }, /Min_amount must not be more than max_amount/],
        [{ pricing: 'open', max_amount: '1e9' }, /Max_amount must be a positive decimal/],
        [{ currencies: ['LTC'] }, /Currencies: LTC is not one of the store/],
      ]
      for (const [over, message] of cases) {
        const r = await shop.post(`${base}/links`, { ...VALID_LINK, ...over })
        assert.equal(r.status, 400, JSON.stringify(over).slice(0, 80))
        assert.match(r.html, message, JSON.stringify(over).slice(0, 80))
        assert.match(r.html, /id="new-link"/, 'the form comes back')
      }
      // A control character is refused at the edge (issue 16), before the form is read.
      const nul = await shop.post(`${base}/links`, { ...VALID_LINK, title: 'Nul\u0000byte' })
      assert.equal(nul.status, 400)
      assert.match(nul.html, /title must not contain control characters/)
      // The merchant's input comes back in the form.
      const r = await shop.post(`${base}/links`, { ...VALID_LINK, title: 'Kept title', amount: '-3' })
      assert.match(r.html, /id="title"[^>]*value="Kept title"/)
      assert.equal(await count('payment_links'), before)
    })

    test('without the CSRF token, or on another account\u2019s store, nothing is created', async () => {
      const before = await count('payment_links')
      const noCsrf = await shop.post(`${base}/links`, VALID_LINK, { csrf: null })
      assert.equal(noCsrf.status, 403)
      const foreign = await stranger.post(`${base}/links`, VALID_LINK, { formPage: '/dashboard/stores' })
      assert.equal(foreign.status, 404)
      assert.equal(await count('payment_links'), before)
      const id = await newLink(VALID_LINK)
      assert.equal((await stranger.get(`${base}/links/${id}`)).status, 404)
      const off = await stranger.post(`${base}/links/${id}/deactivate`, {}, { formPage: '/dashboard/stores' })
      assert.equal(off.status, 404)
      assert.equal((await page(`/link/${id}`)).status, 200, 'still active')
    })

    test('a fixed link: the buyer sees title and amount, presses Pay, lands on a payment of that amount; the link lists it', async () => {
      const id = await newLink({ ...VALID_LINK, currencies: ['BTC'] })
      const shown = await page(`/link/${id}`)
      assert.equal(shown.status, 200)
      assert.match(shown.html, /<h1 id="link-title">Consultation<\/h1>/)
      assert.match(shown.html, /id="link-amount">100 USD</)
      assert.match(shown.html, /id="store-name">Chairs &#38; Co</, 'the store heads the page')
      assert.doesNotMatch(shown.html, /name="amount"/, 'no amount field on a fixed link')
      const paid = await buyerPost(`/link/${id}`, {})
      assert.equal(paid.status, 303, paid.html.slice(0, 300))
      const pid = /^\/pay\/([0-9a-f-]{36})$/.exec(paid.location ?? '')?.[1]
      assert.ok(pid, paid.location ?? '')
      const status = JSON.parse((await t.request(store, 'GET', `/api/v1/payment/${pid}`)).text).data
      assert.equal(status.currency, 'BTC')
      assert.equal(String(status.amount_requested), '0.00102564')
      const listed = await shop.get(`${base}/links/${id}`)
      assert.ok(listed.html.includes(`${base}/payments/${pid}`), 'the link\u2019s page lists its payment')
    })

    test('a buyer-chosen amount: bad amounts come back with a clear message and no payment; a good one pays', async () => {
      const id = await newLink({
        ...VALID_LINK,
        pricing: 'open',
        amount: '',
        min_amount: '5',
        max_amount: '500',
        currencies: ['ETH', 'BTC'],
      })
      const shown = await page(`/link/${id}?lang=de`)
      assert.match(shown.html, /name="amount"/)
      assert.match(shown.html, /Zwischen 5 und 500 USD/)
      assert.match(
        shown.html,
        /<select id="currency" name="currency"><option value="BTC">Bitcoin<\/option><option value="ETH">Ethereum \(ETH\)<\/option>/,
      )
      assert.match(shown.html, />Bezahlen</)
      const before = [await count('payments'), await count('selections')]
      const cases: [Record<string, string>, RegExp][] = [
        [{ amount: '', currency: 'BTC' }, /amount is required/],
        [{ amount: '-10', currency: 'BTC' }, /amount must be a positive decimal/],
        [{ amount: '10.001', currency: 'BTC' }, /amount has more than 2 decimal places/],
        [{ amount: '4.99', currency: 'BTC' }, /amount must be at least 5 USD/],
        [{ amount: '500.01', currency: 'BTC' }, /amount must be at most 500 USD/],
        [{ amount: '9'.repeat(30_000), currency: 'BTC' }, /amount is too large/],
        [{ amount: 'x'.repeat(30_000), currency: 'BTC' }, /amount must be a positive decimal/],
        [{ amount: '10', currency: 'USDT_TRC20' }, /currency must be one of BTC, ETH for this link/],
        [{ amount: '10' }, /currency is required \(one of BTC, ETH\)/],
      ]
      for (const [fields, message] of cases) {
        const r = await buyerPost(`/link/${id}`, fields)
        assert.equal(r.status, 400, `${JSON.stringify(fields).slice(0, 60)}: ${r.html.slice(0, 200)}`)
        assert.match(r.html, /id="link-error"/)
        assert.match(r.html, message, JSON.stringify(fields).slice(0, 60))
        assert.match(r.html, /id="link-form"/, 'the form comes back')
        assert.ok(r.html.length < 20_000, 'a huge input is not echoed back whole')
      }
      const nul = await buyerPost(`/link/${id}`, { amount: '1\u00000', currency: 'BTC' })
      assert.equal(nul.status, 400)
      assert.match(nul.html, /amount must not contain control characters/)
      // Past the body limit: refused before the form is read, with the reason.
      const huge = await buyerPost(`/link/${id}`, { amount: '9'.repeat(100_000), currency: 'BTC' })
      assert.equal(huge.status, 400)
      assert.match(huge.html, /Request body is larger than 64 KiB/)
      assert.deepEqual([await count('payments'), await count('selections')], before)
      const paid = await buyerPost(`/link/${id}?lang=de`, { amount: '40', currency: 'ETH' })
      assert.equal(paid.status, 303)
      assert.match(paid.location ?? '', /^\/pay\/[0-9a-f-]{36}\?lang=de$/)
    })

    test('a crypto link names its network: the ticker with the amount, the network under it', async () => {
      const id = await newLink({ ...VALID_LINK, unit: 'USDT_TRC20', amount: '25' })
      const shown = await page(`/link/${id}`)
      assert.match(shown.html, /id="link-amount">25 USDT</)
      assert.match(shown.html, /id="link-network">USDT on TRON \(TRC-20\)</)
      assert.doesNotMatch(shown.html, /name="currency"/, 'a crypto link takes that currency only')
    })

    test('a link open to every currency sends the buyer to the selection page', async () => {
      const id = await newLink({ ...VALID_LINK, pricing: 'open', amount: '' })
      assert.doesNotMatch((await page(`/link/${id}`)).html, /name="currency"/)
      const r = await buyerPost(`/link/${id}`, { amount: '25' })
      assert.equal(r.status, 303)
      assert.match(r.location ?? '', /^\/pay\/select\?token=[A-Za-z0-9_-]{32}$/)
    })

    test('deactivate: 303 with a message; the public page then says so (404 with text), and a post makes nothing', async () => {
      const id = await newLink({ ...VALID_LINK, currencies: ['BTC'] })
      const off = await shop.post(`${base}/links/${id}/deactivate`, {}, { formPage: `${base}/links/${id}` })
      assert.equal(off.status, 303)
      assert.equal(off.location, `${base}/links/${id}`)
      const shown = await shop.get(off.location!)
      assert.match(shown.html, /Payment link deactivated/)
      assert.match(shown.html, /badge inactive/)
      const gone = await page(`/link/${id}`)
      assert.equal(gone.status, 404)
      assert.match(gone.html, /This payment link is no longer active/)
      const goneFr = await page(`/link/${id}?lang=fr`)
      assert.match(goneFr.html, /plus actif/)
      const before = await count('payments')
      const post = await buyerPost(`/link/${id}`, {})
      assert.equal(post.status, 404)
      assert.match(post.html, /no longer active/)
      assert.equal(await count('payments'), before)
      // Activated again, it takes payments.
      const on = await shop.post(`${base}/links/${id}/activate`, {}, { formPage: `${base}/links/${id}` })
      assert.equal(on.status, 303)
      assert.equal((await buyerPost(`/link/${id}`, {})).status, 303)
    })

    test('unknown and malformed link ids: a 404 page, never a 500', async () => {
      // (Past Fastify's 100-character path parameter, every route answers 400 before any handler.)
      for (const id of ['0190a000-0000-7000-8000-000000000000', 'nope', 'x'.repeat(99)]) {
        const r = await page(`/link/${id}`)
        assert.equal(r.status, 404, id.slice(0, 20))
        assert.match(r.html, /This payment link does not exist/)
        assert.equal((await buyerPost(`/link/${id}`, { amount: '1' })).status, 404)
      }
      // A control character is refused at the edge (issue 16), before any lookup: 400, the error page.
      const nul = await page('/link/%00')
      assert.equal(nul.status, 400)
      assert.match(nul.html, /must not contain control characters/)
    })

    test('a post from another site\u2019s page is refused (403) and makes nothing; a same-origin one works', async () => {
      const id = await newLink({ ...VALID_LINK, currencies: ['BTC'] })
      const before = await count('payments')
      for (const headers of [
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site', origin: '' },
        { origin: 'null' },
        { 'sec-fetch-site': 'same-site', origin: 'http://sub.127.0.0.1' },
        { 'sec-fetch-site': 'cross-site', origin: t.baseUrl },
      ]) {
        const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''))
        const r = await fetch(`${t.baseUrl}/link/${id}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...clean },
          body: '',
        })
        assert.equal(r.status, 403, JSON.stringify(clean))
        assert.match(await r.text(), /can only be sent from its own page/)
      }
      assert.equal(await count('payments'), before)
      assert.equal((await buyerPost(`/link/${id}`, {})).status, 303)
      // What Chromium sends from the page itself under its no-referrer policy: Origin null, same-origin.
      assert.equal((await buyerPost(`/link/${id}`, {}, { origin: 'null', 'sec-fetch-site': 'same-origin' })).status, 303)
      // The page is never framed (its Pay button cannot be clickjacked).
      const r = await fetch(`${t.baseUrl}/link/${id}`)
      assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/)
    })

    test('New payment: 303 to a result page with the buyer\u2019s link and the payment\u2019s detail link; a reload makes no second payment', async () => {
      const before = await count('payments')
      const r = await shop.post(`${base}/new-payment`, {
        amount_kind: 'fiat',
        amount: '',
        fiat_amount: '100',
        fiat_currency: 'USD',
        currency: 'BTC',
        order_id: 'INV-9',
        description: 'Two chairs',
      })
      assert.equal(r.status, 303, r.html.slice(0, 300))
      const pid = new RegExp(`^${base}/new-payment/([0-9a-f-]{36})$`).exec(r.location ?? '')?.[1]
      assert.ok(pid, r.location ?? '')
      const shown = await shop.get(r.location!)
      assert.ok(shown.html.includes(`value="${t.kassa.config.publicUrl}/pay/${pid}"`), 'the buyer link, to copy')
      assert.match(shown.html, /data-copy="buyer-link"/)
      assert.ok(shown.html.includes(`href="${base}/payments/${pid}"`), 'the detail link')
      assert.match(shown.html, /0\.00102564 BTC/)
      await shop.get(r.location!)
      assert.equal(await count('payments'), before + 1)
      const row = await t.kassa.database.db
        .selectFrom('payments')
        .select(['metadata', 'order_id'])
        .where('id', '=', pid)
        .executeTakeFirstOrThrow()
      assert.deepEqual([JSON.parse(row.metadata!), row.order_id], [{ description: 'Two chairs' }, 'INV-9'])
      // Another account cannot read the result page.
      assert.equal((await stranger.get(r.location!)).status, 404)
    })

    test('New payment with the buyer choosing: a selection link', async () => {
      const r = await shop.post(`${base}/new-payment`, { amount_kind: 'crypto', amount: '0.01', fiat_currency: 'USD', currency: '' })
      assert.equal(r.status, 303)
      assert.match(r.location ?? '', new RegExp(`^${base}/new-payment/selection/[A-Za-z0-9_-]{32}$`))
      const shown = await shop.get(r.location!)
      assert.match(shown.html, /\/pay\/select\?token=/)
      assert.match(shown.html, /0\.01 BTC/)
    })

    test('New payment: bad input re-renders the form with the message; nothing is created', async () => {
      const before = [await count('payments'), await count('selections')]
      const good = {
        amount_kind: 'crypto',
        amount: '0.01',
        fiat_amount: '',
        fiat_currency: 'USD',
        currency: 'BTC',
        order_id: '',
        description: '',
      }
      const cases: [Record<string, string>, RegExp][] = [
        [{ amount: '' }, /Amount must be a positive decimal/],
        [{ amount: '-1' }, /Amount must be a positive decimal/],
        [{ amount: '0.123456789' }, /more than 8 decimal places/],
        [{ amount: '9'.repeat(5000) }, /larger than the/],
        [{ amount_kind: 'fiat', fiat_amount: '' }, /Fiat_amount must be a positive decimal/],
        [{ amount_kind: 'fiat', fiat_amount: '10', fiat_currency: 'XAU' }, /Fiat_currency must be one of/],
        [{ currency: 'LTC' }, /LTC/],
        [{ order_id: 'o'.repeat(256) }, /Order_id must be at most 255 characters/],
        [{ amount_kind: '' }, /Choose a crypto or a fiat amount/],
      ]
      for (const [over, message] of cases) {
        const r = await shop.post(`${base}/new-payment`, { ...good, ...over })
        assert.equal(r.status, 400, JSON.stringify(over).slice(0, 60))
        assert.match(r.html, message, JSON.stringify(over).slice(0, 60))
        assert.match(r.html, /id="new-payment"/)
      }
      const nul = await shop.post(`${base}/new-payment`, { ...good, description: 'x\u0000' })
      assert.equal(nul.status, 400)
      assert.match(nul.html, /description must not contain control characters/)
      assert.deepEqual([await count('payments'), await count('selections')], before)
      assert.equal((await shop.post(`${base}/new-payment`, good, { csrf: null })).status, 403)
      assert.deepEqual([await count('payments'), await count('selections')], before)
    })
  })
}

describe('payment link creation is rate-limited per client like other public creation', () => {
  let t: TestKassa
  before(async () => {
    const [sqlite] = await testDialects()
    t = await startTestKassa(sqlite!)
  })
  after(() => t?.close())

  test('past 30 posts a minute from one address: 429 page, no payment', async () => {
    const { accountId } = await createDashboardUser(t, 'rl@example.com')
    const store = await t.createStore('BTC', { accountId })
    // An amount refused each time: the limit counts attempts, not payments.
    const link = await createPaymentLink(t.kassa.deps, await t.kassa.stores.getStore(store.storeId), {
      title: 'Tip',
      description: '',
      pricing: 'open',
      unit: 'USD',
      amount: '',
      minAmount: '',
      maxAmount: '',
      currencies: [],
    })
    const post = () =>
      fetch(`${t.baseUrl}/link/${link.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'amount=-1',
      })
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) statuses.push((await post()).status)
    assert.deepEqual(statuses.slice(0, 30), Array(30).fill(400))
    const last = await post()
    assert.equal(last.status, 429)
    assert.match(last.headers.get('content-type') ?? '', /text\/html/)
  })
})
