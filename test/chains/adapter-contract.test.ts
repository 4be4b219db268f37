import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import type { Hex } from 'viem'
import type { ChainAdapter, ReceivedOutput } from '../../src/chains/adapter.js'
import { tronAddressOfPrivateKey } from '../../src/chains/adapters/tron/tron-keys.js'
import { SWAP_ADDRESS_VALIDATORS } from '../../src/chains/swap-address-validators.js'
import { SimChainRepository } from '../../src/db/repositories/sim-chain-repository.js'
import { currencyInfo } from '../../src/money/index.js'
import type { ChainCurrencyCode, CurrencyCode } from '../../src/money/index.js'
import { deploy, mintTokens, sendEth, sendTokens, startAnvil } from '../support/anvil.js'
import type { Anvil } from '../support/anvil.js'
import { startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'
import { startEvmKassa } from '../support/evm-kassa.js'
import { startTestKassa } from '../support/test-kassa.js'
import { startTronKassa } from '../support/tron-kassa.js'
import { signedTransfer, startTronNode } from '../support/tron-node/tron-node.js'
import type { TronNode } from '../support/tron-node/tron-node.js'
import type { TestKassa } from '../support/test-kassa.js'

/**
 * The contract every chain adapter keeps, run over every adapter: the eight simulated networks
 * (four of them serve the Swap API's swap-only coins) and the EVM adapter on a real anvil node. Each network gets a harness that moves its chain
 * (pay, mine, reorg) the way that network can be moved; TRON on the node double (test/support/tron-node/); Bitcoin and Litecoin
 * on two real btcd / ltcd nodes each (test/support/bitcoin-node/), a reorg being the second node's longer branch; the assertions are the same for all.
 * Capabilities an adapter lacks are declared by its flags, and their tests check the refusal.
 */
const URI_SCHEME: Record<string, string> = {
  bitcoin: 'bitcoin:',
  litecoin: 'litecoin:',
  ethereum: 'ethereum:',
  tron: 'tron:',
  dogecoin: 'dogecoin:',
  xrp: 'xrpl://',
  ton: 'ton://transfer/',
  solana: 'solana:',
}
/** Networks whose payouts carry a destination tag / comment. */
const PAYOUT_MEMO = ['sim-xrp', 'sim-ton']

interface Harness {
  adapter: ChainAdapter
  /** A transfer of `amount` to `address`, not yet in a block; returns its transaction hash. */
  pay(address: string, currency: ChainCurrencyCode, amount: bigint): Promise<string>
  mine(blocks: number): Promise<void>
  /** Remember this point of the chain, then replace everything after it with a longer branch without its transfers. */
  checkpoint(): Promise<() => Promise<void>>
  /** Pending transfers show in getMempool (sim, Bitcoin's whole mempool); an account chain's adapter reports transfers once mined. */
  followsMempool: boolean
  /** The outputs the watcher recorded to an address, as the payout engine hands them to `sign` on a UTXO chain. */
  received?: (address: string) => Promise<readonly ReceivedOutput[]>
}

const [sqlite] = await testDialects()
const SIM = ['sim-bitcoin', 'sim-litecoin', 'sim-ethereum', 'sim-tron', 'sim-dogecoin', 'sim-xrp', 'sim-ton', 'sim-solana'] as const
const BITCOIN = { 'bitcoin-regtest': 'BTC', 'litecoin-regtest': 'LTC' } as const
const networks = [...SIM, 'evm-anvil', 'tron-nile', 'bitcoin-regtest', 'litecoin-regtest'] as const
const bitcoinSkip = bitcoinNodesSkipReason()

describe('chain adapter contract', () => {
  let t: TestKassa
  let evm: TestKassa
  let tron: TestKassa
  let tronNode: TronNode
  let anvil: Anvil
  let token: Hex
  const bitcoin: { kassa: BitcoinTestKassa; nodes: BitcoinNode[] }[] = []
  const harness = new Map<string, Harness>()

  before(async () => {
    t = await startTestKassa(sqlite!)
    anvil = await startAnvil()
    token = await deploy(anvil, 'TestToken')
    evm = await startEvmKassa(sqlite!, anvil, { token })
    const chain = new SimChainRepository(t.kassa.database.db)
    let n = 0
    for (const network of SIM) {
      harness.set(network, {
        adapter: t.kassa.deps.chains.byNetwork(network)!,
        async pay(address, currency, amount) {
          const txHash = `tx-${network}-${++n}`
          await chain.addTransaction({ txHash, network, currency, toAddress: address, amount }, Date.now())
          return txHash
        },
        mine: async (blocks) => {
          await t.kassa.simulation.mine(blocks, network)
        },
        async checkpoint() {
          const at = (await chain.tip(network))?.height ?? -1
          return async () => {
            const tip = (await chain.tip(network))!.height
            await t.kassa.simulation.reorg(tip - at, { network })
          }
        },
        followsMempool: true,
      })
    }
    const payer = await anvil.newPayer()
    await mintTokens(anvil, token, payer.address, 10n ** 12n)
    harness.set('evm-anvil', {
      adapter: evm.kassa.deps.chains.byNetwork('evm-anvil')!,
      pay: (address, currency: ChainCurrencyCode, amount) =>
        currency === 'ETH' ? sendEth(anvil, payer, address, amount) : sendTokens(anvil, token, payer, address, amount),
      mine: (blocks) => anvil.mine(blocks),
      async checkpoint() {
        const id = await anvil.test.snapshot()
        const at = Number(await anvil.public.getBlockNumber({ cacheTime: 0 }))
        return async () => {
          const tip = Number(await anvil.public.getBlockNumber({ cacheTime: 0 }))
          await anvil.test.revert({ id })
          await anvil.mine(tip - at + 1)
        }
      },
      followsMempool: false,
    })
    // TRON: the node double, paid the way a wallet pays: a transaction signed by the payer's key
    // and sent to the node's /wallet/broadcasthex.
    tronNode = await startTronNode({ network: 'nile' })
    tron = await startTronKassa(sqlite!, tronNode)
    const payerKey = new Uint8Array(randomBytes(32))
    tronNode.setAccount(tronAddressOfPrivateKey(payerKey), { trx: 10n ** 12n, usdt: 10n ** 12n })
    harness.set('tron-nile', {
      adapter: tron.kassa.deps.chains.byNetwork('tron-nile')!,
      async pay(address, currency, amount) {
        const signed = signedTransfer(tronNode, payerKey, {
          to: address,
          amount,
          ...(currency === 'USDT_TRC20' && { token: 'USDT' as const, feeLimit: 100_000_000n }),
        })
        const res = await fetch(`${tronNode.url}/wallet/broadcasthex`, {
          method: 'POST',
          body: JSON.stringify({ transaction: signed.hex }),
        })
        assert.equal(((await res.json()) as { result?: boolean }).result, true)
        return signed.txid
      },
      mine: async (blocks) => {
        tronNode.mine(blocks)
      },
      async checkpoint() {
        const at = Number(tronNode.chain.head.number)
        return async () => {
          const depth = Number(tronNode.chain.head.number) - at
          const drop = tronNode.chain.blocks.filter((b) => Number(b.number) > at).flatMap((b) => b.txs.map((x) => x.tx.txid))
          tronNode.reorg(depth, { drop, length: depth + 1 })
        }
      },
      followsMempool: false,
    })
    // Bitcoin and Litecoin: Kassa follows node `a`; `b` shares its chain until a checkpoint cuts
    // it off, then mines the longer branch that `a` reorganises to when they meet again.
    // Paid by the nodes' funder key, a signed P2WPKH payment sent to `a`, as a wallet pays.
    if (!bitcoinSkip) {
      for (const [network, coin] of Object.entries(BITCOIN)) {
        const [a, b] = await Promise.all([startBitcoinNode({ coin }), startBitcoinNode({ coin })])
        await b.connect(a)
        const kassa = await startBitcoinKassa(sqlite!, a)
        bitcoin.push({ kassa, nodes: [a, b] })
        harness.set(network, {
          adapter: kassa.adapter,
          pay: async (address, _currency, amount) => (await a.funder.pay([{ address, sats: amount }])).txid,
          mine: async (blocks) => {
            await a.mine(blocks)
          },
          async checkpoint() {
            const at = await a.tipHeight()
            await b.waitForTip(await a.tipHash())
            await b.disconnect(a)
            return async () => {
              const depth = (await a.tipHeight()) - at
              const branch = await b.mine(depth + 1)
              await a.connect(b)
              await a.waitForTip(branch.at(-1)!)
            }
          },
          followsMempool: true,
          received: (address) => kassa.kassa.deps.repos.chain.receivedBy(network, address),
        })
      }
    }
  })
  after(async () => {
    await t?.close()
    await evm?.close()
    await tron?.close()
    await tronNode?.stop()
    await anvil?.stop()
    for (const { kassa, nodes } of bitcoin) {
      await kassa.close()
      for (const node of nodes) await node.stop()
    }
  })

  test('every currency has an adapter in test mode; live ones only where a real network is configured', () => {
    for (const c of ['USDT_TRC20', 'USDT_ERC20', 'BTC', 'ETH', 'LTC', 'TRX'] as const) {
      assert.ok(t.kassa.deps.chains.forCurrency('test', c), c)
      assert.equal(t.kassa.deps.chains.forCurrency('live', c), undefined, `no live network for ${c} without configuration`)
    }
    assert.equal(evm.kassa.deps.chains.forCurrency('live', 'ETH')?.network, 'evm-anvil')
    assert.equal(evm.kassa.deps.chains.forCurrency('live', 'USDT_ERC20')?.network, 'evm-anvil')
    assert.equal(evm.kassa.deps.chains.forCurrency('live', 'BTC'), undefined)
    for (const { kassa } of bitcoin) {
      const coin = BITCOIN[kassa.network as keyof typeof BITCOIN]
      assert.equal(kassa.kassa.deps.chains.forCurrency('live', coin)?.network, kassa.network)
      assert.equal(kassa.kassa.deps.chains.forCurrency('live', 'ETH'), undefined)
    }
  })

  test('swap-only coins have test networks for the Swap API, and never answer a Merchant API lookup', () => {
    for (const [c, network] of [
      ['DOGE', 'sim-dogecoin'],
      ['XRP', 'sim-xrp'],
      ['TON', 'sim-ton'],
      ['SOL', 'sim-solana'],
    ] as const) {
      assert.equal(t.kassa.deps.chains.forSwap('test', c)?.network, network)
      assert.equal(t.kassa.deps.chains.forSwap('live', c), undefined)
      assert.equal(t.kassa.deps.chains.forCurrency('test', c as unknown as CurrencyCode), undefined, `${c} is not a store currency`)
    }
    assert.equal(t.kassa.deps.chains.forSwap('test', 'BTC')?.network, 'sim-bitcoin', 'the Swap API also finds the Merchant API currencies')
  })

  test('simulated addresses use the test format where the network has one: a real wallet refuses them', () => {
    const address = (network: string) => t.kassa.deps.chains.byNetwork(network)!.receive.deriveAddress('store-a', 0)
    assert.match(address('sim-dogecoin'), /^n/, 'Dogecoin testnet P2PKH')
    assert.match(address('sim-xrp'), /^T/, 'XRP test-network X-address')
    assert.match(address('sim-ton'), /^0Q/, 'TON test-only, non-bounceable')
    for (const [network, code] of [
      ['sim-dogecoin', 'doge'],
      ['sim-xrp', 'xrp'],
      ['sim-ton', 'ton'],
    ] as const) {
      assert.equal(SWAP_ADDRESS_VALIDATORS[code]!(address(network)), false, `${network} address is no ${code} mainnet destination`)
    }
    assert.equal(SWAP_ADDRESS_VALIDATORS.sol!(address('sim-solana')), true, 'Solana has no test format: same base58 as mainnet')
  })

  for (const network of networks) {
    describe(network, { skip: network in BITCOIN && bitcoinSkip }, () => {
      let h: Harness
      let a: ChainAdapter
      before(() => {
        h = harness.get(network)!
        a = h.adapter
      })

      test('derives stable, distinct, valid addresses', () => {
        const x = a.receive.deriveAddress('store-a', 0)
        assert.equal(a.receive.deriveAddress('store-a', 0), x)
        assert.notEqual(a.receive.deriveAddress('store-a', 1), x)
        if (a.receive.indexScope === 'store') assert.notEqual(a.receive.deriveAddress('store-b', 0), x)
        else assert.equal(a.receive.deriveAddress('store-b', 0), x, 'network-wide indexes: the index alone names the address')
        assert.ok(a.receive.validateAddress(x))
        const corrupted = x.slice(0, -1) + (x.endsWith('a') ? 'b' : 'a')
        // Not supported on Solana: an address is a bare 32-byte key in base58, with no checksum,
        // so a typo names another valid account.
        if (a.family === 'solana') assert.ok(a.receive.validateAddress(corrupted), 'no checksum to catch a typo')
        else assert.ok(!a.receive.validateAddress(corrupted), 'corrupted checksum')
        assert.ok(!a.receive.validateAddress('not an address'))
        const real = [evm, tron, ...bitcoin.map((b) => b.kassa)].flatMap((k) => k.kassa.deps.chains.all().filter((c) => !c.testMode))
        for (const other of [...t.kassa.deps.chains.all(), ...real]) {
          if (other.family === a.family) continue
          assert.ok(!a.receive.validateAddress(other.receive.deriveAddress('store-a', 0)), `${other.network} address`)
        }
      })

      test("builds a payment URI in its family's scheme", () => {
        const address = a.receive.deriveAddress('store-a', 3)
        const uri = a.receive.paymentUri(a.currencies[0]!, address, 150_000_000n)
        assert.ok(uri.startsWith(URI_SCHEME[a.family]!), uri)
        assert.ok(uri.includes(address) || uri.includes('address=' + address), uri)
      })

      test('follows blocks: inclusion, parent links, confirmations by depth, every currency it serves', async () => {
        const before = await a.watch.getTip()
        const address = a.receive.deriveAddress('contract', 7)
        a.watch.watchAddresses?.([address])
        const paid: string[] = []
        for (const [i, currency] of a.currencies.entries()) paid.push(await h.pay(address, currency, 42n + BigInt(i)))
        if (h.followsMempool) {
          assert.deepEqual((await a.watch.getMempool()).map((m) => [m.txHash, m.toAddress]).sort(), paid.map((p) => [p, address]).sort())
        } else {
          assert.deepEqual(await a.watch.getMempool(), [], 'pending transfers are not reported')
        }
        await h.mine(3)
        const tip = (await a.watch.getTip())!
        assert.equal(tip.height, (before?.height ?? -1) + 3)
        const first = (await a.watch.getBlock(tip.height - 2))!
        assert.deepEqual(
          first.transfers.map((x) => [x.txHash, x.currency, x.amount, x.toAddress]).sort(),
          a.currencies.map((c, i) => [paid[i], c, 42n + BigInt(i), address]).sort(),
        )
        const second = (await a.watch.getBlock(tip.height - 1))!
        assert.equal(second.parentHash, first.hash)
        if (a.watch.getBlockRef) {
          assert.deepEqual(await a.watch.getBlockRef(second.height), {
            height: second.height,
            hash: second.hash,
            parentHash: second.parentHash,
          })
          assert.equal(await a.watch.getBlockRef(tip.height + 1), null)
        }
        assert.deepEqual(await a.watch.getMempool(), [])
        assert.equal(await a.watch.getBlock(tip.height + 1), null)
      })

      test('a reorg replaces blocks with a longer branch, and their transfers vanish', async () => {
        const reorg = await h.checkpoint()
        const address = a.receive.deriveAddress('contract', 8)
        a.watch.watchAddresses?.([address])
        const tx = await h.pay(address, a.currencies[0]!, 5n)
        await h.mine(1)
        const tip = (await a.watch.getTip())!
        const old = (await a.watch.getBlock(tip.height))!
        assert.deepEqual(
          old.transfers.map((x) => x.txHash),
          [tx],
        )
        await reorg()
        const newTip = (await a.watch.getTip())!
        assert.equal(newTip.height, tip.height + 1)
        const replaced = (await a.watch.getBlock(tip.height))!
        assert.notEqual(replaced.hash, old.hash)
        assert.deepEqual(replaced.transfers, [])
      })

      test('declares what it can and cannot do', async () => {
        // Every adapter sends (sim: a simulated hot wallet for test-mode swap outputs).
        assert.equal(a.capabilities.supportsSend, true)
        assert.ok(a.send)
        assert.ok(a.receive.validateAddress(a.send.hotWalletAddress()))
        // A signed transaction the network has not been sent is unknown to it: nothing leaves at signing.
        // (The smallest payout the network takes: 1 unit, or Bitcoin's dust limit, below which it refuses.)
        const native = a.currencies.find((c) => !currencyInfo(c).token)!
        const to = a.receive.deriveAddress('contract-store', 7)
        const least = a.send.minimumAmount ?? 1n
        const received = h.received && (() => h.received!(a.send!.hotWalletAddress()))
        const request = { currency: native, from: { kind: 'hot-wallet' as const }, to, amount: least }
        const signed = await a.send.sign(request, [], received)
        assert.equal(signed.amount, least)
        assert.equal(signed.fromAddress, a.send.hotWalletAddress())
        assert.deepEqual(await a.send.receipt(signed), { state: 'unknown' })
        if (a.send.minimumAmount !== undefined) await assert.rejects(a.send.sign({ ...request, amount: least - 1n }, [], received))
        if (a.testMode) assert.equal(a.send.canSweep, false, 'sim deposit addresses have no keys to sweep with')
        assert.equal(a.capabilities.supportsMemo, false)
        assert.equal(a.capabilities.supportsPayoutMemo, PAYOUT_MEMO.includes(a.network))
      })
    })
  }
})
