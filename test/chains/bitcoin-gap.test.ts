import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { addressGap } from '../../src/services/payments/address-gap.js'
import { createPayment } from '../lifecycle/lifecycle-helpers.js'
import { depositAddressOf, startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'

/**
 * The gap limit: a wallet restored from the deposit xpub walks the addresses in order and stops
 * after `gap limit` unpaid ones. `kassa deposits gap` tells the merchant how long a gap limit
 * that wallet needs; here its service counts it from what the real node paid.
 */
const skip = bitcoinNodesSkipReason(['BTC'])
const [sqlite] = await testDialects()

describe('deposit address gap on BTC', { skip }, () => {
  let node: BitcoinNode
  let t: BitcoinTestKassa
  before(async () => {
    node = await startBitcoinNode({ coin: 'BTC' })
    t = await startBitcoinKassa(sqlite!, node)
  })
  after(async () => {
    await t?.close()
    await node?.stop()
  })

  test('payments 0 and 4 of five paid: three unpaid in a row, a restored wallet needs gap limit 4', async () => {
    const store = await t.createStore('BTC', { mode: 'live' })
    const payments = []
    for (let i = 0; i < 5; i++) payments.push(await createPayment(t, store, { amount: '0.01', currency: 'BTC' }))
    // Each is the next BIP84 address of the deposit key, in order: what a restored wallet walks.
    for (const [i, p] of payments.entries()) assert.equal(p.pay_address, depositAddressOf('BTC', t.keys.depositMnemonic, i))
    assert.deepEqual(await addressGap(t.kassa.deps.repos, t.network), {
      network: t.network,
      handedOut: 5,
      used: 0,
      longestUnusedRun: 0,
      neededGapLimit: 1,
    })
    await node.funder.pay([
      { address: payments[0]!.pay_address, sats: 1_000_000n },
      { address: payments[4]!.pay_address, sats: 1_000_000n },
    ])
    await t.watcher.runOnce()
    const gap = await addressGap(t.kassa.deps.repos, t.network)
    assert.deepEqual(
      { used: gap.used, longestUnusedRun: gap.longestUnusedRun, neededGapLimit: gap.neededGapLimit },
      {
        used: 2,
        longestUnusedRun: 3,
        neededGapLimit: 4,
      },
    )
  })
})
