import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ChainAdapter } from '../../src/chains/adapter.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

/**
 * The contract every chain adapter keeps, run over every registered adapter (today the four
 * simulated networks; real adapters join this loop as they land). Capabilities an adapter
 * lacks are declared by its flags, and the tests for them check the refusal instead.
 */
const URI_SCHEME: Record<string, string> = { bitcoin: 'bitcoin:', litecoin: 'litecoin:', ethereum: 'ethereum:', tron: 'tron:' }

const [sqlite] = await testDialects()
describe('chain adapter contract', () => {
  let t: TestKassa
  before(async () => { t = await startTestKassa(sqlite!) })
  after(async () => { await t.close() })

  test('every currency has an adapter in test mode', () => {
    for (const c of ['USDT_TRC20', 'USDT_ERC20', 'BTC', 'ETH', 'LTC', 'TRX'] as const) {
      assert.ok(t.kassa.deps.chains.forCurrency('test', c), c)
      assert.equal(t.kassa.deps.chains.forCurrency('live', c), undefined, `no live network for ${c} yet`)
    }
  })

  for (const network of ['sim-bitcoin', 'sim-litecoin', 'sim-ethereum', 'sim-tron']) {
    describe(network, () => {
      let a: ChainAdapter
      before(() => { a = t.kassa.deps.chains.byNetwork(network)! })

      test('derives stable, distinct, valid addresses', () => {
        const x = a.receive.deriveAddress('store-a', 0)
        assert.equal(a.receive.deriveAddress('store-a', 0), x)
        assert.notEqual(a.receive.deriveAddress('store-a', 1), x)
        assert.notEqual(a.receive.deriveAddress('store-b', 0), x)
        assert.ok(a.receive.validateAddress(x))
        assert.ok(!a.receive.validateAddress(x.slice(0, -1) + (x.endsWith('a') ? 'b' : 'a')), 'corrupted checksum')
        assert.ok(!a.receive.validateAddress('not an address'))
        for (const other of t.kassa.deps.chains.all()) {
          if (other.family === a.family) continue
          assert.ok(!a.receive.validateAddress(other.receive.deriveAddress('store-a', 0)), `${other.network} address`)
        }
      })

      test('builds a payment URI in its family\'s scheme', () => {
        const address = a.receive.deriveAddress('store-a', 3)
        const uri = a.receive.paymentUri(a.currencies[0]!, address, 150_000_000n)
        assert.ok(uri.startsWith(URI_SCHEME[a.family]!), uri)
        assert.ok(uri.includes(address) || uri.includes('address=' + address), uri)
      })

      test('follows blocks: mempool, inclusion, parent links, confirmations by depth', async () => {
        const before = await a.watch.getTip()
        const address = a.receive.deriveAddress('contract', 0)
        const { SimChainRepository } = await import('../../src/db/repositories/sim-chain-repository.js')
        const chain = new SimChainRepository(t.kassa.deps.db)
        await chain.addTransaction({ txHash: `tx-${network}`, network, currency: a.currencies[0]!, toAddress: address, amount: 42n }, Date.now())
        const mempool = await a.watch.getMempool()
        assert.deepEqual(mempool.map((m) => [m.txHash, m.amount, m.toAddress]), [[`tx-${network}`, 42n, address]])
        await t.kassa.simulation.mine(3, network)
        const tip = (await a.watch.getTip())!
        assert.equal(tip.height, (before?.height ?? -1) + 3)
        const first = (await a.watch.getBlock(tip.height - 2))!
        assert.deepEqual(first.transfers.map((x) => x.txHash), [`tx-${network}`])
        const second = (await a.watch.getBlock(tip.height - 1))!
        assert.equal(second.parentHash, first.hash)
        assert.deepEqual(await a.watch.getMempool(), [])
        assert.equal(await a.watch.getBlock(tip.height + 1), null)
      })

      test('a simulated reorg replaces blocks with a longer branch', async () => {
        const tip = (await a.watch.getTip())!
        const old = (await a.watch.getBlock(tip.height))!
        await t.kassa.simulation.reorg(1, { network })
        const newTip = (await a.watch.getTip())!
        assert.equal(newTip.height, tip.height + 1)
        assert.notEqual((await a.watch.getBlock(tip.height))!.hash, old.hash)
      })

      test('declares what it cannot do', () => {
        assert.equal(a.testMode, true)
        assert.equal(a.capabilities.supportsSend, false, 'sim networks send no payouts yet')
      })
    })
  }
})
