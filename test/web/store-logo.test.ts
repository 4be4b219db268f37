import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { parseStoreCurrencies } from '../../src/domain/stores/store.js'
import { testDialects } from '../support/databases.js'
import { TEST_PASSWORD, createDashboardUser } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// The store's logo over plain HTTP on both databases: uploaded as a file from the settings
// page (multipart/form-data), checked by its first bytes and its size, served at a
// content-addressed URL with the sniffed type and nosniff, shown on the buyer's pages, removable.

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-and-the-rest')])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-rest')])
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 rest')])
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
const GIF = Buffer.from('GIF89a........')
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/** A browser's session: cookies kept, the CSRF token read from the page the form is on. */
function browserSession(t: TestKassa) {
  const jar = new Map<string, string>()
  const send = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(t.baseUrl + path, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    for (const c of res.headers.getSetCookie()) {
      const [k, ...v] = c.split(';')[0]!.split('=')
      if (/Max-Age=0/i.test(c)) jar.delete(k!)
      else jar.set(k!, v.join('='))
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text() }
  }
  const csrfOn = async (path: string) => /name="_csrf" value="([^"]+)"/.exec((await send(path)).html)?.[1] ?? ''
  return {
    send,
    async signIn(email: string) {
      const form = new URLSearchParams({ _csrf: await csrfOn('/dashboard/login'), email, password: TEST_PASSWORD })
      const r = await send('/dashboard/login', {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      assert.equal(r.status, 303)
    },
    /** The logo form as a browser sends it: the file with the name and type the person's system gave it. */
    async upload(storeId: string, bytes: Buffer | null, opts: { filename?: string; type?: string; csrf?: string | null } = {}) {
      const form = new FormData()
      const csrf = opts.csrf === undefined ? await csrfOn(`/dashboard/stores/${storeId}/settings`) : opts.csrf
      if (csrf !== null) form.append('_csrf', csrf)
      if (bytes) form.append('logo', new Blob([bytes], { type: opts.type ?? 'image/png' }), opts.filename ?? 'logo.png')
      return send(`/dashboard/stores/${storeId}/settings/logo`, { method: 'POST', body: form })
    },
    async remove(storeId: string) {
      const form = new URLSearchParams({ _csrf: await csrfOn(`/dashboard/stores/${storeId}/settings`) })
      return send(`/dashboard/stores/${storeId}/settings/logo/remove`, {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
    },
  }
}

for (const dialect of await testDialects()) {
  describe(`store logo (${dialect.name})`, () => {
    let t: TestKassa
    let shop: StoreCredentials
    let alice: ReturnType<typeof browserSession>
    let mallory: ReturnType<typeof browserSession>
    const logoColumn = async () =>
      (await t.kassa.database.db.selectFrom('stores').select('logo_sha256').where('id', '=', shop.storeId).executeTakeFirstOrThrow())
        .logo_sha256
    const paymentPage = async () => {
      const r = await t.request(shop, 'POST', '/api/v1/payment/create', { amount: '10' })
      const res = await fetch(`${t.baseUrl}/pay/${r.json.data.payment_id}`)
      return { csp: res.headers.get('content-security-policy') ?? '', html: await res.text() }
    }

    before(async () => {
      t = await startTestKassa(dialect)
      const a = await createDashboardUser(t, 'alice@example.com', { accountName: 'Alice' })
      await createDashboardUser(t, 'mallory@example.com', { accountName: 'Mallory' })
      const created = await t.kassa.stores.createStore({
        name: 'Kiosk <Nord>',
        currencies: parseStoreCurrencies('USDT_TRC20'),
        accountId: a.accountId,
      })
      shop = { storeId: created.store.id, apiKey: created.store.apiKey, apiSecret: created.apiSecret, webhookSecret: created.webhookSecret }
      alice = browserSession(t)
      await alice.signIn('alice@example.com')
      mallory = browserSession(t)
      await mallory.signIn('mallory@example.com')
    })
    after(async () => {
      await t.close()
    })

    test('buyer pages name the store even without a logo; the CSP allows same-origin images only', async () => {
      const { csp, html } = await paymentPage()
      assert.match(html, /<header class="store" id="store-header"><span id="store-name">Kiosk &#60;Nord&#62;<\/span><\/header>/)
      assert.match(csp, /img-src 'self' data:(;|$)/)
      assert.doesNotMatch(html, /id="store-logo"/)
    })

    test('a PNG is stored, served with its type, nosniff and a long cache, and shown on buyer pages', async () => {
      const r = await alice.upload(shop.storeId, PNG)
      assert.equal(r.status, 303)
      assert.equal(r.location, `/dashboard/stores/${shop.storeId}/settings`)
      assert.equal(await logoColumn(), sha(PNG))
      const settings = await alice.send(r.location!)
      assert.match(settings.html, /Logo saved/)
      assert.match(settings.html, new RegExp(`<img src="/logos/${sha(PNG)}" alt="Current logo of Kiosk &#60;Nord&#62;"`))
      const served = await fetch(`${t.baseUrl}/logos/${sha(PNG)}`)
      assert.equal(served.status, 200)
      assert.equal(served.headers.get('content-type'), 'image/png')
      assert.equal(served.headers.get('x-content-type-options'), 'nosniff')
      assert.match(served.headers.get('cache-control') ?? '', /public, max-age=31536000, immutable/)
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG)
      const { html } = await paymentPage()
      assert.match(
        html,
        new RegExp(
          `<header class="store" id="store-header"><img src="/logos/${sha(PNG)}" alt="" id="store-logo"><span id="store-name">Kiosk &#60;Nord&#62;</span>`,
        ),
      )
      // The donation page finds its store by API key, through the credentials cache: the change shows at once.
      await t.kassa.pageSettings.update(shop.storeId, { donationsEnabled: true })
      const donation = await (await fetch(`${t.baseUrl}/donate/${shop.apiKey}`)).text()
      assert.match(donation, new RegExp(`<img src="/logos/${sha(PNG)}" alt="" id="store-logo">`))
    })

    test('the type comes from the bytes, not the file name or the claimed type', async () => {
      const jpeg = await alice.upload(shop.storeId, JPEG, { filename: 'logo.png', type: 'image/png' })
      assert.equal(jpeg.status, 303)
      assert.equal((await fetch(`${t.baseUrl}/logos/${sha(JPEG)}`)).headers.get('content-type'), 'image/jpeg')
      const webp = await alice.upload(shop.storeId, WEBP, { filename: 'logo', type: 'application/octet-stream' })
      assert.equal(webp.status, 303)
      assert.equal((await fetch(`${t.baseUrl}/logos/${sha(WEBP)}`)).headers.get('content-type'), 'image/webp')
      assert.equal(await logoColumn(), sha(WEBP))
      // The replaced logo's bytes are gone with it.
      assert.equal((await fetch(`${t.baseUrl}/logos/${sha(JPEG)}`)).status, 404)
    })

    test('SVG, GIF, an empty form and a file over 256 KiB are refused with a message; the logo stays', async () => {
      const kept = await logoColumn()
      const cases: [Buffer | null, { filename?: string; type?: string }, RegExp][] = [
        [SVG, { filename: 'logo.png', type: 'image/png' }, /must be a PNG, JPEG or WebP image \(SVG and other formats are not accepted\)/],
        [SVG, { filename: 'logo.svg', type: 'image/svg+xml' }, /must be a PNG, JPEG or WebP image/],
        [GIF, { filename: 'logo.gif', type: 'image/gif' }, /must be a PNG, JPEG or WebP image/],
        [null, {}, /choose an image file to upload/i],
        [Buffer.concat([PNG, Buffer.alloc(256 * 1024)]), {}, /the logo must be at most 256 KiB \(this file is 257 KiB\)/i],
      ]
      for (const [bytes, opts, message] of cases) {
        const r = await alice.upload(shop.storeId, bytes, opts)
        assert.equal(r.status, 400, String(opts.filename))
        assert.match(r.html, message)
        assert.equal(await logoColumn(), kept)
      }
      assert.equal((await fetch(`${t.baseUrl}/logos/${sha(SVG)}`)).status, 404)
      // Far over the limit: refused before it is read whole.
      // The server may answer and close before the upload ends: a reset connection is a refusal too.
      const huge = await alice.upload(shop.storeId, Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)])).catch(() => ({ status: 413 }))
      assert.ok(huge.status >= 400 && huge.status < 500, `status ${huge.status}`)
      assert.equal(await logoColumn(), kept)
    })

    test("no CSRF token, or another account's store: refused, nothing changes", async () => {
      const kept = await logoColumn()
      assert.equal((await alice.upload(shop.storeId, PNG, { csrf: null })).status, 403)
      assert.equal((await alice.upload(shop.storeId, PNG, { csrf: 'forged' })).status, 403)
      const other = await mallory.upload(shop.storeId, PNG, { csrf: 'x' })
      assert.ok(other.status === 403 || other.status === 404, `status ${other.status}`)
      assert.equal(await logoColumn(), kept)
    })

    test('removing the logo: the URL answers 404 and buyer pages show the name only', async () => {
      const current = await logoColumn()
      assert.ok(current)
      const r = await alice.remove(shop.storeId)
      assert.equal(r.status, 303)
      assert.equal(await logoColumn(), null)
      assert.equal((await fetch(`${t.baseUrl}/logos/${current}`)).status, 404)
      assert.doesNotMatch((await paymentPage()).html, /id="store-logo"/)
      assert.doesNotMatch(await (await fetch(`${t.baseUrl}/donate/${shop.apiKey}`)).text(), /id="store-logo"/)
      assert.match((await alice.send(`/dashboard/stores/${shop.storeId}/settings`)).html, /No logo: buyer pages show the store's name only/)
    })

    test('/logos/ answers only a well-formed hash', async () => {
      for (const path of ['/logos/abc', `/logos/${'G'.repeat(64)}`, '/logos/..%2f..%2fetc%2fpasswd']) {
        assert.equal((await fetch(t.baseUrl + path)).status, 404, path)
      }
    })
  })
}
