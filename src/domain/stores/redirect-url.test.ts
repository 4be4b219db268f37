import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backLinkOf, redirectUrlProblem } from './redirect-url.js'

test('plain http(s) links are accepted as given', () => {
  for (const ok of [
    'https://shop.example/',
    'http://localhost:8080/thanks?order=1&x=%20',
    'https://xn--80ak6aa92e.com/#done',
    `https://shop.example/${'a'.repeat(2027)}`,
  ]) {
    assert.equal(redirectUrlProblem(ok), null, ok)
  }
})

test('every other form is refused with the reason', () => {
  const cases: [string, RegExp][] = [
    ['', /not be empty/],
    [`https://shop.example/${'a'.repeat(2028)}`, /at most 2048/],
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['JAVASCRIPT:alert(1)', /http:\/\/ or https:\/\//],
    ['data:text/html,hi', /http:\/\/ or https:\/\//],
    ['mailto:a@shop.example', /http:\/\/ or https:\/\//],
    ['//shop.example/x', /absolute/],
    ['/thanks', /absolute/],
    ['http:shop.example', /absolute/],
    ['https:/shop.example', /absolute/],
    ['https://a:b@shop.example/', /user name or password/],
    ['https://a@shop.example/', /user name or password/],
    ['https://shop.example/\t', /spaces or control/],
    ['https://shop.example/\u0085', /spaces or control/],
    ['https://', /absolute/],
  ]
  for (const [text, reason] of cases) assert.match(redirectUrlProblem(text) ?? 'accepted', reason, JSON.stringify(text))
})

test("the payment's own link wins over the store's", () => {
  assert.equal(backLinkOf('https://a.example/', 'https://b.example/'), 'https://a.example/')
  assert.equal(backLinkOf(null, 'https://b.example/'), 'https://b.example/')
  assert.equal(backLinkOf(null, null), null)
})
