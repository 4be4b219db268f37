import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { SEED_MIXER_ORDER, expectSwapError, swapRequest } from './swap-client.js'

// Seed ミキサー / 注文作成: the seed's request gives the seed's plan to the digit, and each
// validation rule answers with its own code, never a 500 and never a half-created order.

const SEED_ORDER = { ...SEED_MIXER_ORDER, qrcode: 1 }

type Order = Record<string, unknown>
const withOutputs = (addresses: unknown[], extra: Order = {}): Order => ({ ...SEED_ORDER, addresses, ...extra })
const out = (percent: string, delay: unknown = '0', address = '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL') => ({ address, percent, delay })

for (const dialect of await testDialects()) {
  describe(`split-payout orders (${dialect.name})`, () => {
    let t: TestKassa
    let key: string
    let partnerKey: string
    const create = (body: unknown) => swapRequest(t, 'POST', '/v1/mixer/orders', key, body)
    const orderCount = async () =>
      (
        await t.kassa.database.db
          .selectFrom('swap_orders')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n

    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_SWAP_MAINTENANCE: 'ltc/ltc' } })
      key = (await t.kassa.swapAccounts.create('Client')).swapApiKey
      partnerKey = (await t.kassa.swapAccounts.create('Partner')).partnerKey
    })
    after(async () => {
      await t.close()
    })

    test("the seed's request: its fees and outputs to the digit, a deposit address, QR, expiry and signature", async () => {
      const r = await create({ ...SEED_ORDER, partner: partnerKey })
      assert.equal(r.status, 200, r.text)
      const b = r.body
      assert.deepEqual(Object.keys(b), ['ok', 'trackcode', 'maintenance', 'deposit', 'fees', 'outputs', 'signature_text'])
      assert.match(b.trackcode, /^[0-9A-F]{16}$/)
      assert.equal(b.maintenance, 0)
      const now = Math.floor(t.clock.now() / 1000)
      assert.match(b.deposit.address, /^tb1q/, 'test mode: a simulated Bitcoin address')
      assert.deepEqual(
        { ...b.deposit, address: undefined, qr_code: undefined },
        {
          address: undefined,
          name: 'Bitcoin',
          symbol: '₿',
          network: 'btc',
          network_label: 'Bitcoin (BTC)',
          deposit_amount: '10.00000000',
          min_amount: 0.001,
          max_amount: 20,
          expires_at: now + 172800,
          qr_code: undefined,
        },
      )
      assert.match(b.deposit.qr_code, /^data:image\/png;base64,iVBORw0KGgo/)
      assert.ok(
        r.text.includes(
          '"fees":{"service_fee_percent":0.45,"service_fee_value":"0.04500000","fee_per_output":"0.00005000","fee_outputs_total":"0.00010000","fee_total":"0.04510000"}',
        ),
        r.text,
      )
      assert.deepEqual(b.outputs, [
        {
          id: 1,
          address: '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL',
          destination_tag: null,
          share_percent: 84.93,
          delay_minutes: 0,
          delay_label: '0h 0m',
          amount: '8.45469657',
          time: now,
        },
        {
          id: 2,
          address: '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM',
          destination_tag: null,
          share_percent: 15.07,
          delay_minutes: 120,
          delay_label: '2h 0m',
          amount: '1.50020343',
          time: now + 7200,
        },
      ])
      assert.match(b.signature_text, /^-----BEGIN DIGITAL SIGNATURE-----\n[A-Za-z0-9+/=\n]+\n-----END DIGITAL SIGNATURE-----$/)
      const audit = await t.kassa.database.db.selectFrom('swap_audit').selectAll().where('trackcode', '=', b.trackcode).execute()
      assert.equal(audit.length, 1)
      assert.equal(audit[0]!.event, 'created')
    })

    test('each order gets its own deposit address; no QR unless asked; "2h 0m" delays and a single 100 % output', async () => {
      const a = await create(withOutputs([out('100', '2h 0m')], { qrcode: 0 }))
      const b = await create(withOutputs([out('100', 90)]))
      assert.equal(a.status, 200, a.text)
      assert.notEqual(a.body.deposit.address, b.body.deposit.address)
      assert.equal(a.body.deposit.qr_code, undefined)
      assert.equal(a.body.outputs[0].delay_minutes, 120)
      assert.equal(a.body.outputs[0].share_percent, 100)
      assert.equal(b.body.outputs[0].delay_label, '1h 30m')
      // Without service_fee: the coin's default (0.50 %).
      assert.equal(a.body.fees.service_fee_percent, 0.45)
      const d = await create({ ...withOutputs([out('100')]), service_fee: undefined })
      assert.equal(d.body.fees.service_fee_percent, 0.5)
      assert.equal(d.body.fees.service_fee_value, '0.05000000')
    })

    const BAD: [name: string, body: unknown, status: number, code: string, message?: RegExp][] = [
      ['a percent with three decimals', withOutputs([out('84.930'), out('15.070')]), 400, 'BAD_REQUEST', /at most 2 decimals/],
      ['a percent under 1', withOutputs([out('0.99'), out('99.01')]), 400, 'BAD_REQUEST', /1\.00 to 100\.00/],
      ['a sum of 99.99', withOutputs([out('84.92'), out('15.07')]), 400, 'BAD_REQUEST', /^Sum of percents must be exactly 100\.00$/],
      ['11 outputs', withOutputs([...Array.from({ length: 10 }, () => out('9')), out('10')]), 400, 'BAD_REQUEST', /1 to 10 outputs/],
      ['no outputs', withOutputs([]), 400, 'BAD_REQUEST'],
      ['a delay of 2881 minutes', withOutputs([out('100', '2881')]), 400, 'BAD_REQUEST', /48h/],
      ['a delay of "49h"', withOutputs([out('100', '49h')]), 400, 'BAD_REQUEST', /48h/],
      ['a service fee of 0.09', { ...SEED_ORDER, service_fee: 0.09 }, 400, 'BAD_REQUEST', /0\.10 to 5\.00/],
      ['a service fee of 5.01', { ...SEED_ORDER, service_fee: 5.01 }, 400, 'BAD_REQUEST', /0\.10 to 5\.00/],
      ['an amount under the minimum', { ...SEED_ORDER, amount: '0.0009' }, 400, 'AMOUNT_TOO_LOW', /minimum of 0\.001/],
      ['an amount over the maximum', { ...SEED_ORDER, amount: '20.00000001' }, 400, 'AMOUNT_TOO_HIGH', /maximum of 20/],
      ['an amount with 9 decimals', { ...SEED_ORDER, amount: '1.000000001' }, 400, 'BAD_REQUEST'],
      ['an amount as a comma decimal', { ...SEED_ORDER, amount: '1,5' }, 400, 'BAD_REQUEST'],
      [
        "an address of another network (the seed's XRP address on btc)",
        withOutputs([{ address: 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb', percent: '100', delay: '0', destination_tag: '435757008' }]),
        400,
        'BAD_REQUEST',
        /not a valid Bitcoin/,
      ],
      [
        'a missing XRP destination tag',
        { ...withOutputs([out('100', '0', 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb')]), crypto: 'xrp', network: 'xrp', amount: '100' },
        400,
        'BAD_REQUEST',
        /destination_tag is required/,
      ],
      [
        'a missing TON memo',
        {
          ...withOutputs([out('100', '0', 'UQDTQmCrngsFMbgBhWNX_Sg6Ko3sXUcdeliM5OoZO2Pt4NJx')]),
          crypto: 'ton',
          network: 'ton',
          amount: '10',
        },
        400,
        'BAD_REQUEST',
        /memo/,
      ],
      ['an unknown coin/network pair', { ...SEED_ORDER, network: 'trx' }, 400, 'BAD_REQUEST', /btc\/trx/],
      ['an unknown partner key', { ...SEED_ORDER, partner: 'swp_nobody' }, 400, 'BAD_REQUEST', /partner/],
      ['a tag on a network without tags', withOutputs([{ ...out('100'), destination_tag: '5' }]), 400, 'BAD_REQUEST'],
      ['a body that is not JSON', '{"amount": ', 400, 'BAD_REQUEST'],
      ['a JSON array body', '[]', 400, 'BAD_REQUEST'],
    ]
    for (const [name, body, status, code, message] of BAD) {
      test(`refused: ${name} → ${status} ${code}, and no order is written`, async () => {
        const before = await orderCount()
        const r = await create(body)
        const text = expectSwapError(r, status, code)
        if (message) assert.match(text, message)
        assert.equal(await orderCount(), before)
      })
    }

    test('a live account never gets a simulated address: without a real BTC (or XRP) network, 503 SERVICE_UNAVAILABLE', async () => {
      const live = (await t.kassa.swapAccounts.create('Live', 'standard', 'live')).swapApiKey
      const before = await orderCount()
      expectSwapError(await swapRequest(t, 'POST', '/v1/mixer/orders', live, SEED_ORDER), 503, 'SERVICE_UNAVAILABLE')
      const xrp = {
        ...withOutputs([{ ...out('100', '0', 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb'), destination_tag: '435757008' }]),
        crypto: 'xrp',
        network: 'xrp',
        amount: '100',
      }
      assert.match(
        expectSwapError(await swapRequest(t, 'POST', '/v1/mixer/orders', live, xrp), 503, 'SERVICE_UNAVAILABLE'),
        /No deposit address/,
      )
      assert.equal(await orderCount(), before)
    })

    test('a pair under maintenance with a valid address: 503 SERVICE_UNAVAILABLE', async () => {
      const r = await create({
        ...withOutputs([out('100', '0', 'LQL9pVH1LsMfKwt82Y2wGhNGkrjF8vwUst')]),
        crypto: 'ltc',
        network: 'ltc',
        amount: '1',
      })
      expectSwapError(r, 503, 'SERVICE_UNAVAILABLE')
    })

    test('an output on the screening list: 403 FORBIDDEN with a clear message, nothing written; off the list, accepted', async () => {
      await t.kassa.screening.add('1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', 'test')
      const before = await orderCount()
      const message = expectSwapError(await create(SEED_ORDER), 403, 'FORBIDDEN')
      assert.match(message, /1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM is on this service's screening list/)
      assert.equal(await orderCount(), before)
      assert.equal(await t.kassa.screening.remove('1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM'), true)
      assert.equal((await create(SEED_ORDER)).status, 200)
    })
  })
}
