import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { expireDuePayments } from '../../src/jobs/workers/expiry-worker.js'
import { parseAmount } from '../../src/money/index.js'
import { listUnmatchedDeposits } from '../../src/services/payments/unmatched-deposits.js'
import { assertLedgerBalanced, balance, createPayment, events, status } from '../lifecycle/lifecycle-helpers.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTcpProxy } from '../support/tcp-proxy.js'
import type { TcpProxy } from '../support/tcp-proxy.js'
import { startTronKassa, tronDepositAddress } from '../support/tron-kassa.js'
import type { TronTestKassa } from '../support/tron-kassa.js'
import { startTronNode } from '../support/tron-node/tron-node.js'
import type { TronNode } from '../support/tron-node/tron-node.js'

/**
 * Payments on TRON, against the node double (test/support/tron-node/: java-tron's HTTP API and
 * JSON-RPC in the shapes of recorded real answers, test/fixtures/tron/README.md). Kassa follows
 * it through a TCP proxy, so the node can be taken away and brought back. Confirmations: 19,
 * TRON's solidified depth, the default.
 */
const TRX = 1_000_000n
const usdt = (text: string) => {
  const r = parseAmount(text, 6)
  assert.ok(r.ok)
  return r.atomic
}

for (const dialect of await testDialects()) {
  describe(`TRON payments on the node double (${dialect.name})`, () => {
    let node: TronNode
    let proxy: TcpProxy
    let t: TronTestKassa
    let store: StoreCredentials

    before(async () => {
      node = await startTronNode({ network: 'nile' })
      proxy = await startTcpProxy(node.port)
      t = await startTronKassa(dialect, node, { url: proxy.url })
      store = await t.createStore('USDT_TRC20,TRX', { mode: 'live' })
      await t.watcher.runOnce()
    })
    after(async () => {
      await t?.close()
      await proxy?.close()
      await node?.stop()
    })

    const watch = () => t.watcher.runOnce()
    const mine = async (n: number) => {
      node.mine(n)
      await watch()
    }

    test('TRX to a fresh BIP44 address: pending → confirming → completed at 19, credited once', async () => {
      const p = await createPayment(t, store, { amount: '150', currency: 'TRX', order_id: 'trx-1' })
      assert.equal(p.status, 'pending')
      assert.equal(p.test_mode, false)
      const index = Number(
        (
          await t.kassa.database.db
            .selectFrom('deposit_addresses')
            .select('derivation_index')
            .where('address', '=', p.pay_address)
            .executeTakeFirstOrThrow()
        ).derivation_index,
      )
      // m/44'/195'/0'/0/i of the deposit mnemonic: the address TronLink derives from it.
      assert.equal(p.pay_address, tronDepositAddress(t.depositMnemonic, index))
      assert.match(p.pay_address, /^T[1-9A-HJ-NP-Za-km-z]{33}$/)

      node.payTrx({ to: p.pay_address, amount: 150n * TRX })
      await watch()
      assert.equal((await status(t, store, p.payment_id)).status, 'pending', 'not in a block yet')
      await mine(1)
      const confirming = await status(t, store, p.payment_id)
      assert.equal(confirming.status, 'confirming')
      assert.equal(confirming.confirmations, 1)
      assert.equal(confirming.amount_received, 150)
      await mine(17)
      assert.equal((await status(t, store, p.payment_id)).status, 'confirming', '18 blocks: not solidified')
      await mine(1)
      const done = await status(t, store, p.payment_id)
      assert.equal(done.status, 'completed')
      assert.equal(done.confirmations, 19)
      assert.match(done.tx_hash, /^[0-9a-f]{64}$/)
      assert.ok(node.chain.findTx(done.tx_hash), 'the id of the transaction on the chain')
      assert.match((await balance(t, store)).text, /"TRX":\{"available":148\.500000[,}]/)
      await mine(3)
      assert.match((await balance(t, store)).text, /"TRX":\{"available":148\.500000[,}]/, 'more blocks credit nothing more')
      assert.deepEqual(
        (await events(t, p.payment_id)).map((e) => e.event),
        ['payment.confirming', 'payment.completed'],
      )
      await assertLedgerBalanced(t)
    })

    test('USDT by unique amount on the store receiving address: the exact amount completes, the other waits', async () => {
      const p = await createPayment(t, store, { amount: '25.00', currency: 'USDT_TRC20', order_id: 'usdt-1' })
      const again = await createPayment(t, store, { amount: '25.00', currency: 'USDT_TRC20', order_id: 'usdt-2' })
      assert.equal(again.pay_address, p.pay_address, 'one receiving address per store and network')
      assert.notEqual(again.amount, p.amount, 'told apart by amount')
      // The hosted page: a tron: URI naming the token, and its QR drawn on the server.
      const page = await (await fetch(`${t.baseUrl}/pay/${p.payment_id}`)).text()
      assert.ok(
        page.includes(`href="tron:${p.pay_address}?amount=${p.amount}&#38;token=${t.usdtContract}"`),
        page.match(/href="tron:[^"]*"/)?.[0] ?? 'no tron: link',
      )
      assert.match(page, /<div class="qr"[^>]*><svg/)
      node.payUsdt({ to: p.pay_address, amount: usdt(p.amount) })
      node.addFiller(40) // strangers' transfers in the same block
      await mine(1)
      assert.equal((await status(t, store, p.payment_id)).status, 'confirming')
      assert.equal((await status(t, store, again.payment_id)).status, 'pending', 'the other amount is untouched')
      await mine(18)
      const done = await status(t, store, p.payment_id)
      assert.equal(done.status, 'completed')
      assert.equal(String(done.amount_received), p.amount)
      await assertLedgerBalanced(t)
    })

    test('transfers that failed on chain (REVERT, OUT_OF_ENERGY) are never credited', async () => {
      const p = await createPayment(t, store, { amount: '40.00', currency: 'USDT_TRC20' })
      node.payUsdt({ to: p.pay_address, amount: usdt(p.amount), outcome: 'REVERT' })
      node.payUsdt({ to: p.pay_address, amount: usdt(p.amount), outcome: 'OUT_OF_ENERGY' })
      const [block] = node.mine(1)
      assert.equal(block!.txs.filter((x) => x.execution.contractRet !== 'SUCCESS').length, 2, 'both failed transfers are in the block')
      await watch()
      await mine(19)
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'pending')
      assert.equal(s.amount_received, 0)
    })

    test('underpaid TRX ends underpaid at expiry; overpaid TRX ends overpaid', async () => {
      const under = await createPayment(t, store, { amount: '100', currency: 'TRX' })
      const over = await createPayment(t, store, { amount: '100', currency: 'TRX' })
      node.payTrx({ to: under.pay_address, amount: 25n * TRX })
      node.payTrx({ to: over.pay_address, amount: 150n * TRX })
      await mine(19)
      assert.equal((await status(t, store, under.payment_id)).status, 'pending', 'partial: open until expiry')
      assert.equal((await status(t, store, over.payment_id)).status, 'overpaid')
      t.clock.advance(31 * 60_000)
      await expireDuePayments(t.kassa.deps)
      await watch()
      const u = await status(t, store, under.payment_id)
      assert.equal(u.status, 'underpaid')
      assert.equal(u.amount_received, 25)
      await assertLedgerBalanced(t)
    })

    test('a late payment and a USDT transfer that fits nothing are kept as unmatched deposits', async () => {
      const late = await createPayment(t, store, { amount: '10', currency: 'TRX' })
      t.clock.advance(31 * 60_000)
      await expireDuePayments(t.kassa.deps)
      assert.equal((await status(t, store, late.payment_id)).status, 'expired')
      const open = await createPayment(t, store, { amount: '7.00', currency: 'USDT_TRC20' })
      node.payTrx({ to: late.pay_address, amount: 10n * TRX })
      node.payUsdt({ to: open.pay_address, amount: 3_333_333n })
      await mine(19)
      assert.equal((await status(t, store, late.payment_id)).status, 'expired', 'an expired payment stays expired')
      assert.equal((await status(t, store, open.payment_id)).status, 'pending')
      const unmatched = await listUnmatchedDeposits(t.kassa.deps, store.storeId)
      const trx = unmatched.find((d) => d.currency === 'TRX' && d.amount === 10n * TRX)
      const stray = unmatched.find((d) => d.currency === 'USDT_TRC20' && d.amount === 3_333_333n)
      assert.ok(trx && node.chain.findTx(trx.txHash), 'the late TRX, by its transaction id')
      assert.ok(stray?.confirmed, 'the stray USDT, confirmed')
    })

    test('a reorg of blocks not yet solidified drops a confirming payment; paid again, it is credited once', async () => {
      const p = await createPayment(t, store, { amount: '12.00', currency: 'USDT_TRC20' })
      node.payUsdt({ to: p.pay_address, amount: usdt(p.amount) })
      const [paid] = node.mine(1)
      await mine(4)
      assert.equal((await status(t, store, p.payment_id)).status, 'confirming')
      const before = (await balance(t, store)).json
      // The last five blocks, the payment's among them, are replaced by six without it.
      node.reorg(5, { drop: paid!.txs.map((x) => x.tx.txid), length: 6 })
      await watch()
      const dropped = await status(t, store, p.payment_id)
      assert.equal(dropped.status, 'pending')
      assert.equal(dropped.amount_received, 0)
      assert.notDeepEqual((await balance(t, store)).json, before, 'the pending credit is rolled back')
      node.payUsdt({ to: p.pay_address, amount: usdt(p.amount) })
      await mine(19)
      const done = await status(t, store, p.payment_id)
      assert.equal(done.status, 'completed')
      assert.equal(String(done.amount_received), p.amount, 'credited once')
      await assertLedgerBalanced(t)
    })

    test('the node down for a while: the watcher reports it, then resumes from its cursor and misses nothing', async () => {
      const p = await createPayment(t, store, { amount: '30', currency: 'TRX' })
      await proxy.down()
      node.payTrx({ to: p.pay_address, amount: 30n * TRX })
      node.mine(5)
      await assert.rejects(watch(), (err: Error & { code?: string }) => err.code === 'CHAIN_UNAVAILABLE')
      assert.equal((await status(t, store, p.payment_id)).status, 'pending')
      await proxy.up()
      await watch()
      const back = await status(t, store, p.payment_id)
      assert.equal(back.status, 'confirming', 'the blocks made during the outage were all read')
      assert.equal(back.confirmations, 5)
    })

    test('the pay widget and a donation on a live TRON store: USDT by unique amount, paid and completed', async () => {
      const shop = 'https://shop.example'
      // One currency, so the widget creates the payment at once (with two the buyer picks first).
      const shopStore = await t.createStore('USDT_TRC20', { mode: 'live' })
      for (const id of [shopStore.storeId, store.storeId])
        await t.kassa.pageSettings.update(id, { widgetEnabled: true, widgetOrigins: [shop], donationsEnabled: true })
      const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
        const r = await fetch(t.baseUrl + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        })
        return {
          status: r.status,
          json: (await r.json()) as { data: { payment_id: string; pay_address: string; amount: string; test_mode: boolean } },
        }
      }
      const widget = await post('/pay/widget', { api_key: shopStore.apiKey, amount: 12.5 }, { origin: shop })
      const donation = await post('/donate/create', { api_key: store.apiKey, currency: 'TRX', amount: '40' })
      assert.equal(widget.status, 200, JSON.stringify(widget.json))
      assert.equal(donation.status, 200, JSON.stringify(donation.json))
      for (const r of [widget, donation]) assert.equal(r.json.data.test_mode, false)
      node.payUsdt({ to: widget.json.data.pay_address, amount: usdt(widget.json.data.amount) })
      node.payTrx({ to: donation.json.data.pay_address, amount: usdt(donation.json.data.amount) })
      await mine(19)
      assert.equal((await status(t, shopStore, widget.json.data.payment_id)).status, 'completed')
      assert.equal((await status(t, store, donation.json.data.payment_id)).status, 'completed')
      await assertLedgerBalanced(t)
    })

    test('a node that lies (another block, a log of a transaction not in the block, garbage) stops the pass; nothing is credited', async () => {
      const p = await createPayment(t, store, { amount: '55.00', currency: 'USDT_TRC20' })
      const q = await createPayment(t, store, { amount: '20', currency: 'TRX' })
      node.payUsdt({ to: p.pay_address, amount: usdt(p.amount) })
      node.payTrx({ to: q.pay_address, amount: 20n * TRX })
      const [block] = node.mine(1)
      const rpcError = (err: Error & { code?: string }) => err.code === 'CHAIN_RPC_ERROR'

      node.injectFault({
        match: '/wallet/getblockbynum',
        respond: (b) => {
          const real = b as { block_header: { raw_data: Record<string, unknown> } }
          return { ...real, block_header: { ...real.block_header, raw_data: { ...real.block_header.raw_data, number: 1 } } }
        },
      })
      await assert.rejects(watch(), rpcError)
      node.injectFault({
        match: 'eth_getLogs',
        respond: (answer) => {
          const real = answer as { result: Array<Record<string, string>> }
          return { ...real, result: real.result.map((l) => ({ ...l, transactionHash: `0x${'ab'.repeat(32)}` })) }
        },
      })
      await assert.rejects(watch(), rpcError)
      node.injectFault({ match: '/wallet/getblockbynum', respond: () => '{"blockID": "00' })
      await assert.rejects(watch(), rpcError)
      // A TRX transfer whose JSON says another amount than its signed bytes.
      node.injectFault({
        match: '/wallet/getblockbynum',
        respond: (b) => {
          const real = b as { transactions: Array<{ raw_data_hex: string }> }
          return { ...real, transactions: real.transactions.map((x) => ({ ...x, raw_data_hex: x.raw_data_hex.replace(/.$/, '0') })) }
        },
      })
      await assert.rejects(watch(), rpcError)
      assert.equal((await status(t, store, p.payment_id)).status, 'pending', 'nothing credited from a lying answer')
      assert.equal((await status(t, store, q.payment_id)).status, 'pending')

      // The node tells the truth again: the same block is read and credited once.
      await watch()
      assert.equal((await status(t, store, p.payment_id)).status, 'confirming')
      assert.equal((await status(t, store, q.payment_id)).status, 'confirming')
      assert.equal((await status(t, store, q.payment_id)).tx_hash, block!.txs.find((x) => x.execution.amount === 20n * TRX)?.tx.txid)
    })
  })
}

