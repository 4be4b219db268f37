import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { PAGE_SLOTS, RenderedPages, SlottedPage } from '../../src/web/rendered-pages.js'
import { fileKassa, setStatusFromOutside, storeWithPayment } from '../support/file-kassa.js'

// web/rendered-pages.ts keeps rendered payment pages; these tests hold it to "never stale" and
// to a fresh nonce and clock on every view.

describe('RenderedPages', () => {
  test('a page is served only while the content version it was rendered under is current', () => {
    let version = 'a'
    const pages = new RenderedPages<number>(() => version)
    const v1 = pages.version()
    assert.equal(pages.get(v1, 'k'), undefined)
    const one = { page: new SlottedPage('one'), extra: 1 }
    pages.keep(v1, 'k', one)
    assert.equal(pages.get(pages.version(), 'k'), one)
    assert.equal(pages.get(pages.version(), 'other'), undefined, 'another key is another page')

    version = 'b'
    const v2 = pages.version()
    assert.equal(pages.get(v2, 'k'), undefined, 'a moved version drops what was kept')
    assert.equal(pages.get(v1, 'k'), undefined, 'and an old version finds nothing')
  })

  test('a page whose reads straddled a change is not kept', () => {
    let version = 'a'
    const pages = new RenderedPages<null>(() => version)
    const before = pages.version()
    version = 'b' // a write while this view was reading
    pages.keep(before, 'k', { page: new SlottedPage('mixed'), extra: null })
    assert.equal(pages.get(before, 'k'), undefined, 'not kept under the version the reads began at')
    assert.equal(pages.get(pages.version(), 'k'), undefined, 'nor under the new one')
  })

  test('without a content version (PostgreSQL) nothing is kept', () => {
    const pages = new RenderedPages<null>(undefined)
    const v = pages.version()
    pages.keep(v, 'k', { page: new SlottedPage('x'), extra: null })
    assert.equal(pages.get(v, 'k'), undefined)
  })

  test('filling puts the view’s nonce in every slot and its clock in the data', () => {
    const html = `<p>é ${PAGE_SLOTS.nonce}</p><style nonce="${PAGE_SLOTS.nonce}"></style>{"now":${PAGE_SLOTS.now}}<i>ü</i>`
    const page = new SlottedPage(html)
    const want = '<p>é N1+/=</p><style nonce="N1+/="></style>{"now":1767225600123}<i>ü</i>'
    assert.equal(page.fill('N1+/=', 1767225600123).toString('utf8'), want)
    assert.equal(page.fill('N2+/=', 5).toString('utf8'), want.replaceAll('N1', 'N2').replace('1767225600123', '5'), 'each view its own')
    assert.equal(new SlottedPage('no slots').fill('n', 1).toString(), 'no slots')
  })
})

describe('payment page over HTTP, kept between views', () => {
  const { file, kassa } = fileKassa('kassa-pages-http-')

  const view = async (id: string) => {
    const res = await kassa().app.inject({ method: 'GET', url: `/pay/${id}`, headers: { accept: 'text/html' } })
    assert.equal(res.statusCode, 200)
    const html = res.body
    const csp = String(res.headers['content-security-policy'])
    const cspNonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1]
    const nonces = [...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1])
    const data = JSON.parse(/<script type="application\/json" id="kassa-data">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null')
    const status = /<span id="status-text">(.*?)<\/span>/.exec(html)?.[1]
    return { html, cspNonce, nonces, data, status }
  }

  test('every view has its own nonce and the server’s clock; a change shows on the very next view', async () => {
    const t = kassa()
    const { store, id } = await storeWithPayment(t, 'kept-1')

    const first = await view(id)
    t.clock.advance(1234)
    const second = await view(id)
    for (const v of [first, second]) {
      assert.ok(v.cspNonce && v.nonces.length >= 2, 'the page has nonces')
      assert.ok(
        v.nonces.every((n) => n === v.cspNonce),
        'every nonce in the page is the CSP’s',
      )
      assert.ok(!v.html.includes(PAGE_SLOTS.nonce) && !v.html.includes(String(PAGE_SLOTS.now)), 'no slot is sent')
      assert.equal(v.status, 'Waiting for your payment.')
    }
    assert.notEqual(first.cspNonce, second.cspNonce, 'a new nonce per view')
    assert.equal(first.data.now + 1234, second.data.now, 'the clock of each view')
    assert.equal(second.data.now, t.clock.now())

    // Another process (the CLI) changes the payment: the next view shows it.
    setStatusFromOutside(file, id, 'expired')
    const afterOutside = await view(id)
    assert.match(afterOutside.status ?? '', /expired/i)
    assert.equal(afterOutside.data.payment.status, 'expired')

    // This server changes another payment (test mode's payment, then blocks): each view shows it.
    const other = (await t.request(store, 'POST', '/api/v1/payment/create', { amount: '0.001', order_id: 'kept-2' })).json.data
      .payment_id as string
    assert.equal((await view(other)).data.payment.status, 'pending')
    assert.equal((await view(other)).data.payment.status, 'pending')
    await t.kassa.simulation.pay(other)
    await t.kassa.runWorkersOnce()
    assert.equal((await view(other)).data.payment.status, 'confirming')
    await t.kassa.simulation.mine(12)
    await t.kassa.runWorkersOnce()
    assert.equal((await view(other)).data.payment.status, 'completed')
  })
})
