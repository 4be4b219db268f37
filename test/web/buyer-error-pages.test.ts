import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// Errors that escape the buyer pages' own routes (an over-long or unknown path, a malformed
// URL) answer a browser with the HTML error page in its language, and a script (fetch, the
// widgets: Accept */*) with the seed's JSON envelope (issue 16, defect 10). The HTTP layer is
// the same on both databases, so SQLite alone runs it.

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const LONG = 'a'.repeat(101)
const [sqlite] = await testDialects()

describe('buyer error pages', () => {
  let t: TestKassa

  before(async () => {
    t = await startTestKassa(sqlite!)
  })
  after(async () => {
    await t.close()
  })

  const get = (url: string, accept: string, extra: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { accept, ...extra } })

  for (const path of [
    `/pay/${LONG}`,
    `/pay/${LONG}/status`,
    '/pay/%zz',
    '/pay/x/unknown',
    `/donate/${LONG}`,
    `/donate/${LONG}/config`,
    `/link/${LONG}`,
    `/refund/${LONG}`,
  ]) {
    test(`${path.slice(0, 24)}…: an HTML page to a browser, the JSON envelope to a script`, async () => {
      const page = await get(path, BROWSER)
      assert.ok(page.statusCode >= 400 && page.statusCode < 500, String(page.statusCode))
      assert.match(String(page.headers['content-type']), /^text\/html/)
      assert.match(page.body, /<h1>Something went wrong<\/h1>/)
      assert.match(String(page.headers['content-security-policy']), /default-src/)

      const json = await get(path, '*/*')
      assert.equal(json.statusCode, page.statusCode)
      assert.match(String(json.headers['content-type']), /^application\/json/)
      const body = json.json() as { success: unknown; error: unknown }
      assert.equal(body.success, false)
      assert.equal(typeof body.error, 'string')
    })
  }

  test('the page is in the language the browser asks for', async () => {
    const page = await get(`/donate/${LONG}`, BROWSER, { 'accept-language': 'de-DE,de;q=0.9' })
    assert.match(page.body, /<html lang="de"/)
    assert.ok(!page.body.includes('Something went wrong'))
  })

  test('API paths keep the JSON envelope even for a browser', async () => {
    for (const path of [`/api/v1/payment/${LONG}`, '/api/v1/%zz', '/nowhere']) {
      const r = await get(path, BROWSER)
      assert.match(String(r.headers['content-type']), /^application\/json/, path)
      assert.equal((r.json() as { success: unknown }).success, false, path)
    }
  })
})
