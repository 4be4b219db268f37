import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SimChainRepository } from '../../src/db/repositories/sim-chain-repository.js'
import { validateRateTable, OFFLINE_RATE_PRICES } from '../../src/rates/index.js'
import { testDialects } from '../support/databases.js'
import { expectSwapError, swapFixture, swapRequest } from './swap-client.js'

// The Swap API's own coins end to end in test mode: DOGE, XRP, TON and SOL get deposit
// addresses on their simulated networks, are funded through the simulator, activate, and are
// paid out by the payout engine, an XRP destination tag or a TON memo riding on the payout to
// the simulated transaction; prices come from the rate source. They stay out of the Merchant API.

/** A mainnet X-address whose embedded destination tag is 4294967295. */
const X_ADDRESS = 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi'
const XRP_ORDER = {
  crypto: 'xrp',
  network: 'xrp',
  amount: '100',
  addresses: [
    { address: 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb', percent: '60', delay: '0', destination_tag: '435757008' },
    { address: X_ADDRESS, percent: '40', delay: '30' },
  ],
}
/** The seed's BTC → TON sample body. */
const BTC_TO_TON = {
  from_coin: 'btc',
  from_network: 'btc',
  to_coin: 'ton',
  to_network: 'ton',
  to_address: 'UQDTQmCrngsFMbgBhWNX_Sg6Ko3sXUcdeliM5OoZO2Pt4NJx',
  memo: 'MYMEMO123',
  amount: '0.015',
}

for (const dialect of await testDialects()) {
  describe(`swap-only coins (${dialect.name})`, () => {
    const f = swapFixture(dialect)
    const chain = () => new SimChainRepository(f.t.kassa.database.db)
    const check = (trackcode: string) =>
      swapRequest(f.t, 'POST', '/v1/orders/check', f.key, { trackcode, outputs: 'full', mask_addresses: false })

    test('a split order on XRP with destination tags: funded, activated, each output paid with its tag on the simulated transaction', async () => {
      const created = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, { ...XRP_ORDER, qrcode: 1 })
      assert.equal(created.status, 200, created.text)
      const { trackcode, deposit, outputs } = created.body
      assert.match(deposit.address, /^T/, 'a test-network X-address')
      assert.ok(f.t.kassa.deps.chains.byNetwork('sim-xrp')!.receive.validateAddress(deposit.address))
      assert.match(deposit.qr_code, /^data:image\/png;base64,/)
      // 100 XRP, 0.50 %, 2 × 0.1 per output: 99.3 shared 60/40.
      assert.deepEqual(
        outputs.map((o: { amount: string; destination_tag: string }) => [o.amount, o.destination_tag]),
        [
          ['59.58000000', '435757008'],
          ['39.72000000', '4294967295'],
        ],
      )

      const paid = await f.t.kassa.simulation.payOrder(trackcode)
      assert.deepEqual(
        { network: paid.network, currency: paid.currency, amount: paid.amount },
        { network: 'sim-xrp', currency: 'XRP', amount: 100_000_000n },
      )
      await f.t.kassa.simulation.mine(1, 'sim-xrp')
      await f.t.kassa.runWorkersOnce()
      let r = await check(trackcode)
      assert.equal(r.body.deposit.funding.can_start, true, r.text)
      assert.equal(r.body.outputs[0].state, 2, 'the undelayed output went out at activation')
      assert.equal(r.body.outputs[1].state, 1)
      const first = await chain().transaction('sim-xrp', r.body.outputs[0].tx)
      assert.deepEqual(
        { to: first?.toAddress, amount: first?.amount, memo: first?.memo },
        { to: 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb', amount: 59_580_000n, memo: '435757008' },
      )

      await f.t.kassa.simulation.mine(1, 'sim-xrp')
      f.t.clock.advance(30 * 60_000)
      await f.t.kassa.runWorkersOnce()
      await f.t.kassa.simulation.mine(1, 'sim-xrp')
      await f.t.kassa.runWorkersOnce()
      r = await check(trackcode)
      assert.deepEqual(
        r.body.outputs.map((o: { state: number; confirm: number; destination_tag: string }) => [o.state, o.confirm, o.destination_tag]),
        [
          [2, 1, '435757008'],
          [2, 1, '4294967295'],
        ],
        r.text,
      )
      const second = await chain().transaction('sim-xrp', r.body.outputs[1].tx)
      assert.deepEqual(
        { to: second?.toAddress, amount: second?.amount, memo: second?.memo },
        { to: X_ADDRESS, amount: 39_720_000n, memo: '4294967295' },
        "the X-address's own tag",
      )
      const memos = await f.t.kassa.database.db
        .selectFrom('payouts')
        .select(['memo', 'status'])
        .where('network', '=', 'sim-xrp')
        .orderBy('amount', 'desc')
        .execute()
      assert.deepEqual(
        memos.map((p) => [p.memo, p.status]),
        [
          ['435757008', 'confirmed'],
          ['4294967295', 'confirmed'],
        ],
      )
    })

    test('an exchange BTC → TON with a memo (the seed sample): quoted, funded, paid after 10 minutes with the memo', async () => {
      const r = await swapRequest(f.t, 'POST', '/v1/exchange/orders', f.key, BTC_TO_TON)
      assert.equal(r.status, 200, r.text)
      // 0.015 × 97 500 = 1462.5 USD; × 0.995 = 1455.1875; ÷ 3.2 = 454.74609375 TON.
      assert.ok(r.text.includes('"to":{"coin":"TON","network":"ton","price_usd":3.2,"estimated_receive":"454.74609375"}'), r.text)
      assert.equal(r.body.receive.destination_tag, 'MYMEMO123')
      assert.equal(r.body.outputs[0].destination_tag, 'MYMEMO123')
      const { trackcode } = r.body
      await f.t.kassa.simulation.payOrder(trackcode)
      await f.t.kassa.simulation.mine(2, 'sim-bitcoin')
      await f.t.kassa.runWorkersOnce()
      assert.equal((await check(trackcode)).body.outputs[0].state, 1)
      f.t.clock.advance(10 * 60_000)
      await f.t.kassa.runWorkersOnce()
      let c = await check(trackcode)
      assert.equal(c.body.outputs[0].state, 2, c.text)
      assert.equal(c.body.outputs[0].coin, 'ton')
      const sent = await chain().transaction('sim-ton', c.body.outputs[0].tx)
      assert.deepEqual(
        { to: sent?.toAddress, currency: sent?.currency, amount: sent?.amount, memo: sent?.memo },
        { to: BTC_TO_TON.to_address, currency: 'TON', amount: 454_746_093_750n, memo: 'MYMEMO123' },
        'nanotons, memo on the transfer',
      )
      await f.t.kassa.simulation.mine(1, 'sim-ton')
      await f.t.kassa.runWorkersOnce()
      c = await check(trackcode)
      assert.equal(c.body.outputs[0].confirm, 1)
      assert.equal(c.body.outputs[0].destination_tag, 'MYMEMO123', 'check keeps reporting the memo')
      assert.equal(c.body.status_reason, undefined)
    })

    test('exchange quotes DOGE and SOL from the rate source', async () => {
      const r = await swapRequest(f.t, 'POST', '/v1/exchange/orders', f.key, {
        from_coin: 'sol',
        from_network: 'sol',
        to_coin: 'doge',
        to_network: 'doge',
        to_address: 'DLPaeuaJi2JLUcvYHD4ddLxadwnGaVSt4p',
        amount: '10',
      })
      assert.equal(r.status, 200, r.text)
      // 10 × 180 = 1800 USD; × 0.995 = 1791; ÷ 0.22014648 = 8135.4923321962… DOGE, rounded down.
      assert.ok(
        r.text.includes(
          '"quote":{"from":{"coin":"SOL","network":"sol","price_usd":180,"amount":"10.00000000","amount_usd":"1800.00000000"},"to":{"coin":"DOGE","network":"doge","price_usd":0.22014648,"estimated_receive":"8135.49233219"},"fee_percent":0.5,"final_usd":"1791.00000000"}',
        ),
        r.text,
      )
      assert.equal(r.body.deposit.network, 'sol')
      assert.ok(f.t.kassa.deps.chains.byNetwork('sim-solana')!.receive.validateAddress(r.body.deposit.address))

      const prices = await swapRequest(f.t, 'GET', '/v1/prices?symbols=DOGE,XRP,TON,SOL', f.key)
      assert.deepEqual(prices.body.prices, { DOGE: '0.22014648', XRP: '2.5', TON: '3.2', SOL: '180' })
    })

    test("ETH → DOGE at the seed's own prices: the seed's quote to the digit", async () => {
      const seedPrices = {
        ...OFFLINE_RATE_PRICES,
        eth: { ...OFFLINE_RATE_PRICES.eth, usd: '4300.88362842' },
        doge: { usd: '0.22014647970018' },
      }
      const rates = f.t.kassa.rates
      const real = rates.getRates
      rates.getRates = async () => validateRateTable(seedPrices, 'test', f.t.clock.now())
      try {
        const r = await swapRequest(f.t, 'POST', '/v1/exchange/orders', f.key, {
          from_coin: 'eth',
          from_network: 'eth',
          to_coin: 'doge',
          to_network: 'doge',
          to_address: 'DLPaeuaJi2JLUcvYHD4ddLxadwnGaVSt4p',
          amount: '1.00000000',
          service_fee: 0.6,
        })
        assert.ok(
          r.text.includes(
            '"quote":{"from":{"coin":"ETH","network":"eth","price_usd":4300.8836,"amount":"1.00000000","amount_usd":"4300.88362842"},"to":{"coin":"DOGE","network":"doge","price_usd":0.22014648,"estimated_receive":"19419.24455241"},"fee_percent":0.6,"final_usd":"4275.07832665"}',
          ),
          r.text,
        )
        // A rate source without a SOL price: that side cannot be quoted.
        const { sol: _sol, ...noSol } = seedPrices
        rates.getRates = async () => validateRateTable(noSol, 'test', f.t.clock.now())
        const before = (await f.t.kassa.database.db.selectFrom('swap_orders').select('trackcode').execute()).length
        assert.match(
          expectSwapError(
            await swapRequest(f.t, 'POST', '/v1/exchange/orders', f.key, {
              from_coin: 'sol',
              from_network: 'sol',
              to_coin: 'btc',
              to_network: 'btc',
              to_address: '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM',
              amount: '10',
            }),
            503,
            'SERVICE_UNAVAILABLE',
          ),
          /SOL/,
        )
        assert.equal(
          (await f.t.kassa.database.db.selectFrom('swap_orders').select('trackcode').execute()).length,
          before,
          'nothing written',
        )
      } finally {
        rates.getRates = real
      }
    })

    test('DOGE and SOL split orders: testnet-format deposit addresses, funded and paid through the simulator', async () => {
      const doge = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, {
        crypto: 'doge',
        network: 'doge',
        amount: '1000',
        addresses: [{ address: 'DLPaeuaJi2JLUcvYHD4ddLxadwnGaVSt4p', percent: '100', delay: '0' }],
      })
      assert.equal(doge.status, 200, doge.text)
      assert.match(doge.body.deposit.address, /^n/, 'Dogecoin testnet P2PKH')
      const sol = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, {
        crypto: 'sol',
        network: 'sol',
        amount: '2',
        addresses: [{ address: '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV', percent: '100', delay: '0' }],
      })
      assert.equal(sol.status, 200, sol.text)
      await f.t.kassa.simulation.payOrder(doge.body.trackcode)
      await f.t.kassa.simulation.payOrder(sol.body.trackcode)
      await f.t.kassa.simulation.mine(6, 'sim-dogecoin')
      await f.t.kassa.simulation.mine(1, 'sim-solana')
      await f.t.kassa.runWorkersOnce()
      for (const [order, network, units] of [
        [doge, 'sim-dogecoin', 99_400_000_000n],
        [sol, 'sim-solana', 1_989_000_000n],
      ] as const) {
        const r = await check(order.body.trackcode)
        assert.equal(r.body.outputs[0].state, 2, r.text)
        const tx = await chain().transaction(network, r.body.outputs[0].tx)
        assert.deepEqual(
          { to: tx?.toAddress, amount: tx?.amount, memo: tx?.memo },
          { to: order.body.outputs[0].address, amount: units, memo: null },
        )
      }
    })

    test('they stay out of the Merchant API: no store currency, not in /api/v1/rates', async () => {
      await assert.rejects(f.t.createStore('DOGE'), /DOGE/)
      const rates = await fetch(`${f.t.baseUrl}/api/v1/rates`).then(
        (r) => r.json() as Promise<{ data: { rates: Record<string, unknown> } }>,
      )
      assert.deepEqual(Object.keys(rates.data.rates), ['btc', 'eth', 'usdt', 'ltc', 'trx'])
    })
  })
}
