import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { SimChainRepository } from '../../src/db/repositories/sim-chain-repository.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { expectSwapError, swapRequest } from './swap-client.js'

// Seed 交換: quote and receive blocks from the rate source (Kassa's offline table: ETH 3200,
// BTC 97500 USD), USD limits per pair, the fee rule; then funded, activated, and paid out
// from the simulated Bitcoin hot wallet after the 10-minute receive delay.

const BTC_TO = '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM'
const ETH_TO_BTC = { from_coin: 'eth', from_network: 'eth', to_coin: 'btc', to_network: 'btc', to_address: BTC_TO, amount: '1.00000000' }

for (const dialect of await testDialects()) {
  describe(`exchange orders (${dialect.name})`, () => {
    let t: TestKassa
    let key: string
    let partner: { accountId: string; partnerKey: string }
    const create = (body: unknown) => swapRequest(t, 'POST', '/v1/exchange/orders', key, body)

    before(async () => {
      t = await startTestKassa(dialect)
      key = (await t.kassa.swapAccounts.create('Client')).swapApiKey
      partner = await t.kassa.swapAccounts.create('Partner')
    })
    after(async () => {
      await t.close()
    })

    test("1 ETH → BTC: the seed's blocks, priced from the rate source; funded, activated, paid out after 10 minutes", async () => {
      const r = await create({ ...ETH_TO_BTC, service_fee: 0.6, partner: partner.partnerKey, qrcode: 1 })
      assert.equal(r.status, 200, r.text)
      const b = r.body
      assert.deepEqual(Object.keys(b), ['ok', 'type', 'trackcode', 'pair', 'deposit', 'quote', 'receive', 'outputs', 'signature_text'])
      assert.deepEqual(b.pair, { from: 'ETH_eth', to: 'BTC_btc' })
      assert.match(b.deposit.address, /^0x[0-9a-fA-F]{40}$/)
      assert.equal(b.deposit.min_usd, 100)
      assert.equal(b.deposit.max_usd, 88565)
      assert.match(b.deposit.qr_code, /^data:image\/png;base64,/)
      // 3200 × (1 − 0.006) = 3180.8 USD; ÷ 97500 = 0.03262358974… → 0.03262358 (rounded down).
      assert.ok(
        r.text.includes(
          '"quote":{"from":{"coin":"ETH","network":"eth","price_usd":3200,"amount":"1.00000000","amount_usd":"3200.00000000"},"to":{"coin":"BTC","network":"btc","price_usd":97500,"estimated_receive":"0.03262358"},"fee_percent":0.6,"final_usd":"3180.80000000"}',
        ),
        r.text,
      )
      const now = Math.floor(t.clock.now() / 1000)
      assert.deepEqual(b.receive, {
        address: BTC_TO,
        destination_tag: null,
        coin: 'BTC',
        network: 'btc',
        percent: 100,
        delay_minutes: 10,
        delay_label: '0h 10m',
        amount: '0.03262358',
        time: now + 600,
      })
      assert.deepEqual(b.outputs, [
        {
          id: 1,
          address: BTC_TO,
          destination_tag: null,
          share_percent: 100,
          delay_minutes: 10,
          delay_label: '0h 10m',
          amount: '0.03262358',
          time: now + 600,
        },
      ])

      const chain = new SimChainRepository(t.kassa.database.db)
      await chain.addTransaction(
        {
          txHash: randomBytes(32).toString('hex'),
          network: 'sim-ethereum',
          currency: 'ETH',
          toAddress: b.deposit.address,
          amount: 10n ** 18n,
        },
        t.clock.now(),
      )
      await t.kassa.simulation.mine(12, 'sim-ethereum')
      await t.kassa.runWorkersOnce()
      let c = await swapRequest(t, 'POST', '/v1/orders/check', key, { trackcode: b.trackcode, outputs: 'full' })
      assert.equal(c.body.type, 'exchange')
      assert.equal(c.body.deposit.funding.can_start, true, c.text)
      assert.equal(c.body.outputs[0].state, 1)
      assert.equal(c.body.outputs[0].coin, 'btc')
      assert.equal(c.body.status_reason, undefined)
      // The operator's BTC hot wallet short of the receive amount: the order says why it waits.
      const send = t.kassa.deps.chains.byNetwork('sim-bitcoin')!.send! as { balance: (a: string, c: string) => Promise<bigint> }
      const unlimited = send.balance
      send.balance = async () => 3_262_357n
      c = await swapRequest(t, 'POST', '/v1/orders/check', key, { trackcode: b.trackcode })
      assert.equal(c.body.status_reason, 'INSUFFICIENT_LIQUIDITY')
      send.balance = unlimited
      t.clock.advance(10 * 60_000)
      await t.kassa.runWorkersOnce()
      c = await swapRequest(t, 'POST', '/v1/orders/check', key, { trackcode: b.trackcode, outputs: 'full', mask_addresses: false })
      assert.equal(c.body.outputs[0].state, 2, c.text)
      const sent = await chain.transaction('sim-bitcoin', c.body.outputs[0].tx)
      assert.deepEqual({ to: sent?.toAddress, amount: sent?.amount }, { to: BTC_TO, amount: 3_262_358n })
      // 30 % of the 0.6 % fee on 1 ETH = 0.0018 ETH, in wei.
      const credit = await t.kassa.database.db
        .selectFrom('ledger_entries')
        .select('amount')
        .where('account', '=', `partner:${partner.accountId}`)
        .execute()
      assert.deepEqual(
        credit.map((e) => String(e.amount)),
        ['1800000000000000'],
      )
      const v = await swapRequest(t, 'POST', '/v1/validate', key, { signature: b.signature_text })
      assert.equal(v.body.route, 'exc-send')
    })

    test('the fee rule: under the default gets the default, over 3.00 is capped, none is max(default, 0.50)', async () => {
      assert.equal((await create({ ...ETH_TO_BTC, service_fee: 0.1 })).body.quote.fee_percent, 0.5)
      assert.equal((await create({ ...ETH_TO_BTC, service_fee: 5 })).body.quote.fee_percent, 3)
      assert.equal((await create(ETH_TO_BTC)).body.quote.fee_percent, 0.5)
    })

    const BAD: [string, Record<string, unknown>, number, string][] = [
      ["under the pair's USD minimum (0.01 ETH = 32 USD)", { ...ETH_TO_BTC, amount: '0.01' }, 400, 'AMOUNT_TOO_LOW'],
      ["over the pair's USD maximum (28 ETH = 89 600 USD)", { ...ETH_TO_BTC, amount: '28' }, 400, 'AMOUNT_TOO_HIGH'],
      ['a destination of another network', { ...ETH_TO_BTC, to_address: '0x7ed2bf650d12819171a8add77fe772a18dd77a10' }, 400, 'BAD_REQUEST'],
      [
        'XRP without a destination tag',
        { ...ETH_TO_BTC, to_coin: 'xrp', to_network: 'xrp', to_address: 'rLWyHZwAhsVrHCu8ahsfQfb9w9w7A5WTrS' },
        400,
        'BAD_REQUEST',
      ],
      [
        'TON without a memo',
        { ...ETH_TO_BTC, to_coin: 'ton', to_network: 'ton', to_address: 'UQDTQmCrngsFMbgBhWNX_Sg6Ko3sXUcdeliM5OoZO2Pt4NJx' },
        400,
        'BAD_REQUEST',
      ],
      ['an unknown pair', { ...ETH_TO_BTC, to_network: 'erc20' }, 400, 'BAD_REQUEST'],
      [
        'the same coin on both sides',
        { ...ETH_TO_BTC, to_coin: 'eth', to_network: 'eth', to_address: '0x7ed2bf650d12819171a8add77fe772a18dd77a10' },
        400,
        'BAD_REQUEST',
      ],
      ['a fee with three decimals', { ...ETH_TO_BTC, service_fee: '0.605' }, 400, 'BAD_REQUEST'],
    ]
    for (const [name, body, status, code] of BAD) {
      test(`refused: ${name} → ${status} ${code}, nothing written`, async () => {
        const count = async () =>
          (
            await t.kassa.database.db
              .selectFrom('swap_orders')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n
        const before = await count()
        expectSwapError(await create(body), status, code)
        assert.equal(await count(), before)
      })
    }

    test('a screened destination: 403 FORBIDDEN', async () => {
      await t.kassa.screening.add(BTC_TO, 'test')
      assert.match(expectSwapError(await create(ETH_TO_BTC), 403, 'FORBIDDEN'), /screening list/)
      await t.kassa.screening.remove(BTC_TO)
    })
  })
}
