import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { tronAddressOfPrivateKey } from '../../src/chains/adapters/tron/tron-keys.js'
import { runSwapWorker } from '../../src/jobs/workers/swap-worker.js'
import { parseAmount } from '../../src/money/index.js'
import { testDialects } from '../support/databases.js'
import { startTronKassa } from '../support/tron-kassa.js'
import type { TronTestKassa } from '../support/tron-kassa.js'
import { startTronNode } from '../support/tron-node/tron-node.js'
import type { TronNode } from '../support/tron-node/tron-node.js'
import { swapRequest } from '../swap/swap-client.js'

/**
 * Swap API orders of a live account on TRON (the node double): USDT-TRC20 and TRX split orders
 * whose deposits the real watcher sees, activated at 19 confirmations, their outputs paid from
 * the hot wallet by the payout engine, each broadcast checked on the node as the intended transfer.
 */
const sun = (text: string) => {
  const r = parseAmount(text, 6)
  assert.ok(r.ok, text)
  return r.atomic
}

for (const dialect of await testDialects()) {
  describe(`Swap orders on TRON (${dialect.name})`, () => {
    let node: TronNode
    let t: TronTestKassa
    let key: string

    before(async () => {
      node = await startTronNode({ network: 'nile' })
      t = await startTronKassa(dialect, node)
      key = (await t.kassa.swapAccounts.create('Live client', 'standard', 'live')).swapApiKey
      await t.watcher.runOnce()
    })
    after(async () => {
      if (node) assert.deepEqual(node.violations, [])
      await t?.close()
      await node?.stop()
    })

    const freshAddress = () => tronAddressOfPrivateKey(new Uint8Array(randomBytes(32)))
    const check = (trackcode: string) => swapRequest(t, 'POST', '/v1/orders/check', key, { trackcode, outputs: 'full', mask_addresses: 0 })

    for (const coin of ['usdt', 'trx'] as const) {
      test(`${coin.toUpperCase()} split order: the deposit seen on chain, activated at 19, both outputs paid after their delays`, async () => {
        const a = freshAddress()
        const b = freshAddress()
        const created = await swapRequest(t, 'POST', '/v1/mixer/orders', key, {
          action: 'create_order',
          crypto: coin,
          network: 'trx',
          amount: coin === 'usdt' ? '500.00' : '1000.00',
          service_fee: 0.5,
          addresses: [
            { address: a, percent: '70', delay: '0' },
            { address: b, percent: '30', delay: '30' },
          ],
        })
        assert.equal(created.status, 200, created.text)
        const { trackcode } = created.body
        const deposit = created.body.deposit.address as string
        assert.match(deposit, /^T/)
        const row = await t.kassa.database.db
          .selectFrom('swap_orders')
          .select(['chain_network', 'deposit_index'])
          .where('trackcode', '=', trackcode)
          .executeTakeFirstOrThrow()
        assert.equal(row.chain_network, 'tron-nile')
        assert.equal(deposit, t.adapter.receive.deriveAddress('any', Number(row.deposit_index)))

        const amount = sun(created.body.deposit.amount ?? (coin === 'usdt' ? '500' : '1000'))
        if (coin === 'usdt') node.payUsdt({ to: deposit, amount })
        else node.payTrx({ to: deposit, amount })
        node.mine(1)
        await t.watcher.runOnce()
        await runSwapWorker(t.kassa.swap)
        let r = await check(trackcode)
        assert.equal(r.body.deposit.confirm_status, 1, r.text)
        node.mine(18)
        await t.watcher.runOnce()
        await runSwapWorker(t.kassa.swap)
        r = await check(trackcode)
        assert.equal(r.body.deposit.confirm_status, 2, r.text)
        assert.equal(r.body.deposit.funding.is_fully_funded, true, r.text)

        const outputs = created.body.outputs as { address: string; amount: string }[]
        const held = (address: string) => (coin === 'usdt' ? node.account(address).usdt : node.account(address).trx)
        await t.kassa.payouts.runOnce()
        node.mine(19)
        await t.kassa.payouts.runOnce()
        assert.equal(held(a), sun(outputs[0]!.amount))
        assert.equal(held(b), 0n, 'not before its delay')
        const sent = node.broadcasts.filter((x) => x.to === a)
        assert.equal(sent.length, 1)
        assert.deepEqual({ owner: sent[0]!.owner, token: sent[0]!.token }, { owner: t.hotWallet, token: coin === 'usdt' ? 'USDT' : null })

        t.clock.advance(31 * 60_000)
        await runSwapWorker(t.kassa.swap)
        await t.kassa.payouts.runOnce()
        node.mine(19)
        await t.kassa.payouts.runOnce()
        assert.equal(held(b), sun(outputs[1]!.amount))
        r = await check(trackcode)
        assert.deepEqual(
          r.body.outputs.map((o: { state: number }) => o.state),
          [2, 2],
          r.text,
        )
        assert.ok(
          r.body.outputs.every((o: { tx?: string }) => /^[0-9a-f]{64}$/.test(o.tx ?? '')),
          'each output names its TRON transaction',
        )
      })
    }

    test('an exchange order TRX → USDT-TRC20: the TRX deposit activates it, the USDT receive amount is paid after its delay', async () => {
      const to = freshAddress()
      const created = await swapRequest(t, 'POST', '/v1/exchange/orders', key, {
        from_coin: 'trx',
        from_network: 'trx',
        to_coin: 'usdt',
        to_network: 'trx',
        to_address: to,
        amount: '2000.000000',
      })
      assert.equal(created.status, 200, created.text)
      const { trackcode } = created.body
      assert.deepEqual(created.body.pair, { from: 'TRX_trx', to: 'USDT_trx' })
      node.payTrx({ to: created.body.deposit.address, amount: sun('2000') })
      node.mine(19)
      await t.watcher.runOnce()
      await runSwapWorker(t.kassa.swap)
      let r = await check(trackcode)
      assert.equal(r.body.deposit.funding.can_start, true, r.text)
      t.clock.advance(created.body.receive.delay_minutes * 60_000 + 60_000)
      await runSwapWorker(t.kassa.swap)
      await t.kassa.payouts.runOnce()
      node.mine(19)
      await t.kassa.payouts.runOnce()
      assert.equal(node.account(to).usdt, sun(created.body.receive.amount))
      const sent = node.broadcasts.filter((x) => x.to === to)
      assert.deepEqual(
        sent.map((x) => ({ owner: x.owner, token: x.token, amount: x.amount })),
        [{ owner: t.hotWallet, token: 'USDT', amount: sun(created.body.receive.amount) }],
      )
      r = await check(trackcode)
      assert.equal(r.body.outputs[0].state, 2, r.text)
    })
  })
}
