import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { expireDuePayments } from '../../src/jobs/workers/expiry-worker.js'
import { listUnmatchedDeposits } from '../../src/services/payments/unmatched-deposits.js'
import { assertLedgerBalanced, createPayment, events, status } from '../lifecycle/lifecycle-helpers.js'
import { depositAddressOf, startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTcpProxy } from '../support/tcp-proxy.js'
import type { TcpProxy } from '../support/tcp-proxy.js'
import { coinBalance, creditedFor, derivationIndexOf, sats, transfersOf } from './bitcoin-receive-helpers.js'

/**
 * Receiving live BTC and LTC through the Merchant API, Kassa following a real btcd / ltcd
 * regtest node (test/support/bitcoin-node/) through a TCP proxy, so the node can be taken away.
 * Each payment gets a fresh BIP84 address; the mempool is followed, so a broadcast payment is
 * `confirming` at 0 confirmations and `completed` at the coin's default (BTC 2, LTC 6).
 */
const skip = bitcoinNodesSkipReason()
const EXPIRY_MS = 31 * 60_000

for (const dialect of await testDialects()) {
  for (const coin of ['BTC', 'LTC'] as const) {
    const required = coin === 'BTC' ? 2 : 6
    const scheme = coin === 'BTC' ? 'bitcoin' : 'litecoin'
    describe(`${coin} payments on a real ${coin === 'BTC' ? 'btcd' : 'ltcd'} regtest node (${dialect.name})`, { skip }, () => {
      let node: BitcoinNode
      let proxy: TcpProxy
      let t: BitcoinTestKassa
      let store: StoreCredentials

      before(async () => {
        node = await startBitcoinNode({ coin })
        proxy = await startTcpProxy(node.rpcPort)
        t = await startBitcoinKassa(dialect, node, { url: proxy.url, fund: 0n })
        store = await t.createStore(coin, { mode: 'live' })
      })
      after(async () => {
        await t?.close()
        await proxy?.close()
        await node?.stop()
      })

      const watch = () => t.watcher.runOnce()
      const mine = async (n: number) => {
        await node.mine(n)
        await watch()
      }
      const pay = (address: string, amount: string, opts: { rbf?: boolean } = {}) =>
        node.funder.pay([{ address, sats: sats(amount) }], opts)

      test('exact payment to a fresh BIP84 address: confirming at 0 conf, completed at the coin’s depth, credited once', async () => {
        const p = await createPayment(t, store, { amount: '0.5', currency: coin, order_id: `${coin}-exact` })
        assert.equal(p.status, 'pending')
        assert.equal(p.test_mode, false)
        // m/84'/1'/0'/0/i of the deposit mnemonic: what a BIP84 wallet restored from it shows.
        const index = await derivationIndexOf(t, p.pay_address)
        assert.equal(p.pay_address, depositAddressOf(coin, t.keys.depositMnemonic, index))
        assert.match(p.pay_address, coin === 'BTC' ? /^bcrt1q[02-9ac-hj-np-z]{38}$/ : /^rltc1q[02-9ac-hj-np-z]{38}$/)
        // The hosted page: the BIP21 URI behind the wallet link and its server-drawn QR.
        const page = await (await fetch(`${t.baseUrl}/pay/${p.payment_id}`)).text()
        assert.ok(
          page.includes(`href="${scheme}:${p.pay_address}?amount=0.5"`),
          page.match(/href="[a-z]+:[^"]*"/)?.[0] ?? `no ${scheme}: link`,
        )
        assert.match(page, /<div class="qr"[^>]*><svg/)

        const tx = await pay(p.pay_address, '0.5')
        await watch()
        const seen = await status(t, store, p.payment_id)
        assert.equal(seen.status, 'confirming', 'seen in the mempool')
        assert.equal(seen.confirmations, 0)
        assert.equal(seen.amount_received, 0.5)
        assert.equal(seen.tx_hash, tx.txid)
        assert.deepEqual(await coinBalance(t, store, coin), { available: 0n, pending: sats('0.5'), totalReceived: 0n })

        await mine(required - 1)
        const almost = await status(t, store, p.payment_id)
        assert.equal(almost.status, 'confirming', `${required - 1} blocks: not yet`)
        assert.equal(almost.confirmations, required - 1)
        await mine(1)
        const done = await status(t, store, p.payment_id)
        assert.equal(done.status, 'completed')
        assert.equal(done.confirmations, required)
        assert.equal(done.tx_hash, tx.txid)
        assert.equal(await creditedFor(t, store.storeId, p.payment_id), sats('0.5'))
        const credited = await coinBalance(t, store, coin)
        assert.equal(credited.totalReceived, sats('0.5'))
        assert.equal(credited.pending, 0n)
        assert.equal(credited.available, sats('0.495'), 'less the default 1% commission')
        await mine(3)
        assert.deepEqual(await coinBalance(t, store, coin), credited, 'more blocks credit nothing more')
        assert.deepEqual(
          (await events(t, p.payment_id)).map((e) => e.event),
          ['payment.confirming', 'payment.completed'],
        )
        await assertLedgerBalanced(t)
      })

      test('underpaid ends underpaid at expiry, credited what arrived; overpaid completes as overpaid, credited all', async () => {
        const under = await createPayment(t, store, { amount: '0.3', currency: coin })
        const over = await createPayment(t, store, { amount: '0.2', currency: coin })
        await pay(under.pay_address, '0.1')
        await pay(over.pay_address, '0.25')
        await watch()
        assert.equal((await status(t, store, under.payment_id)).status, 'pending', 'a partial payment waits for the rest')
        assert.equal((await status(t, store, over.payment_id)).status, 'confirming')
        await mine(required)
        const u = await status(t, store, under.payment_id)
        assert.equal(u.status, 'pending', 'partial and confirmed: open until expiry')
        assert.equal(u.amount_received, 0.1)
        const o = await status(t, store, over.payment_id)
        assert.equal(o.status, 'overpaid')
        assert.equal(o.amount_received, 0.25)
        assert.equal(await creditedFor(t, store.storeId, over.payment_id), sats('0.25'))
        assert.equal(await creditedFor(t, store.storeId, under.payment_id), 0n)

        t.clock.advance(EXPIRY_MS)
        await expireDuePayments(t.kassa.deps)
        const ended = await status(t, store, under.payment_id)
        assert.equal(ended.status, 'underpaid')
        assert.equal(ended.amount_received, 0.1)
        assert.equal(await creditedFor(t, store.storeId, under.payment_id), sats('0.1'))
        assert.deepEqual(
          (await events(t, under.payment_id)).map((e) => e.event),
          ['payment.underpaid'],
        )
        await assertLedgerBalanced(t)
      })

      test('a late payment, money to a closed payment and an amount no payment holds are kept as unmatched deposits', async () => {
        const late = await createPayment(t, store, { amount: '0.07', currency: coin })
        const closed = await createPayment(t, store, { amount: '0.09', currency: coin })
        await pay(closed.pay_address, '0.01')
        await mine(required)
        t.clock.advance(EXPIRY_MS)
        await expireDuePayments(t.kassa.deps)
        assert.equal((await status(t, store, late.payment_id)).status, 'expired')
        assert.equal((await status(t, store, closed.payment_id)).status, 'underpaid')
        // A store taking the coin by unique amount: one shared address, no payment of its own.
        const shared = await t.createStore(`${coin}:unique_amount`, { mode: 'live' })
        const open = await createPayment(t, shared, { amount: '0.4', currency: coin })
        const before = await coinBalance(t, store, coin)

        const lateTx = await pay(late.pay_address, '0.07')
        const topUp = await pay(closed.pay_address, '0.08')
        const stray = await pay(open.pay_address, '0.123')
        await watch()
        const unconfirmed = await listUnmatchedDeposits(t.kassa.deps)
        assert.deepEqual(
          unconfirmed
            .filter((d) => [lateTx.txid, topUp.txid, stray.txid].includes(d.txHash))
            .map((d) => d.confirmed)
            .sort(),
          [false, false, false],
          'recorded from the mempool already',
        )
        await mine(required)
        assert.equal((await status(t, store, late.payment_id)).status, 'expired', 'an expired payment stays expired')
        const c = await status(t, store, closed.payment_id)
        assert.equal(c.status, 'underpaid', 'an ended payment takes no more money by itself')
        assert.equal(c.amount_received, 0.01)
        assert.equal((await status(t, shared, open.payment_id)).status, 'pending', 'another amount pays nothing')

        const mine1 = await listUnmatchedDeposits(t.kassa.deps, store.storeId)
        const find = (list: typeof mine1, txid: string) => list.find((d) => d.txHash === txid)
        assert.deepEqual(
          [find(mine1, lateTx.txid), find(mine1, topUp.txid)].map(
            (d) => d && { to: d.toAddress, amount: d.amount, confirmed: d.confirmed },
          ),
          [
            { to: late.pay_address, amount: sats('0.07'), confirmed: true },
            { to: closed.pay_address, amount: sats('0.08'), confirmed: true },
          ],
        )
        const theirs = await listUnmatchedDeposits(t.kassa.deps, shared.storeId)
        assert.deepEqual(
          theirs.map((d) => ({ tx: d.txHash, to: d.toAddress, amount: d.amount, confirmed: d.confirmed })),
          [{ tx: stray.txid, to: open.pay_address, amount: sats('0.123'), confirmed: true }],
        )
        assert.deepEqual(await coinBalance(t, store, coin), before, 'unmatched money is credited to nobody until assigned')
        await assertLedgerBalanced(t)
      })

      test('several transfers to one payment: two transactions, then one transaction with two outputs to the address', async () => {
        const twoTxs = await createPayment(t, store, { amount: '0.4', currency: coin })
        const first = await pay(twoTxs.pay_address, '0.15')
        await watch()
        const part = await status(t, store, twoTxs.payment_id)
        assert.equal(part.status, 'pending')
        assert.equal(part.amount_received, 0.15)
        await mine(1)
        t.clock.advance(60_000) // first seen a minute apart, as they would be
        const second = await pay(twoTxs.pay_address, '0.25')
        await watch()
        const both = await status(t, store, twoTxs.payment_id)
        assert.equal(both.status, 'confirming')
        assert.equal(both.amount_received, 0.4)
        assert.equal(both.confirmations, 0, 'the fewest among its transfers')
        assert.equal(both.tx_hash, first.txid, 'the first transfer names the payment')

        const twoOutputs = await createPayment(t, store, { amount: '0.3', currency: coin })
        const split = await node.funder.pay([
          { address: twoOutputs.pay_address, sats: sats('0.1') },
          { address: twoOutputs.pay_address, sats: sats('0.2') },
        ])
        await watch()
        assert.equal((await status(t, store, twoOutputs.payment_id)).status, 'confirming')
        await mine(required)
        for (const [p, due, txids] of [
          [twoTxs, '0.4', [first.txid, second.txid]],
          [twoOutputs, '0.3', [split.txid, split.txid]],
        ] as const) {
          const s = await status(t, store, p.payment_id)
          assert.equal(s.status, 'completed')
          assert.equal(s.amount_received, Number(due))
          assert.equal(s.confirmations, required)
          assert.deepEqual(
            (await transfersOf(t, p.payment_id)).map((x) => x.txHash),
            txids,
          )
          assert.equal(await creditedFor(t, store.storeId, p.payment_id), sats(due))
        }
        await assertLedgerBalanced(t)
      })

      test('a replacement paying less: back to pending, the original marked replaced and never credited; only the replacement counts', async () => {
        const p = await createPayment(t, store, { amount: '0.4', currency: coin })
        const original = await pay(p.pay_address, '0.4', { rbf: true })
        await watch()
        assert.equal((await status(t, store, p.payment_id)).status, 'confirming')
        // LTC: ltcd has no BIP125, so replace() restarts the node and broadcasts the conflict.
        const replacement = await node.funder.replace(original.txid, [{ address: p.pay_address, sats: sats('0.15') }], { feeRate: 20n })
        assert.ok((await node.mempool()).includes(replacement.txid))
        await watch()
        const back = await status(t, store, p.payment_id)
        assert.equal(back.status, 'pending', 'the replacement pays 0.15 of 0.4: a partial payment')
        assert.equal(back.amount_received, 0.15)
        const recorded = await transfersOf(t, p.payment_id)
        assert.deepEqual(
          recorded.map((x) => ({ tx: x.txHash, gone: x.gone, orphaned: x.orphaned })),
          [
            { tx: original.txid, gone: 'replaced', orphaned: true },
            { tx: replacement.txid, gone: null, orphaned: false },
          ],
        )
        await mine(required)
        const mined = await status(t, store, p.payment_id)
        assert.equal(mined.status, 'pending')
        assert.equal(mined.amount_received, 0.15)
        assert.equal(mined.tx_hash, replacement.txid)
        assert.equal(await creditedFor(t, store.storeId, p.payment_id), 0n)
        t.clock.advance(EXPIRY_MS)
        await expireDuePayments(t.kassa.deps)
        const ended = await status(t, store, p.payment_id)
        assert.equal(ended.status, 'underpaid')
        assert.equal(await creditedFor(t, store.storeId, p.payment_id), sats('0.15'), 'the replacement’s amount, never the original’s')
        assert.deepEqual(
          (await events(t, p.payment_id)).map((e) => e.event),
          ['payment.confirming', 'payment.underpaid'],
        )
        await assertLedgerBalanced(t)
      })

      test('a transaction dropped from the mempool: back to pending; broadcast again, confirming again, then completed once', async () => {
        const p = await createPayment(t, store, { amount: '0.25', currency: coin })
        const tx = await pay(p.pay_address, '0.25')
        await watch()
        assert.equal((await status(t, store, p.payment_id)).status, 'confirming')
        await node.restart() // neither btcd nor ltcd keeps its mempool
        assert.deepEqual(await node.mempool(), [])
        await watch()
        const dropped = await status(t, store, p.payment_id)
        assert.equal(dropped.status, 'pending')
        assert.equal(dropped.amount_received, 0)
        assert.deepEqual(
          (await transfersOf(t, p.payment_id)).map((x) => ({ tx: x.txHash, gone: x.gone })),
          [{ tx: tx.txid, gone: 'dropped' }],
        )
        assert.equal(await node.funder.broadcast(tx.hex), tx.txid)
        await watch()
        const again = await status(t, store, p.payment_id)
        assert.equal(again.status, 'confirming')
        assert.equal(again.amount_received, 0.25)
        assert.deepEqual(
          (await transfersOf(t, p.payment_id)).map((x) => ({ tx: x.txHash, gone: x.gone, orphaned: x.orphaned })),
          [{ tx: tx.txid, gone: null, orphaned: false }],
        )
        await mine(required)
        assert.equal((await status(t, store, p.payment_id)).status, 'completed')
        assert.equal(await creditedFor(t, store.storeId, p.payment_id), sats('0.25'))
        await assertLedgerBalanced(t)
      })

      test('the node out of reach while blocks are mined: the pass fails with CHAIN_UNAVAILABLE, then Kassa catches up', async () => {
        const p = await createPayment(t, store, { amount: '0.35', currency: coin })
        await proxy.down()
        const tx = await pay(p.pay_address, '0.35')
        await node.mine(required + 1)
        await assert.rejects(watch(), (err: Error & { code?: string }) => err.code === 'CHAIN_UNAVAILABLE')
        await assert.rejects(watch(), (err: Error & { code?: string }) => err.code === 'CHAIN_UNAVAILABLE', 'and again: no state lost')
        assert.equal((await status(t, store, p.payment_id)).status, 'pending')
        await proxy.up()
        const caught = await watch()
        assert.equal(caught.applied, required + 1, 'every block mined during the outage')
        const done = await status(t, store, p.payment_id)
        assert.equal(done.status, 'completed')
        assert.equal(done.confirmations, required + 1)
        assert.equal(done.tx_hash, tx.txid)
        assert.equal(await creditedFor(t, store.storeId, p.payment_id), sats('0.35'))
        assert.deepEqual(
          (await events(t, p.payment_id)).map((e) => e.event),
          ['payment.completed'],
        )
        await assertLedgerBalanced(t)
      })
    })
  }
}
