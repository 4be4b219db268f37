import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { tronUri } from './tron-uri.js'

const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'
// A real mainnet account (hex 412aeb8add8337360e088b7d9ce4e857b9be60f3a7).
const RECIPIENT = 'TDt9YtfuttvxD2Jv8F8v4JEDbnBBb1jVNt'

describe('tronUri', () => {
  it('writes the bare address when nothing else is asked', () => {
    assert.equal(tronUri(RECIPIENT), `tron:${RECIPIENT}`)
  })

  it('requests TRX with amount only', () => {
    assert.equal(tronUri(RECIPIENT, '10.5'), `tron:${RECIPIENT}?amount=10.5`)
    assert.equal(tronUri(RECIPIENT, '0.000001'), `tron:${RECIPIENT}?amount=0.000001`)
  })

  it('requests USDT TRC-20 with the contract as token, amount copied as given', () => {
    const uri = tronUri(RECIPIENT, '1250.50', USDT)
    assert.equal(uri, `tron:${RECIPIENT}?amount=1250.50&token=${USDT}`)
    const parsed = new URL(uri)
    assert.equal(parsed.protocol, 'tron:')
    assert.equal(parsed.pathname, RECIPIENT)
    assert.equal(parsed.searchParams.get('amount'), '1250.50')
    assert.equal(parsed.searchParams.get('token'), USDT)
  })

  it('names the token even without an amount', () => {
    assert.equal(tronUri(RECIPIENT, undefined, USDT), `tron:${RECIPIENT}?token=${USDT}`)
  })

  it("allows token amounts finer than TRX's 6 decimals, but not TRX amounts", () => {
    assert.equal(tronUri(RECIPIENT, '0.000000000000000001', USDT), `tron:${RECIPIENT}?amount=0.000000000000000001&token=${USDT}`)
    assert.throws(() => tronUri(RECIPIENT, '0.0000001'), RangeError)
  })

  it('refuses malformed amounts', () => {
    for (const amount of ['', '1,5', '1e3', '-1', '+1', '.5', '5.', ' 1', '007', 'NaN']) {
      assert.throws(() => tronUri(RECIPIENT, amount), RangeError, JSON.stringify(amount))
      assert.throws(() => tronUri(RECIPIENT, amount, USDT), RangeError, JSON.stringify(amount))
    }
  })

  it('refuses an invalid recipient or token contract', () => {
    assert.throws(() => tronUri('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u'), TypeError)
    assert.throws(() => tronUri('41a614f803b6fd780986a42c78ec9c7f77e6ded13c'), TypeError)
    assert.throws(() => tronUri(RECIPIENT, '1', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u'), TypeError)
    assert.throws(() => tronUri(RECIPIENT, '1', '0xdAC17F958D2ee523a2206206994597C13D831ec7'), TypeError)
    assert.throws(() => tronUri(RECIPIENT, '1', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'), TypeError)
  })
})