/** A network configured below the solidified depth: a completed payment can still be reorganised away. */
for (const dialect of await testDialects()) {
  describe(`TRON reorg of a payment completed under a lower confirmation setting (${dialect.name})`, () => {
    test('completed at 3, dropped by a reorg: back to pending, its credit reversed, credited once when paid again', async () => {
      const node = await startTronNode({ network: 'nile' })
      const t = await startTronKassa(dialect, node, { confirmations: 3 })
      try {
        const store = await t.createStore('USDT_TRC20', { mode: 'live' })
        await t.watcher.runOnce()
        const p = await createPayment(t, store, { amount: '80.00', currency: 'USDT_TRC20' })
        node.payUsdt({ to: p.pay_address, amount: usdt(p.amount) })
        const [paid] = node.mine(1)
        node.mine(2)
        await t.watcher.runOnce()
        assert.equal((await status(t, store, p.payment_id)).status, 'completed')
        // The buyer's page counts to the network's setting, not the currency's default of 19.
        const pub = (await (await fetch(`${t.baseUrl}/pay/${p.payment_id}/status`)).json()) as { data: { confirmations_required: number } }
        assert.equal(pub.data.confirmations_required, 3)
        const credited = (await balance(t, store)).json.USDT_TRC20.available
        assert.ok(credited > 0)

        node.reorg(3, { drop: paid!.txs.map((x) => x.tx.txid), length: 4 })
        await t.watcher.runOnce()
        const back = await status(t, store, p.payment_id)
        assert.equal(back.status, 'pending')
        assert.equal((await balance(t, store)).json.USDT_TRC20?.available ?? 0, 0, 'the credit is reversed')

        node.payUsdt({ to: p.pay_address, amount: usdt(p.amount) })
        node.mine(3)
        await t.watcher.runOnce()
        assert.equal((await status(t, store, p.payment_id)).status, 'completed')
        assert.equal((await balance(t, store)).json.USDT_TRC20.available, credited, 'credited once')
        const events = await t.kassa.database.db
          .selectFrom('webhook_events')
          .select('event')
          .where('payment_id', '=', p.payment_id)
          .orderBy('id')
          .execute()
        // Three blocks in one pass: straight to completed, then completed again on the new chain.
        // (A payment taken back by a reorg sends no event of its own: see the closing note.)
        assert.deepEqual(
          events.map((e) => e.event),
          ['payment.completed', 'payment.completed'],
        )
        await assertLedgerBalanced(t)
      } finally {
        await t.close()
        await node.stop()
      }
    })
  })
}
