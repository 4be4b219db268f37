import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { runSwapWorker } from '../../src/jobs/workers/swap-worker.js'
import { sendEth, startAnvil } from '../support/anvil.js'
import type { Anvil } from '../support/anvil.js'
import { testDialects } from '../support/databases.js'
import { startEvmKassa } from '../support/evm-kassa.js'
import type { EvmTestKassa } from '../support/evm-kassa.js'
import { swapRequest } from '../swap/swap-client.js'

/**
 * A split order of a live Swap account on a real EVM network: its deposit address comes from
 * the operator's HD key (the payments' counter), the watcher of the real network sees the
 * deposit, the order activates once confirmed, and each output is sent by the payout engine
 * from the hot wallet after its delay.
 */
const ETH = 10n ** 18n

for (const dialect of await testDialects()) {
  describe(`Swap split order on anvil (${dialect.name})`, () => {
    let anvil: Anvil
    let t: EvmTestKassa
    let key: string

    before(async () => {
      anvil = await startAnvil()
      t = await startEvmKassa(dialect, anvil, { confirmations: 3 })
      key = (await t.kassa.swapAccounts.create('Live client', 'standard', 'live')).swapApiKey
      // A payment first, so the order's index follows a payment's on the shared counter.
      const store = await t.createStore('ETH', { mode: 'live' })
      assert.equal((await t.request(store, 'POST', '/api/v1/payment/create', { amount: '0.1' })).status, 200)
    })
    after(async () => {
      await t?.close()
      await anvil?.stop()
    })

    test('deposit seen by the real watcher, activation at depth, outputs paid after their delays', async () => {
      const a = privateKeyToAccount(generatePrivateKey()).address
      const b = privateKeyToAccount(generatePrivateKey()).address
      const created = await swapRequest(t, 'POST', '/v1/mixer/orders', key, {
        action: 'create_order',
        crypto: 'eth',
        network: 'eth',
        amount: '1.00000000',
        service_fee: 0.5,
        addresses: [
          { address: a, percent: '60', delay: '0' },
          { address: b, percent: '40', delay: '30' },
        ],
      })
      assert.equal(created.status, 200, created.text)
      const { trackcode } = created.body
      const deposit = created.body.deposit.address as string
      const row = await t.kassa.database.db
        .selectFrom('swap_orders')
        .select(['chain_network', 'deposit_index'])
        .where('trackcode', '=', trackcode)
        .executeTakeFirstOrThrow()
      assert.equal(row.chain_network, 'evm-anvil')
      assert.equal(deposit, t.adapter.receive.deriveAddress('any', Number(row.deposit_index)), 'the operator key at the next index')
      const payments = await t.kassa.database.db
        .selectFrom('deposit_addresses')
        .select('address')
        .where('network', '=', 'evm-anvil')
        .execute()
      assert.ok(!payments.some((p) => p.address === deposit), "never a payment's address")

      const payer = await anvil.newPayer()
      await sendEth(anvil, payer, deposit, ETH)
      await anvil.mine(1)
      await t.watcher.runOnce()
      await runSwapWorker(t.kassa.swap)
      const check = () => swapRequest(t, 'POST', '/v1/orders/check', key, { trackcode, outputs: 'full', mask_addresses: 0 })
      let r = await check()
      assert.equal(r.body.deposit.confirm_status, 1, r.text)
      await anvil.mine(2)
      await t.watcher.runOnce()
      await runSwapWorker(t.kassa.swap)
      r = await check()
      assert.equal(r.body.deposit.confirm_status, 2, r.text)
      assert.equal(r.body.deposit.funding.is_fully_funded, true, r.text)

      // The first output (no delay) goes now; the second after 30 minutes.
      await t.kassa.payouts.runOnce()
      await anvil.mine(3)
      await t.kassa.payouts.runOnce()
      const outputs = created.body.outputs as { address: string; amount: string }[]
      const wei = (amount: string) => BigInt(Math.round(Number(amount) * 1e8)) * 10n ** 10n
      assert.equal(await anvil.public.getBalance({ address: a as Hex }), wei(outputs[0]!.amount))
      assert.equal(await anvil.public.getBalance({ address: b as Hex }), 0n, 'not before its delay')
      t.clock.advance(31 * 60_000)
      await runSwapWorker(t.kassa.swap)
      await t.kassa.payouts.runOnce()
      await anvil.mine(3)
      await t.kassa.payouts.runOnce()
      assert.equal(await anvil.public.getBalance({ address: b as Hex }), wei(outputs[1]!.amount))
      r = await check()
      assert.deepEqual(
        r.body.outputs.map((o: { state: number }) => o.state),
        [2, 2],
        r.text,
      )
    })
  })
}
