import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Transaction } from 'bitcoinjs-lib'
import { bumpPayout } from '../../src/services/payouts/bump-payout.js'
import { createWithdrawal } from '../../src/services/payouts/create-withdrawal.js'
import { getPayout } from '../../src/services/payouts/payout-queries.js'
import { createPayment, status } from '../lifecycle/lifecycle-helpers.js'
import { startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'

/**
 * `kassa payouts bump`: a withdrawal sent at the fee floor is replaced by the same payment at a
 * higher rate (BIP125) on btcd, which takes replacements; ltcd (2019) takes none, and there the
 * replacement is refused and the payout carries on with its first transaction. Either way the
 * recipient is paid once, and a payout whose first transaction is mined after the bump was
 * stored takes that transaction back instead of failing.
 */
const skip = bitcoinNodesSkipReason()
const [sqlite] = await testDialects()

for (const coin of ['BTC', 'LTC'] as const) {
  describe(`fee bump on ${coin}`, { skip }, () => {
    let node: BitcoinNode
    let t: BitcoinTestKassa
    let store: StoreCredentials
    const recipient = () => node.funder.address

    before(async () => {
      node = await startBitcoinNode({ coin })
      t = await startBitcoinKassa(sqlite!, node, { confirmations: 1, fees: { minRate: '1', maxRate: '1' } })
      store = await t.createStore(coin, { mode: 'live' })
      const p = await createPayment(t, store, { amount: '2', currency: coin })
      await node.funder.pay([{ address: p.pay_address, sats: 200_000_000n }])
      await node.mine(1)
      await t.watcher.runOnce()
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
    })
    after(async () => {
      await t?.close()
      await node?.stop()
    })

    async function broadcastWithdrawal(amount: string) {
      const w = await createWithdrawal(t.kassa.deps, await t.kassa.stores.getStore(store.storeId), {
        currency: coin,
        amount,
        to: recipient(),
      })
      await t.kassa.payouts.runOnce()
      const sent = await getPayout(t.kassa.deps, w.id)
      assert.equal(sent.status, 'broadcast', `${sent.failureReason}`)
      return sent
    }

    const feeRateOf = async (hex: string) => {
      const tx = Transaction.fromHex(hex)
      let inputs = 0n
      for (const i of tx.ins) {
        const prev = Transaction.fromHex(await node.rpc<string>('getrawtransaction', [Buffer.from(i.hash).reverse().toString('hex'), 0]))
        inputs += prev.outs[i.index]!.value
      }
      return Number(inputs - tx.outs.reduce((a, o) => a + o.value, 0n)) / tx.virtualSize()
    }

    test('a stuck withdrawal is replaced at the asked rate; the payment to the recipient is unchanged and confirmed once', async () => {
      const first = await broadcastWithdrawal('0.3')
      const firstRate = await feeRateOf(first.signedTx!)
      assert.ok(firstRate < 2, `sent at the 1 sat/vB floor, not ${firstRate}`)
      const bumped = await bumpPayout(t.kassa.deps, first.id, 10n)
      assert.equal(bumped.status, 'signed', 'stored before it is sent')
      assert.notEqual(bumped.txHash, first.txHash)
      const replacement = Transaction.fromHex(bumped.signedTx!)
      const original = Transaction.fromHex(first.signedTx!)
      assert.deepEqual(
        replacement.ins.map((i) => `${Buffer.from(i.hash).toString('hex')}:${i.index}`),
        original.ins.map((i) => `${Buffer.from(i.hash).toString('hex')}:${i.index}`),
        'the same coins',
      )
      const paid = (tx: Transaction) => tx.outs.filter((o) => o.value === 30_000_000n).length
      assert.equal(paid(replacement), 1, 'the same payment')
      assert.ok((await feeRateOf(bumped.signedTx!)) >= 10)
      await t.kassa.payouts.runOnce()
      const pool = await node.mempool()
      if (coin === 'BTC') {
        assert.ok(pool.includes(bumped.txHash!), 'btcd took the replacement')
        assert.ok(!pool.includes(first.txHash!), 'and dropped the original')
      } else {
        assert.ok(pool.includes(first.txHash!), 'ltcd keeps the original (no BIP125)')
      }
      await node.mine(1)
      await t.pass()
      await t.pass()
      const done = await getPayout(t.kassa.deps, first.id)
      assert.equal(done.status, 'confirmed', done.failureReason ?? '')
      assert.equal(done.txHash, coin === 'BTC' ? bumped.txHash : first.txHash)
      const mined = await node.rpc<{ confirmations?: number }>('getrawtransaction', [done.txHash!, 1])
      assert.ok((mined.confirmations ?? 0) >= 1)
    })

    test('the first transaction mined before the replacement went out: the payout takes it back, confirmed, not failed', async () => {
      const first = await broadcastWithdrawal('0.2')
      const bumped = await bumpPayout(t.kassa.deps, first.id, 20n)
      assert.notEqual(bumped.txHash, first.txHash)
      await node.mine(1) // mines the original, still in the pool
      await t.pass()
      await t.pass()
      await t.pass()
      const done = await getPayout(t.kassa.deps, first.id)
      assert.equal(done.status, 'confirmed', done.failureReason ?? '')
      assert.equal(done.txHash, first.txHash)
    })

    test('a confirmed payout, or one never sent, is not bumped', async () => {
      const sent = await broadcastWithdrawal('0.1')
      await node.mine(1)
      await t.pass()
      await t.pass()
      assert.equal((await getPayout(t.kassa.deps, sent.id)).status, 'confirmed')
      await assert.rejects(bumpPayout(t.kassa.deps, sent.id, 5n), /cannot be bumped: it is confirmed/)
    })
  })
}
