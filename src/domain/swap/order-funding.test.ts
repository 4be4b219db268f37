import assert from 'node:assert/strict'
import { test } from 'node:test'
import { orderFunding } from './order-funding.js'

// 10 BTC (coin units of 1e-8, the chain's own), 2 confirmations.
const order = { coin: 'btc', network: 'btc', depositAmount: 1_000_000_000n, activatedAt: null }
const funding = (transfers: { amount: bigint; blockHeight: number | null }[], tipHeight: number | null) =>
  orderFunding(order, { transfers, tipHeight, required: 2 })

test('nothing seen: confirm_status 0, nothing received, cannot start', () => {
  const f = funding([], 100)
  assert.deepEqual([f.confirmStatus, f.received, f.fullyFunded, f.canStart], [0, 0n, false, false])
})

test('a transfer counts as confirmed at the required depth, its own block included', () => {
  assert.equal(funding([{ amount: 1_000_000_000n, blockHeight: 100 }], 100).confirmStatus, 1)
  const f = funding([{ amount: 1_000_000_000n, blockHeight: 100 }], 101)
  assert.deepEqual([f.confirmStatus, f.fullyFunded, f.canStart], [2, true, true])
  assert.equal(funding([{ amount: 1_000_000_000n, blockHeight: null }], 500).confirmStatus, 1, 'in the mempool')
  assert.equal(funding([{ amount: 1_000_000_000n, blockHeight: 100 }], null).confirmStatus, 1, 'the watcher has no height yet')
})

test('fully funded but partly unconfirmed cannot start; confirmed but short cannot either', () => {
  const partly = funding(
    [
      { amount: 600_000_000n, blockHeight: 90 },
      { amount: 400_000_000n, blockHeight: 101 },
    ],
    101,
  )
  assert.deepEqual([partly.confirmStatus, partly.fullyFunded, partly.canStart], [1, true, false])
  const short = funding([{ amount: 400_000_000n, blockHeight: 90 }], 101)
  assert.deepEqual([short.confirmStatus, short.received, short.fullyFunded, short.canStart], [2, 400_000_000n, false, false])
})

test('ETH: 8-decimal coin units from wei; what was received on chain is kept whole', () => {
  const eth = orderFunding(
    { coin: 'eth', network: 'eth', depositAmount: 100_000_000n, activatedAt: null },
    {
      transfers: [{ amount: 1_000_000_000_050_000_000n, blockHeight: 10 }],
      tipHeight: 30,
      required: 12,
    },
  )
  assert.deepEqual(
    [eth.waiting, eth.received, eth.receivedOnChain, eth.canStart],
    [100_000_000n, 100_000_000n, 1_000_000_000_050_000_000n, true],
  )
})
