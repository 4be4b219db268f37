import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Hex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { expireDuePayments } from '../../src/jobs/workers/expiry-worker.js'
import { listUnmatchedDeposits } from '../../src/services/payments/unmatched-deposits.js'
import { assertLedgerBalanced, balance, createPayment, events, status } from '../lifecycle/lifecycle-helpers.js'
import { deploy, mintTokens, sendEth, sendTokens, startAnvil } from '../support/anvil.js'
import type { Anvil } from '../support/anvil.js'
import { testDialects } from '../support/databases.js'
import { startEvmKassa } from '../support/evm-kassa.js'
import type { EvmTestKassa } from '../support/evm-kassa.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTcpProxy } from '../support/tcp-proxy.js'
import type { TcpProxy } from '../support/tcp-proxy.js'

/**
 * Payments on a real EVM node: anvil with an ERC-20 (6 decimals) compiled and deployed in the
 * set-up, real transactions signed by viem, Kassa following the chain through a TCP proxy so
 * the node can be taken away and brought back. Confirmations: 3 (network config).
 */
const ETH = 10n ** 18n
const USDT = 10n ** 6n

for (const dialect of await testDialects()) {
  describe(`EVM payments on anvil (${dialect.name})`, () => {
    let anvil: Anvil
    let proxy: TcpProxy
    let token: Hex
    let t: EvmTestKassa
    let store: StoreCredentials

    before(async () => {
      anvil = await startAnvil()
      proxy = await startTcpProxy(anvil.port)
      token = await deploy(anvil, 'TestToken')
      t = await startEvmKassa(dialect, anvil, { token, rpcUrl: proxy.url, confirmations: 3 })
      store = await t.createStore('ETH,USDT_ERC20', { mode: 'live' })
      await t.watcher.runOnce()
    })
    after(async () => {
      await t?.close()
      await proxy?.close()
      await anvil?.stop()
    })

    const watch = () => t.watcher.runOnce()
    const mine = async (n: number) => {
      await anvil.mine(n)
      await watch()
    }

    test('ETH to a fresh BIP44 address: pending → confirming → completed, credited once', async () => {
      const p = await createPayment(t, store, { amount: '0.5', currency: 'ETH', order_id: 'eth-1' })
      assert.equal(p.status, 'pending')
      assert.equal(p.test_mode, false)
      // m/44'/60'/0'/0/i of the deposit mnemonic: the same address any wallet derives.
      const index = Number(
        (
          await t.kassa.database.db
            .selectFrom('deposit_addresses')
            .select('derivation_index')
            .where('address', '=', p.pay_address)
            .executeTakeFirstOrThrow()
        ).derivation_index,
      )
      assert.equal(p.pay_address, mnemonicToAccount(t.depositMnemonic, { addressIndex: index }).address)

      const payer = await anvil.newPayer()
      await sendEth(anvil, payer, p.pay_address, ETH / 2n)
      await watch()
      assert.equal((await status(t, store, p.payment_id)).status, 'pending', 'not mined yet')
      await mine(1)
      const confirming = await status(t, store, p.payment_id)
      assert.equal(confirming.status, 'confirming')
      assert.equal(confirming.confirmations, 1)
      assert.equal(confirming.amount_received, 0.5)
      await mine(2)
      const done = await status(t, store, p.payment_id)
      assert.equal(done.status, 'completed')
      assert.match(done.tx_hash, /^0x[0-9a-f]{64}$/)
      const b = await balance(t, store)
      assert.match(b.text, /"ETH":\{"available":0\.495000000*[,}]/)
      await mine(3)
      assert.match((await balance(t, store)).text, /"ETH":\{"available":0\.495000000*[,}]/, 'more blocks credit nothing more')
      assert.deepEqual(
        (await events(t, p.payment_id)).map((e) => e.event),
        ['payment.confirming', 'payment.completed'],
      )
      await assertLedgerBalanced(t)
    })

    test('USDT by unique amount: the exact amount completes, on the store receiving address', async () => {
      const p = await createPayment(t, store, { amount: '25.00', currency: 'USDT_ERC20', order_id: 'usdt-1' })
      const again = await createPayment(t, store, { amount: '25.00', currency: 'USDT_ERC20', order_id: 'usdt-2' })
      assert.equal(again.pay_address, p.pay_address, 'one receiving address per store and network')
      assert.notEqual(again.amount, p.amount, 'told apart by amount')
      const payer = await anvil.newPayer()
      await mintTokens(anvil, token, payer.address, 1000n * USDT)
      const due = BigInt(Math.round(Number(p.amount) * 100)) * 10_000n
      await sendTokens(anvil, token, payer, p.pay_address, due)
      await mine(1)
      assert.equal((await status(t, store, p.payment_id)).status, 'confirming')
      assert.equal((await status(t, store, again.payment_id)).status, 'pending', 'the other amount is untouched')
      await mine(2)
      const done = await status(t, store, p.payment_id)
      assert.equal(done.status, 'completed')
      assert.equal(String(done.amount_received), p.amount)
      await assertLedgerBalanced(t)
    })

    test('underpaid ETH ends underpaid at expiry; overpaid ETH ends overpaid', async () => {
      const under = await createPayment(t, store, { amount: '1', currency: 'ETH' })
      const over = await createPayment(t, store, { amount: '1', currency: 'ETH' })
      const payer = await anvil.newPayer()
      await sendEth(anvil, payer, under.pay_address, ETH / 4n)
      await sendEth(anvil, payer, over.pay_address, (ETH * 3n) / 2n)
      await mine(3)
      assert.equal((await status(t, store, under.payment_id)).status, 'pending', 'partial: open until expiry')
      assert.equal((await status(t, store, over.payment_id)).status, 'overpaid')
      t.clock.advance(31 * 60_000)
      await expireDuePayments(t.kassa.deps)
      await watch()
      const u = await status(t, store, under.payment_id)
      assert.equal(u.status, 'underpaid')
      assert.equal(u.amount_received, 0.25)
      await assertLedgerBalanced(t)
    })

    test('a late payment and a transfer that fits nothing are kept as unmatched deposits', async () => {
      const late = await createPayment(t, store, { amount: '0.1', currency: 'ETH' })
      t.clock.advance(31 * 60_000)
      await expireDuePayments(t.kassa.deps)
      assert.equal((await status(t, store, late.payment_id)).status, 'expired')
      const payer = await anvil.newPayer()
      const lateTx = await sendEth(anvil, payer, late.pay_address, ETH / 10n)
      // USDT to the receiving address in an amount no open payment has.
      const open = await createPayment(t, store, { amount: '7.00', currency: 'USDT_ERC20' })
      await mintTokens(anvil, token, payer.address, 100n * USDT)
      const strayTx = await sendTokens(anvil, token, payer, open.pay_address, 3_333_333n)
      await mine(3)
      assert.equal((await status(t, store, late.payment_id)).status, 'expired', 'an expired payment stays expired')
      assert.equal((await status(t, store, open.payment_id)).status, 'pending')
      const unmatched = await listUnmatchedDeposits(t.kassa.deps, store.storeId)
      const byTx = new Map(unmatched.map((d) => [d.txHash, d]))
      assert.equal(byTx.get(lateTx)?.amount, ETH / 10n)
      assert.equal(byTx.get(lateTx)?.currency, 'ETH')
      assert.equal(byTx.get(strayTx)?.amount, 3_333_333n)
      assert.equal(byTx.get(strayTx)?.currency, 'USDT_ERC20')
      assert.ok(byTx.get(strayTx)?.confirmed)
    })

    test('a reorg that drops a confirmed payment sends it back to pending; nothing is credited twice', async () => {
      const before = (await balance(t, store)).json.ETH.available
      const payer = await anvil.newPayer()
      const snapshot = await anvil.test.snapshot()
      const p = await createPayment(t, store, { amount: '0.2', currency: 'ETH' })
      await sendEth(anvil, payer, p.pay_address, ETH / 5n)
      await mine(3)
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
      const credited = (await balance(t, store)).json.ETH.available

      // The chain forgets those blocks; a longer branch without the payment replaces them.
      await anvil.test.revert({ id: snapshot })
      await anvil.mine(6)
      await watch()
      const reverted = await status(t, store, p.payment_id)
      assert.equal(reverted.status, 'pending')
      assert.equal(reverted.amount_received, 0)
      assert.equal((await balance(t, store)).json.ETH.available, before, 'the credit is rolled back')

      // Paid again on the new chain: completed once, credited once.
      await sendEth(anvil, payer, p.pay_address, ETH / 5n)
      await mine(3)
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
      assert.equal((await balance(t, store)).json.ETH.available, credited)
      await assertLedgerBalanced(t)
    })

    test('the node down for a while: the watcher reports it, then resumes from its cursor and misses nothing', async () => {
      const p = await createPayment(t, store, { amount: '0.3', currency: 'ETH' })
      await proxy.down()
      const payer = await anvil.newPayer()
      await sendEth(anvil, payer, p.pay_address, (ETH * 3n) / 10n)
      await anvil.mine(5)
      await assert.rejects(watch(), (err: Error & { code?: string }) => err.code === 'CHAIN_UNAVAILABLE')
      assert.equal((await status(t, store, p.payment_id)).status, 'pending')
      await proxy.up()
      await watch()
      const back = await status(t, store, p.payment_id)
      assert.equal(back.status, 'completed', 'the blocks mined during the outage were all read')
      assert.equal(back.confirmations, 5)
    })
  })
}
