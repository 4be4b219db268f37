import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// The public endpoints behind the widgets and pages, refused input first: each refusal is a
// clear message with the right status, and no payment is created (the count is checked).

const SHOP = 'https://shop.example'

for (const dialect of await testDialects()) {
  describe(`public widget and donation endpoints (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    let btcStore: StoreCredentials
    const count = async () =>
      Number(
        (
          await t.kassa.database.db
            .selectFrom('payments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const r = await fetch(t.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
      const text = await r.text()
      return { status: r.status, headers: r.headers, text, json: JSON.parse(text) as { success: boolean; error?: string; data?: any } }
    }
    const widget = (body: Record<string, unknown>, origin: string | null = SHOP) =>
      post('/pay/widget', { api_key: store.apiKey, ...body }, origin ? { origin } : {})
    const donate = (body: Record<string, unknown>) => post('/donate/create', { api_key: store.apiKey, currency: 'USDT_TRC20', ...body })
    const refused = async (r: Awaited<ReturnType<typeof post>>, status: number, message: RegExp) => {
      assert.equal(r.status, status, r.text)
      assert.equal(r.json.success, false)
      assert.match(r.json.error ?? '', message)
    }

    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_PUBLIC_AMOUNT_SLOTS: '2', KASSA_UNIQUE_AMOUNT_SLOTS: '3' } })
      // Fresh addresses here; the slot budget has its own unique-amount store below.
      store = await t.createStore('USDT_TRC20:unique_address')
      btcStore = await t.createStore('BTC')
      await t.kassa.pageSettings.update(store.storeId, { widgetEnabled: true, widgetOrigins: [SHOP], donationsEnabled: true })
    })
    after(async () => {
      await t.close()
    })

    test('a widget payment from an allowed origin: created, CORS for that origin only', async () => {
      const r = await widget({ amount: 12.5, order_id: 'W-1', metadata: { cart: 7 } })
      assert.equal(r.status, 200, r.text)
      assert.equal(r.headers.get('access-control-allow-origin'), SHOP)
      assert.equal(r.json.data.status, 'pending')
      const row = await t.kassa.database.db
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', r.json.data.payment_id)
        .executeTakeFirstOrThrow()
      assert.equal(row.source, 'widget')
      assert.equal(row.amount_requested, '12500000')
    })

    test('widget refusals: other origin, no origin, disabled widget, unknown key, bad amounts', async () => {
      const before = await count()
      await refused(await widget({ amount: '10' }, 'https://evil.example'), 403, /https:\/\/evil\.example\) is not allowed/)
      await refused(await widget({ amount: '10' }, null), 403, /no Origin header/)
      await refused(await widget({ amount: '-5' }), 400, /amount/)
      await refused(await widget({ amount: -5 }), 400, /amount/)
      await refused(await widget({ amount: 'ten' }), 400, /amount/)
      await refused(await widget({ amount: '1e3' }), 400, /amount/)
      await refused(await widget({ fiat_amount: 10, fiat_currency: 'XYZ' }), 400, /fiat_currency|XYZ/)
      await refused(await post('/pay/widget', { api_key: 'nope', amount: '1' }, { origin: SHOP }), 404, /No store has this API key/)
      await refused(await post('/pay/widget', { api_key: btcStore.apiKey, amount: '1' }, { origin: SHOP }), 403, /widget is not enabled/)
      assert.equal(await count(), before)
    })

    test('the CORS preflight answers; the script files are served with type, cache and gzip', async () => {
      const pre = await fetch(t.baseUrl + '/pay/widget', {
        method: 'OPTIONS',
        headers: { origin: SHOP, 'access-control-request-method': 'POST' },
      })
      assert.equal(pre.status, 204)
      assert.equal(pre.headers.get('access-control-allow-origin'), SHOP)
      for (const name of ['widget.js', 'donate-widget.js']) {
        const r = await fetch(`${t.baseUrl}/${name}`)
        assert.equal(r.status, 200)
        assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8')
        assert.match(r.headers.get('cache-control') ?? '', /max-age=300/)
        const again = await fetch(`${t.baseUrl}/${name}`, { headers: { 'if-none-match': r.headers.get('etag')! } })
        assert.equal(again.status, 304)
      }
    })

    test('a donation: seed parameters, fiat default USD, donor name and message kept, no webhook source', async () => {
      const r = await donate({ fiat_amount: 10, donor_name: 'Ada', donor_message: 'm'.repeat(500) })
      assert.equal(r.status, 200, r.text)
      const row = await t.kassa.database.db
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', r.json.data.payment_id)
        .executeTakeFirstOrThrow()
      assert.equal(row.source, 'donation')
      assert.equal(row.fiat_currency, 'USD')
      assert.deepEqual(JSON.parse(row.metadata!), { donor_name: 'Ada', donor_message: 'm'.repeat(500) })
      const crypto = await donate({ amount: '3.5' })
      assert.equal(crypto.status, 200, crypto.text)
    })

    test('donation refusals: 501-character message, both or no amount, bad amounts, other currency, disabled', async () => {
      const before = await count()
      await refused(await donate({ fiat_amount: 10, donor_message: 'm'.repeat(501) }), 400, /donor_message must be at most 500 characters/)
      await refused(await donate({ fiat_amount: 10, amount: '1' }), 400, /fiat_amount .* or amount/)
      await refused(await donate({}), 400, /fiat_amount .* or amount/)
      await refused(await donate({ fiat_amount: -10 }), 400, /fiat_amount/)
      await refused(await donate({ fiat_amount: 'abc' }), 400, /fiat_amount/)
      await refused(await donate({ amount: '-1' }), 400, /amount/)
      await refused(await donate({ fiat_amount: 10, currency: 'BTC' }), 400, /Currency BTC is not accepted/)
      await refused(await donate({ fiat_amount: 10, currency: undefined }), 400, /currency is required/)
      await refused(
        await post('/donate/create', { api_key: btcStore.apiKey, fiat_amount: 10, currency: 'BTC' }),
        403,
        /Donations are not enabled/,
      )
      assert.equal(await count(), before)
    })

    test('the donation form answers a refusal with the form again, the reason and the input kept', async () => {
      const before = await count()
      const body = new URLSearchParams({ api_key: store.apiKey, fiat_amount: '5', currency: 'USDT_TRC20', donor_message: 'x'.repeat(501) })
      const r = await fetch(t.baseUrl + '/donate/create', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })
      assert.equal(r.status, 400)
      const page = await r.text()
      assert.match(page, /role="alert" id="donate-error">donor_message must be at most 500 characters\./)
      assert.match(page, /x{501}<\/textarea>/)
      assert.equal(await count(), before)
    })

    test("tampered or unknown payment ids and selection tokens: a 404 page in the buyer's language", async () => {
      const ok = await widget({ amount: '1' })
      const id: string = ok.json.data.payment_id
      const tampered = id.slice(0, -1) + (id.endsWith('0') ? '1' : '0')
      // '/pay/%00' is refused before the lookup (400, control character: test/http/strict-input.test.ts).
      for (const path of [`/pay/${tampered}`, '/pay/not-a-uuid', `/pay/${id.toUpperCase()}`]) {
        const r = await fetch(t.baseUrl + path, { headers: { 'accept-language': 'de' } })
        assert.equal(r.status, 404, path)
        assert.match(await r.text(), /Diese Zahlung gibt es nicht/)
      }
      for (const token of ['A'.repeat(32), 'short', '<script>']) {
        const r = await fetch(`${t.baseUrl}/pay/select?token=${encodeURIComponent(token)}`)
        assert.equal(r.status, 404)
        const text = await r.text()
        assert.match(text, /This payment link is not valid/)
        assert.doesNotMatch(text, /<script>/)
      }
      const status = await fetch(`${t.baseUrl}/pay/${tampered}/status`)
      assert.equal(status.status, 404)
      const donatePage = await fetch(`${t.baseUrl}/donate/unknown-key`)
      assert.equal(donatePage.status, 404)
      assert.match(await donatePage.text(), /This donation page does not exist/)
    })

    test('pages carry a strict CSP: nonces, no unsafe-inline, framing by allowed origins only', async () => {
      const r = await widget({ amount: '2' })
      const page = await fetch(`${t.baseUrl}/pay/${r.json.data.payment_id}`)
      const csp = page.headers.get('content-security-policy') ?? ''
      assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]+'/)
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!shop\.example)/)
      assert.match(csp, /frame-ancestors https:\/\/shop\.example(;|$)/)
      const html = await page.text()
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!
      for (const m of html.matchAll(/<(script|style|link)\b([^>]*)>/g)) {
        if (!/type="application\/json"/.test(m[2]!)) assert.match(m[2]!, new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`))
      }
      assert.doesNotMatch(html, /\sstyle="|\son\w+="/)
      const donation = await fetch(`${t.baseUrl}/donate/${store.apiKey}`)
      assert.match(donation.headers.get('content-security-policy') ?? '', /frame-ancestors \*/)
    })

    test('the stylesheet and the payment script are served once, cached under their versioned URLs, not inlined', async () => {
      const r = await widget({ amount: '2' })
      const html = await (await fetch(`${t.baseUrl}/pay/${r.json.data.payment_id}`)).text()
      const css = /<link rel="stylesheet" href="(\/assets\/page\.css\?v=[\w-]+)"/.exec(html)?.[1]
      const js = /<script nonce="[^"]+" src="(\/assets\/pay-page\.js\?v=[\w-]+)"><\/script>/.exec(html)?.[1]
      assert.ok(css && js, 'the page names both assets')
      assert.ok(html.length < 10_000, `the page is its own markup only: ${html.length} bytes`)
      assert.doesNotMatch(html, /box-sizing|EventSource/, 'no inlined stylesheet or script')
      for (const [url, type, inside] of [
        [css, 'text/css; charset=utf-8', /box-sizing:border-box/],
        [js, 'text/javascript; charset=utf-8', /EventSource/],
      ] as const) {
        const a = await fetch(t.baseUrl + url, { headers: { 'accept-encoding': 'identity' } })
        assert.equal(a.status, 200)
        assert.equal(a.headers.get('content-type'), type)
        assert.equal(a.headers.get('cache-control'), 'public, max-age=31536000, immutable')
        assert.match(await a.text(), inside)
        const etag = a.headers.get('etag')!
        assert.equal((await fetch(t.baseUrl + url, { headers: { 'if-none-match': etag } })).status, 304)
        const old = await fetch(t.baseUrl + url.replace(/v=.*/, 'v=older'))
        assert.equal(old.headers.get('cache-control'), 'public, max-age=300', 'another version is the current one, briefly cached')
        assert.equal(old.headers.get('etag'), etag)
      }
      const unknown = await fetch(`${t.baseUrl}/assets/secrets.txt`)
      assert.equal(unknown.status, 404)
      assert.equal(((await unknown.json()) as { success: boolean }).success, false)
    })

    test('the public slot budget: widget and donation payments stop at it, the Merchant API keeps its slots', async () => {
      // Budget 2 of 3 slots: two public payments of 50 take two amounts; a third is refused
      // (not queued), and a signed API payment of 50 still gets the last amount.
      const shared = await t.createStore('USDT_TRC20')
      await t.kassa.pageSettings.update(shared.storeId, { widgetEnabled: true, widgetOrigins: [SHOP], donationsEnabled: true })
      const w = () => post('/pay/widget', { api_key: shared.apiKey, amount: '50' }, { origin: SHOP })
      const d = () => post('/donate/create', { api_key: shared.apiKey, currency: 'USDT_TRC20', amount: '50' })
      assert.equal((await w()).status, 200)
      assert.equal((await d()).status, 200)
      const before = await count()
      await refused(await w(), 429, /Too many widget and donation payments/)
      await refused(await d(), 429, /Too many widget and donation payments/)
      assert.equal(await count(), before)
      const api = await t.request(shared, 'POST', '/api/v1/payment/create', { amount: '50' })
      assert.equal(api.json.data.status, 'pending', api.text)
      assert.equal(api.json.data.amount, '50.03')
      // Every amount is now held: the next one is queued, and its page explains the wait.
      const queued = await t.request(shared, 'POST', '/api/v1/payment/create', { amount: '50' })
      assert.equal(queued.json.data.status, 'queued', queued.text)
      const page = await (await fetch(`${t.baseUrl}/pay/${queued.json.data.payment_id}`)).text()
      assert.match(
        page,
        /id="status-text">Many payments of this amount are open right now\. Your exact amount will be assigned in a moment/,
      )
      assert.doesNotMatch(page, /<svg/)
      assert.match(page, /<section id="pay-box" hidden/)
    })

    test('the event stream sends the state at once, then each change; the status poll answers the same JSON', async () => {
      const created = await widget({ amount: '4' })
      const id: string = created.json.data.payment_id
      const res = await fetch(`${t.baseUrl}/pay/${id}/events`)
      assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8')
      const reader = res.body!.getReader()
      const next = async () => {
        let text = ''
        while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value)
        return JSON.parse(text.replace(/^data: /, '').trim())
      }
      const first = await next()
      assert.equal(first.status, 'pending')
      assert.equal(first.amount_due, '4.00')
      assert.equal(first.confirmations_required, 19)
      await t.kassa.simulation.pay(id)
      await t.kassa.runWorkersOnce()
      const second = await next()
      assert.equal(second.status, 'confirming')
      assert.equal(second.amount_received, '4.00')
      await reader.cancel()
      const poll = await fetch(`${t.baseUrl}/pay/${id}/status`)
      assert.deepEqual(((await poll.json()) as { data: unknown }).data, second)
    })

    test('the selection page lists each currency with its converted amount; a pick opens the payment', async () => {
      const multi = await t.createStore('USDT_TRC20,BTC')
      const r = await t.request(multi, 'POST', '/api/v1/payment/create', { amount: '100', order_id: 'SEL-1' })
      const url = new URL(r.json.data.payment_url)
      const page = await fetch(t.baseUrl + url.pathname + url.search + '&lang=fr')
      assert.equal(page.status, 200)
      const html = await page.text()
      assert.match(html, /Choisissez comment payer/)
      assert.match(html, /Payer en Bitcoin<br><small>0\.00102574 BTC<\/small>/)
      assert.match(html, /Payer en USDT sur le réseau TRON \(TRC-20\)<br><small>100\.00 USDT<\/small>/)
      const token = url.searchParams.get('token')!
      const pick = await fetch(t.baseUrl + '/pay/select?lang=fr', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${token}&currency=BTC`,
        redirect: 'manual',
      })
      assert.equal(pick.status, 303)
      assert.match(pick.headers.get('location') ?? '', /^\/pay\/[0-9a-f-]{36}\?lang=fr$/)
    })
  })
}
