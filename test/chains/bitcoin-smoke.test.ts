import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createPayment, status } from '../lifecycle/lifecycle-helpers.js'
import { createWithdrawal } from '../../src/services/payouts/create-withdrawal.js'
import { getPayout } from '../../src/services/payouts/payout-queries.js'
import { startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'

const skip = bitcoinNodesSkipReason()
const [sqlite] = await testDialects()
for (const coin of ['BTC', 'LTC'] as const) {
  describe(`smoke ${coin}`, { skip }, () => {
    let node: BitcoinNode
    let t: BitcoinTestKassa
    let store: StoreCredentials
    before(async () => {
      node = await startBitcoinNode({ coin })
      t = await startBitcoinKassa(sqlite!, node)
      store = await t.createStore(coin, { mode: 'live' })
    })
    after(async () => {
      await t?.close()
      await node?.stop()
    })
    test('pay, confirm, withdraw', async () => {
      const p = await createPayment(t, store, { amount: '0.5', currency: coin, order_id: 'o1' })
      assert.equal(p.status, 'pending')
      const tx = await node.funder.pay([{ address: p.pay_address, sats: 50_000_000n }])
      await t.watcher.runOnce()
      assert.equal((await status(t, store, p.payment_id)).status, 'confirming')
      await node.mine(6)
      await t.watcher.runOnce()
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'completed', JSON.stringify(s))
      assert.equal(s.tx_hash ?? tx.txid, tx.txid)
      const storeRow = await t.kassa.stores.getStore(store.storeId)
      const w = await createWithdrawal(t.kassa.deps, storeRow, { currency: coin, amount: '0.1', to: node.funder.address })
      await t.kassa.payouts.runOnce()
      const sent = await getPayout(t.kassa.deps, w.id)
      assert.equal(sent.status, 'broadcast', String(sent.failureReason ?? sent.status))
      assert.ok((await node.mempool()).includes(sent.txHash!))
      await node.mine(6)
      await t.pass()
      await t.pass()
      const done = await getPayout(t.kassa.deps, w.id)
      assert.equal(done.status, 'confirmed', String(done.failureReason ?? done.status))
      const payouts = await t.kassa.deps.repos.payouts.list({ limit: 10 })
      const sweep = payouts.find((x) => x.kind === 'sweep')
      assert.ok(sweep, payouts.map((x) => x.kind).join())
      assert.equal(sweep.status, 'confirmed', String(sweep.failureReason ?? sweep.status))
    })
  })
}
