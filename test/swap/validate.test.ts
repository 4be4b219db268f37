import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { SwapSignature } from '../../src/security/swap-signature.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { swapRequest } from './swap-client.js'
import type { SwapResponse } from './swap-client.js'

// Seed 署名検証: signature_text opens to its order; every failure has the seed's code, in the
// envelope with `error` in place of `code`.

const ORDER = {
  addresses: [
    { address: '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL', percent: '84.93', delay: '0' },
    { address: '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', percent: '15.07', delay: '2h 0m' },
  ],
  amount: '10.00000000',
  crypto: 'btc',
  network: 'btc',
  service_fee: 0.45,
}

function expectValidateError(r: SwapResponse, status: number, error: string): void {
  assert.equal(r.status, status, r.text)
  assert.deepEqual(Object.keys(r.body), ['ok', 'error', 'message'], r.text)
  assert.equal(r.body.error, error, r.text)
}

for (const dialect of await testDialects()) {
  describe(`validate (${dialect.name})`, () => {
    let t: TestKassa
    let key: string
    let signature: string
    let trackcode: string
    const validate = (body: unknown) => swapRequest(t, 'POST', '/v1/validate', key, body)
    const key32 = randomBytes(32).toString('base64')

    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_SWAP_SIGNATURE_KEY: key32 } })
      key = (await t.kassa.swapAccounts.create('Client')).swapApiKey
      const created = await swapRequest(t, 'POST', '/v1/mixer/orders', key, ORDER)
      signature = created.body.signature_text
      trackcode = created.body.trackcode
    })
    after(async () => {
      await t.close()
    })

    test('the armoured signature, and its bare base64, open to the order as the seed shows it', async () => {
      const bare = signature.split('\n').slice(1, -1).join('')
      for (const s of [signature, bare]) {
        const r = await validate({ signature: s })
        assert.equal(r.status, 200, r.text)
        assert.deepEqual(Object.keys(r.body), ['ok', 'message', 'type', 'route', 'trackcode', 'order', 'outputs', 'outputs_count'])
        assert.equal(r.body.trackcode, trackcode)
        assert.equal(r.body.route, 'deposit')
        assert.equal(r.body.order.service_fee, '0.45')
        assert.equal(r.body.order.waiting_balance, '10.00000000')
        assert.match(r.body.order.created_at, /^\d{10}$/)
        assert.deepEqual(r.body.outputs[1], {
          coin: 'btc',
          network: 'btc',
          address: '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM',
          destination_tag: '',
          share_percent: '15.07',
          delay_minutes: 120,
          delay_label: '2h 0m',
          amount: '1.50020343',
        })
        assert.equal(r.body.outputs_count, 2)
      }
    })

    test('missing signature: BAD_REQUEST', async () => {
      expectValidateError(await validate({}), 400, 'BAD_REQUEST')
      expectValidateError(await validate({ signature: '' }), 400, 'BAD_REQUEST')
    })

    test('not base64, or truncated to almost nothing: INVALID_SIGNATURE', async () => {
      expectValidateError(
        await validate({ signature: '-----BEGIN DIGITAL SIGNATURE-----\n%%%not base64%%%\n-----END DIGITAL SIGNATURE-----' }),
        400,
        'INVALID_SIGNATURE',
      )
      expectValidateError(await validate({ signature: 'QUJD' }), 400, 'INVALID_SIGNATURE')
      const lines = signature.split('\n')
      const cut = lines[1]!.slice(0, lines[1]!.length - 3)
      expectValidateError(await validate({ signature: cut }), 400, 'INVALID_SIGNATURE')
    })

    test('tampered with, truncated on a block boundary, or sealed with another key: DECRYPTION_FAILED', async () => {
      const raw = Buffer.from(signature.split('\n').slice(1, -1).join(''), 'base64')
      const flipped = Buffer.from(raw)
      flipped[20] = flipped[20]! ^ 1
      expectValidateError(await validate({ signature: flipped.toString('base64') }), 400, 'DECRYPTION_FAILED')
      expectValidateError(await validate({ signature: raw.subarray(0, raw.length - 3).toString('base64') }), 400, 'DECRYPTION_FAILED')
      const other = new SwapSignature(randomBytes(32)).seal({ track: trackcode, type: 'mixer' })
      expectValidateError(await validate({ signature: other }), 400, 'DECRYPTION_FAILED')
      // The seed's own sample block is plain base64 JSON, not sealed: refused the same way.
      expectValidateError(
        await validate({ signature: 'eyJ0cmFjayI6ICJEMzkxRkMwODc0N0U3QjA0IiwgInR5cGUiOiAibWl4ZXIiLCAiZXh0cmEiOiAiLi4uIn0=' }),
        400,
        'DECRYPTION_FAILED',
      )
    })

    test('sealed with our key but not JSON, or without track: INVALID_PAYLOAD, MISSING_TRACKCODE', async () => {
      const ours = new SwapSignature(Buffer.from(key32, 'base64'))
      expectValidateError(await validate({ signature: ours.seal({ type: 'mixer' }) }), 400, 'MISSING_TRACKCODE')
      // seal() only takes objects; an array payload stands in for "not the JSON we expect".
      expectValidateError(await validate({ signature: ours.seal([1, 2] as unknown as Record<string, unknown>) }), 400, 'INVALID_PAYLOAD')
    })

    test('an order deleted, or past 48 hours: NOT_FOUND', async () => {
      const ours = new SwapSignature(Buffer.from(key32, 'base64'))
      expectValidateError(await validate({ signature: ours.seal({ track: 'FFFFFFFFFFFFFFFF' }) }), 404, 'NOT_FOUND')
      const created = await swapRequest(t, 'POST', '/v1/mixer/orders', key, ORDER)
      await swapRequest(t, 'POST', '/v1/orders/delete', key, { trackcode: created.body.trackcode })
      expectValidateError(await validate({ signature: created.body.signature_text }), 404, 'NOT_FOUND')
      t.clock.advance(48 * 3600_000 + 1000)
      expectValidateError(await validate({ signature }), 404, 'NOT_FOUND')
    })

    test('no key: UNAUTHORIZED in the validate envelope', async () => {
      const r = await swapRequest(t, 'POST', '/v1/validate', null, { signature })
      expectValidateError(r, 401, 'UNAUTHORIZED')
    })
  })
}
