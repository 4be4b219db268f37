import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { assertLedgerBalanced, balance, createPayment, status } from '../lifecycle/lifecycle-helpers.js'
import { expectCreated, refund } from '../refunds/refund-helpers.js'
import { sendEth, startAnvil } from '../support/anvil.js'
import type { Anvil } from '../support/anvil.js'
import { testDialects } from '../support/databases.js'
import type { TestDatabase } from '../support/databases.js'
import { startEvmKassa } from '../support/evm-kassa.js'
import type { EvmTestKassa } from '../support/evm-kassa.js'
import type { StoreCredentials } from '../support/signed-client.js'

/**
 * A live refund on a real node: a live store's ETH payment is paid by a buyer on anvil, the
 * merchant refunds part of it through the Merchant API, the buyer enters their own address on
 * the refund link, and the payout engine sends it from the hot wallet: the buyer's balance
 * rises by exactly the refund, the ledger settles, payment.refunded is written.
 */
const ETH = 10n ** 18n

const [sqlite] = await testDialects()

describe('a live ETH refund on anvil', () => {
  let anvil: Anvil
  let database: TestDatabase
  let t: EvmTestKassa & { hotKey: Hex }
  let store: StoreCredentials

  before(async () => {
    anvil = await startAnvil()
    database = await sqlite!.open()
    t = await startEvmKassa(sqlite!, anvil, { confirmations: 3, database })
    store = await t.createStore('ETH', { mode: 'live' })
    await t.watcher.runOnce()
  })
  after(async () => {
    await t?.close()
    await database?.drop()
    await anvil?.stop()
  })

  test('the buyer who paid 1 ETH gets 0.35 ETH back at their own address, through the link', async () => {
    const p = await createPayment(t, store, { amount: '1', currency: 'ETH' })
    const buyer = await anvil.newPayer()
    await sendEth(anvil, buyer, p.pay_address, ETH)
    await anvil.mine(3)
    await t.watcher.runOnce()
    assert.equal((await status(t, store, p.payment_id)).status, 'completed')

    const r = expectCreated(await refund(t, store, p.payment_id, { amount: '0.35', reason: 'Partial return' }))
    assert.equal(r.status, 'awaiting_address')
    const path = new URL(r.refund_url).pathname
    const before = await anvil.public.getBalance({ address: buyer.address })
    const posted = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ address: buyer.address }).toString(),
    })
    assert.equal(posted.status, 303)

    const refunds = async () => (await t.request(store, 'GET', `/api/v1/payment/${p.payment_id}/refunds`)).json.data
    await t.kassa.payouts.runOnce()
    assert.equal((await refunds()).refunds[0].status, 'sent')
    await anvil.mine(3)
    await t.kassa.payouts.runOnce()
    const done = await refunds()
    assert.equal(done.refunds[0].status, 'confirmed')
    assert.match(done.refunds[0].tx_hash, /^0x[0-9a-f]{64}$/)
    const receipt = await anvil.public.getTransactionReceipt({ hash: done.refunds[0].tx_hash })
    assert.equal(receipt.status, 'success')
    assert.equal(receipt.to?.toLowerCase(), buyer.address.toLowerCase())
    assert.equal(
      (await anvil.public.getBalance({ address: buyer.address })) - before,
      (35n * ETH) / 100n,
      'the buyer got the refund, exactly',
    )
    assert.equal(done.amount_refunded, '0.35000000')
    assert.equal(done.amount_refundable, '0.65000000')

    // The store paid it: 1 ETH received, 1 % commission, 0.35 refunded.
    const b = (await balance(t, store)).json.ETH
    assert.equal(Number(b.available), 0.64)
    await assertLedgerBalanced(t)
    const events = await t.kassa.database.db.selectFrom('webhook_events').select('body').where('event', '=', 'payment.refunded').execute()
    assert.equal(events.length, 1)
    assert.equal(JSON.parse(events[0]!.body).refund.tx_hash, done.refunds[0].tx_hash)
  })

  test('a refund whose payout fails gives the money back: available and refundable again, state failed, no webhook', async () => {
    const p = await createPayment(t, store, { amount: '0.5', currency: 'ETH' })
    const buyer = await anvil.newPayer()
    await sendEth(anvil, buyer, p.pay_address, ETH / 2n)
    await anvil.mine(3)
    await t.watcher.runOnce()
    const before = (await balance(t, store)).json.ETH
    const r = expectCreated(await refund(t, store, p.payment_id, { amount: '0.2', address: buyer.address }))
    assert.equal(r.status, 'queued')
    assert.equal(Number((await balance(t, store)).json.ETH.available), Math.round((Number(before.available) - 0.2) * 1e8) / 1e8)
    await t.kassa.payouts.signQueued(t.adapter)
    const signed = await t.kassa.database.db
      .selectFrom('payouts')
      .selectAll()
      .where('payment_id', '=', p.payment_id)
      .where('kind', '=', 'refund')
      .executeTakeFirstOrThrow()
    // The hot wallet's key spends that nonce first (an operator's manual send): the refund's transaction can never be mined.
    const hot = privateKeyToAccount(t.hotKey)
    const elsewhere = privateKeyToAccount(generatePrivateKey()).address
    await anvil.wallet(hot).sendTransaction({ to: elsewhere, value: 1n, nonce: signed.nonce!, account: hot, chain: undefined })
    await anvil.mine(1)
    await t.kassa.payouts.runOnce()
    await t.kassa.payouts.runOnce()
    const list = (await t.request(store, 'GET', `/api/v1/payment/${p.payment_id}/refunds`)).json.data
    assert.equal(list.refunds[0].status, 'failed')
    assert.equal(list.amount_refundable, '0.50000000', 'refundable again')
    assert.equal(list.amount_refunded, '0.00000000')
    assert.equal((await balance(t, store)).json.ETH.available, before.available, 'the reserved amount is back')
    await assertLedgerBalanced(t)
    const events = await t.kassa.database.db
      .selectFrom('webhook_events')
      .select('id')
      .where('payment_id', '=', p.payment_id)
      .where('event', '=', 'payment.refunded')
      .execute()
    assert.equal(events.length, 0)
  })
})
