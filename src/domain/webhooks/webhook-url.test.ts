import assert from 'node:assert/strict'
import { test } from 'node:test'
import { WebhookUrlPolicyError, parseWebhookUrl } from './webhook-url.js'

test('webhook URLs: absolute http(s) without credentials', () => {
  assert.deepEqual(parseWebhookUrl('https://shop.example/hook?x=1'), {
    url: 'https://shop.example/hook?x=1',
    hostname: 'shop.example',
    ipLiteral: false,
  })
  assert.deepEqual(parseWebhookUrl('http://[::1]:8080/h'), { url: 'http://[::1]:8080/h', hostname: '::1', ipLiteral: true })
  for (const bad of ['ftp://shop.example/', 'file:///etc/passwd', '/relative', 'https://user:pw@shop.example/', 'gopher://x']) {
    assert.throws(() => parseWebhookUrl(bad), WebhookUrlPolicyError, bad)
  }
})
