import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { SEED_MIXER_ORDER, expectSwapError, swapFixture, swapRequest } from './swap-client.js'

// Issue 16, defect 11: the Swap API took " 1", "1\n", qrcode: true, delay: null,
// service_fee: null, a NUL in a memo and unknown fields in outputs. Each is now the seed's
// 400 BAD_REQUEST, as the Merchant API refuses the same, and no order is written.

const SEED_OUTPUT = SEED_MIXER_ORDER.addresses[0]!
const oneOutput = (output: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...SEED_MIXER_ORDER,
  addresses: [{ ...SEED_OUTPUT, percent: '100', ...output }],
  ...extra,
})
const TON_ORDER = {
  crypto: 'ton',
  network: 'ton',
  amount: '10',
  addresses: [{ address: 'UQDTQmCrngsFMbgBhWNX_Sg6Ko3sXUcdeliM5OoZO2Pt4NJx', percent: '100', delay: '0', destination_tag: 'MEMO' }],
}
const EXCHANGE = {
  from_coin: 'eth',
  from_network: 'eth',
  to_coin: 'btc',
  to_network: 'btc',
  to_address: '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM',
  amount: '1.00000000',
}

const SPLIT_CASES: [string, unknown, RegExp][] = [
  ['amount " 10"', { ...SEED_MIXER_ORDER, amount: ' 10' }, /amount must be a plain decimal/],
  ['amount "10\\n"', { ...SEED_MIXER_ORDER, amount: '10\n' }, /amount must be a plain decimal/],
  ['percent " 100"', oneOutput({ percent: ' 100' }), /percent must be a number/],
  ['delay null', oneOutput({ delay: null }), /delay must be minutes/],
  ['delay ""', oneOutput({ delay: '' }), /delay must be minutes/],
  ['delay "2h\\n0m"', oneOutput({ delay: '2h\n0m' }), /delay must be minutes/],
  ['service_fee null', { ...SEED_MIXER_ORDER, service_fee: null }, /service_fee must be a number/],
  ['service_fee " 1"', { ...SEED_MIXER_ORDER, service_fee: ' 1' }, /service_fee must be a number/],
  ['qrcode true', { ...SEED_MIXER_ORDER, qrcode: true }, /qrcode must be 1 or 0/],
  ['qrcode null', { ...SEED_MIXER_ORDER, qrcode: null }, /qrcode must be 1 or 0/],
  ['an unknown field in an output', oneOutput({ delays: '5' }), /Unknown field addresses\[0\]\.delays/],
  ['an unknown field in the order', { ...SEED_MIXER_ORDER, amout: '1' }, /Unknown field amout/],
  ['an address with a trailing line break', oneOutput({ address: `${SEED_OUTPUT.address}\n` }), /address/i],
  [
    'a NUL in a TON memo',
    { ...TON_ORDER, addresses: [{ ...TON_ORDER.addresses[0], destination_tag: 'MEMO\u0000' }] },
    /control characters/,
  ],
]

const EXCHANGE_CASES: [string, unknown, RegExp][] = [
  ['amount "1 "', { ...EXCHANGE, amount: '1 ' }, /amount must be a plain decimal/],
  ['service_fee null', { ...EXCHANGE, service_fee: null }, /service_fee must be a number/],
  ['qrcode true', { ...EXCHANGE, qrcode: true }, /qrcode must be 1 or 0/],
  ['an unknown field', { ...EXCHANGE, to_adress: 'x' }, /Unknown field to_adress/],
  ['a NUL in a memo', { ...EXCHANGE, memo: '\u0000' }, /control characters/],
]

for (const dialect of await testDialects()) {
  describe(`Swap API strict input (${dialect.name})`, () => {
    const f = swapFixture(dialect)

    for (const [name, body, message] of SPLIT_CASES) {
      test(`split order: ${name} is 400 BAD_REQUEST`, async () => {
        const r = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, body)
        assert.match(expectSwapError(r, 400, 'BAD_REQUEST'), message)
      })
    }
    for (const [name, body, message] of EXCHANGE_CASES) {
      test(`exchange order: ${name} is 400 BAD_REQUEST`, async () => {
        const r = await swapRequest(f.t, 'POST', '/v1/exchange/orders', f.key, body)
        assert.match(expectSwapError(r, 400, 'BAD_REQUEST'), message)
      })
    }

    test('nothing was written by the refusals; the seed order itself still works, qrcode as 1 or "0"', async () => {
      const db = f.t.database.handle.db as any
      const before = await db
        .selectFrom('swap_orders')
        .select((eb: any) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
      assert.equal(Number(before.n), 0)
      const a = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, { ...SEED_MIXER_ORDER, qrcode: 1 })
      assert.equal(a.status, 200, a.text)
      assert.match(a.body.deposit.qr_code, /^data:image\/png;base64,/)
      const b = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, { ...SEED_MIXER_ORDER, qrcode: '0', service_fee: '0.45' })
      assert.equal(b.status, 200, b.text)
      assert.equal(b.body.deposit.qr_code, undefined)
    })
  })
}
