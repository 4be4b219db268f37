import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { Transaction, address as bitcoinAddress } from 'bitcoinjs-lib'
import { hotWalletAddress } from '../../src/chains/adapters/bitcoin/bitcoin-keys.js'
import { bitcoinLikeNetwork } from '../../src/chains/codecs/bitcoin/bitcoin-networks.js'
import { runSwapWorker } from '../../src/jobs/workers/swap-worker.js'
import { createPayment, status } from '../lifecycle/lifecycle-helpers.js'
import { ADDRESS_NETWORK, startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { swapRequest } from '../swap/swap-client.js'

/**
 * One transaction for several payouts on a UTXO chain: a Swap split order's outputs that come
 * due together are paid by one transaction with an output each (and change), and the sweeps
 * queued in one pass consolidate their deposit addresses into one output to the hot wallet.
 * Each payout records that one transaction; each is confirmed once.
 */
const skip = bitcoinNodesSkipReason()

for (const dialect of await testDialects()) {
  for (const coin of ['BTC', 'LTC'] as const) {
    describe(`batched payouts on ${coin} (${dialect.name})`, { skip }, () => {
      let node: BitcoinNode
      let t: BitcoinTestKassa
      let store: StoreCredentials
      const network = () => bitcoinLikeNetwork(ADDRESS_NETWORK[coin])
      const freshAddress = () => hotWalletAddress(new Uint8Array(randomBytes(32)), ADDRESS_NETWORK[coin]).address
      const scriptOf = (address: string) => Buffer.from(bitcoinAddress.toOutputScript(address, network())).toString('hex')

      before(async () => {
        node = await startBitcoinNode({ coin })
        t = await startBitcoinKassa(dialect, node, { confirmations: 1 })
        store = await t.createStore(coin, { mode: 'live' })
      })
      after(async () => {
        await t?.close()
        await node?.stop()
      })

      test('three paid deposit addresses are swept by one transaction: three inputs, one output to the hot wallet', async () => {
        const paid: string[] = []
        for (const amount of ['0.1', '0.2', '0.3']) {
          const p = await createPayment(t, store, { amount, currency: coin })
          await node.funder.pay([{ address: p.pay_address, sats: BigInt(Math.round(Number(amount) * 1e8)) }])
          paid.push(p.payment_id)
        }
        await node.mine(1)
        await t.watcher.runOnce()
        for (const id of paid) assert.equal((await status(t, store, id)).status, 'completed')
        await t.kassa.payouts.runOnce()
        const sweeps = (await t.kassa.deps.repos.payouts.list({ limit: 20 })).filter((p) => p.kind === 'sweep')
        assert.equal(sweeps.length, 3)
        const hashes = new Set(sweeps.map((s) => s.txHash))
        assert.equal(hashes.size, 1, 'one transaction for the three sweeps')
        const tx = Transaction.fromHex(sweeps[0]!.signedTx!)
        assert.equal(tx.ins.length, 3)
        assert.equal(tx.outs.length, 1)
        assert.equal(Buffer.from(tx.outs[0]!.script).toString('hex'), scriptOf(t.hotWallet))
        const swept = sweeps.reduce((a, s) => a + s.amount!, 0n)
        assert.equal(swept, tx.outs[0]!.value, "the sweeps' amounts add up to the output")
        assert.ok(swept < 60_000_000n && swept > 59_990_000n, `0.6 less a small fee, not ${swept}`)
        assert.ok((await node.mempool()).includes(tx.getId()))
        await node.mine(1)
        await t.pass()
        for (const s of await t.kassa.deps.repos.payouts.list({ limit: 20 }))
          if (s.kind === 'sweep') assert.equal(s.status, 'confirmed', s.failureReason ?? '')
      })

      test('a Swap split order: the outputs with the same delay share one transaction, the later one has its own', async () => {
        const key = (await t.kassa.swapAccounts.create('Live client', 'standard', 'live')).swapApiKey
        const [a, b, c] = [freshAddress(), freshAddress(), freshAddress()]
        const created = await swapRequest(t, 'POST', '/v1/mixer/orders', key, {
          action: 'create_order',
          crypto: coin.toLowerCase(),
          network: coin.toLowerCase(),
          amount: '1.00000000',
          service_fee: 0.5,
          addresses: [
            { address: a, percent: '50', delay: '0' },
            { address: b, percent: '30', delay: '0' },
            { address: c, percent: '20', delay: '30' },
          ],
        })
        assert.equal(created.status, 200, created.text)
        const { trackcode } = created.body
        await node.funder.pay([{ address: created.body.deposit.address, sats: 100_000_000n }])
        await node.mine(1)
        await t.watcher.runOnce()
        await runSwapWorker(t.kassa.swap)
        await t.kassa.payouts.runOnce()
        const outputs = (await t.kassa.deps.repos.payouts.list({ limit: 50 })).filter((p) => p.kind === 'swap_output')
        const due = outputs.filter((p) => p.toAddress === a || p.toAddress === b)
        assert.equal(due.length, 2)
        assert.equal(due[0]!.txHash, due[1]!.txHash, 'one transaction for the two outputs due now')
        assert.ok(!outputs.some((p) => p.toAddress === c), 'the delayed output is not queued yet')
        const tx = Transaction.fromHex(due[0]!.signedTx!)
        const paidTo = (address: string) => tx.outs.filter((o) => Buffer.from(o.script).toString('hex') === scriptOf(address))
        for (const p of due)
          assert.deepEqual(
            paidTo(p.toAddress).map((o) => o.value),
            [p.amount],
          )
        assert.equal(paidTo(t.hotWallet).length, 1, 'change back to the hot wallet')
        await node.mine(1)
        await t.pass()
        for (const p of due) assert.equal((await t.kassa.deps.repos.payouts.byId(p.id))!.status, 'confirmed')

        t.clock.advance(31 * 60_000)
        await runSwapWorker(t.kassa.swap)
        await t.kassa.payouts.runOnce()
        const later = (await t.kassa.deps.repos.payouts.list({ limit: 50 })).find((p) => p.toAddress === c)!
        assert.notEqual(later.txHash, due[0]!.txHash)
        await node.mine(1)
        await t.pass()
        const r = await swapRequest(t, 'POST', '/v1/orders/check', key, { trackcode, outputs: 'full', mask_addresses: 0 })
        assert.deepEqual(
          r.body.outputs.map((o: { state: number }) => o.state),
          [2, 2, 2],
          r.text,
        )
      })
    })
  }
}
