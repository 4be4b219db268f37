import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { status } from '../lifecycle/lifecycle-helpers.js'
import { depositAddressOf, startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'

/**
 * The pay widget and the donation widget of a live BTC store on a real btcd: their payments take
 * the next BIP84 deposit address like an API payment, and the node's transaction moves them to
 * `confirming` and `completed` like any other.
 */
const skip = bitcoinNodesSkipReason(['BTC'])
const [sqlite] = await testDialects()
const SHOP = 'https://shop.example'

describe('widget and donation payments of a live BTC store', { skip }, () => {
  let node: BitcoinNode
  let t: BitcoinTestKassa
  let store: StoreCredentials
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(t.baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
    const text = await r.text()
    return { status: r.status, text, json: JSON.parse(text) as { success: boolean; data?: any } }
  }

  before(async () => {
    node = await startBitcoinNode({ coin: 'BTC' })
    t = await startBitcoinKassa(sqlite!, node)
    store = await t.createStore('BTC', { mode: 'live' })
    await t.kassa.pageSettings.update(store.storeId, { widgetEnabled: true, widgetOrigins: [SHOP], donationsEnabled: true })
  })
  after(async () => {
    await t?.close()
    await node?.stop()
  })

  test('a widget payment and a donation, each to its own BIP84 address, paid on chain and completed', async () => {
    const w = await post('/pay/widget', { api_key: store.apiKey, amount: '0.25', order_id: 'W-1' }, { origin: SHOP })
    assert.equal(w.status, 200, w.text)
    const d = await post('/donate/create', { api_key: store.apiKey, currency: 'BTC', amount: '0.1', donor_name: 'Ada' })
    assert.equal(d.status, 200, d.text)
    const payments = [w.json.data, d.json.data] as Array<{ payment_id: string; pay_address: string; amount: string }>
    payments.forEach((p, i) => {
      assert.equal(p.pay_address, depositAddressOf('BTC', t.keys.depositMnemonic, i))
    })
    await node.funder.pay(payments.map((p) => ({ address: p.pay_address, sats: BigInt(Math.round(Number(p.amount) * 1e8)) })))
    await t.watcher.runOnce()
    for (const p of payments) assert.equal((await status(t, store, p.payment_id)).status, 'confirming')
    await node.mine(2)
    await t.watcher.runOnce()
    for (const p of payments) assert.equal((await status(t, store, p.payment_id)).status, 'completed')
  })
})
