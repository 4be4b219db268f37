import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Transaction, address as addressCodec, payments } from 'bitcoinjs-lib'
import { secp256k1 } from '@noble/curves/secp256k1'
import type { BitcoinNode, Coin } from './index.js'
import { type BitcoinRpcError, REGTEST_GENESIS_HASH, REGTEST_NETWORK, bitcoinNodesSkipReason, startBitcoinNode } from './index.js'

function freshAddress(coin: Coin): string {
  const pubkey = secp256k1.getPublicKey(secp256k1.utils.randomPrivateKey(), true)
  return payments.p2wpkh({ pubkey, network: REGTEST_NETWORK[coin] }).address!
}

async function outputsOf(node: BitcoinNode, txid: string): Promise<{ script: string; sats: bigint }[]> {
  const tx = Transaction.fromHex(await node.rpc<string>('getrawtransaction', [txid, 0]))
  return tx.outs.map((o) => ({ script: Buffer.from(o.script).toString('hex'), sats: BigInt(o.value) }))
}

for (const coin of ['BTC', 'LTC'] as const) {
  describe(`${coin} regtest node (${coin === 'BTC' ? 'btcd' : 'ltcd'})`, { skip: bitcoinNodesSkipReason([coin]) }, () => {
    let a: BitcoinNode
    let b: BitcoinNode
    before(async () => {
      const t = Date.now()
      ;[a, b] = await Promise.all([startBitcoinNode({ coin }), startBitcoinNode({ coin })])
      console.log(`# ${coin}: two nodes started in ${Date.now() - t} ms`)
    })
    after(async () => {
      await Promise.all([a?.stop(), b?.stop()])
    })

    it('starts on regtest with segwit active, txindex and the genesis this package exports', async () => {
      const info = await a.rpc<{ chain: string; blocks: number; bip9_softforks: Record<string, { status: string }> }>('getblockchaininfo')
      assert.equal(info.chain, 'regtest')
      assert.equal(info.bip9_softforks.segwit?.status, 'active')
      assert.ok(info.blocks >= 432)
      assert.equal(await a.rpc('getblockhash', [0]), REGTEST_GENESIS_HASH[coin])
      assert.equal(await b.tipHash(), await a.tipHash(), 'every node of a run starts on the same chain')
      assert.match(a.funder.address, coin === 'BTC' ? /^bcrt1q/ : /^rltc1q/)
    })

    it('pays P2WPKH outputs: in the mempool, then mined with the right outputs', async () => {
      const to = freshAddress(coin)
      const tx = await a.funder.pay([{ address: to, sats: 123_456n }], { feeRate: 3n })
      assert.ok((await a.mempool()).includes(tx.txid))
      assert.ok(tx.fee >= 3n * BigInt(tx.vsize))
      const [block] = await a.mine(1)
      const raw = await a.rpc<{ confirmations: number; blockhash: string }>('getrawtransaction', [tx.txid, 1])
      assert.equal(raw.blockhash, block)
      assert.equal(raw.confirmations, 1)
      const outs = await outputsOf(a, tx.txid)
      const script = Buffer.from(addressCodec.toOutputScript(to, REGTEST_NETWORK[coin])).toString('hex')
      assert.deepEqual(outs[0], { script, sats: 123_456n })
      assert.deepEqual(await a.mempool(), [])
    })

    it('restart keeps the chain and ports and drops the mempool', async () => {
      const tx = await a.funder.pay([{ address: freshAddress(coin), sats: 10_000n }])
      const [tip, port] = [await a.tipHash(), a.rpcPort]
      await a.restart()
      assert.equal(a.rpcPort, port)
      assert.equal(await a.tipHash(), tip)
      assert.deepEqual(await a.mempool(), [])
      await assert.rejects(a.rpc('getrawtransaction', [tx.txid, 1]), (e: BitcoinRpcError) => e.code === -5)
      // The dropped transaction is still valid and can be broadcast again.
      assert.equal(await a.funder.broadcast(tx.hex), tx.txid)
    })

    it('replaces a transaction with one spending the same inputs', async () => {
      const first = await a.funder.pay([{ address: freshAddress(coin), sats: 50_000n }], { rbf: true, feeRate: 2n })
      const to = freshAddress(coin)
      const second = await a.funder.replace(first.txid, [{ address: to, sats: 40_000n }], { feeRate: 20n })
      const pool = await a.mempool()
      assert.ok(pool.includes(second.txid))
      assert.ok(!pool.includes(first.txid))
      await a.mine(1)
      assert.equal((await a.rpc<{ confirmations: number }>('getrawtransaction', [second.txid, 1])).confirmations, 1)
      await assert.rejects(a.rpc('getrawtransaction', [first.txid, 1]))
    })

    it('relays blocks between connected nodes; after a split the longer branch wins and the loser’s transaction leaves the chain', async () => {
      await b.restart() // b is behind a; restarted so it holds no stale mempool
      await b.connect(a)
      await b.waitForTip(await a.tipHash())
      const [relayed] = await a.mine(1)
      await b.waitForTip(relayed!)

      await b.disconnect(a)
      // The same coin spent differently on each side: a double spend across the split.
      const onA = await a.funder.pay([{ address: freshAddress(coin), sats: 70_000n }])
      const onB = await b.funder.signOnly([{ address: freshAddress(coin), sats: 60_000n }], { inputs: onA.inputs })
      await a.funder.broadcast(onB.hex, b)
      const [aBlock] = await a.mine(1)
      const bBlocks = await b.mine(2)
      assert.equal((await a.rpc<{ confirmations: number }>('getrawtransaction', [onA.txid, 1])).confirmations, 1)

      await a.connect(b)
      await a.waitForTip(bBlocks[1]!)
      // a's block is now stale: its transaction is out of the chain and conflicts with onB.
      const height = (await a.tipHeight()) - 1
      assert.notEqual(await a.rpc('getblockhash', [height]), aBlock)
      // Bitcoin Core answers a stale header with confirmations -1; btcd and ltcd refuse it.
      await assert.rejects(a.rpc('getblockheader', [aBlock!, true]), /is not in the main chain/)
      // The raw stale block is still served (a reorg handler can read what it held), the verbose one not.
      assert.ok((await a.rawBlock(aBlock!)).length > 160)
      await assert.rejects(a.rpc('getblock', [aBlock!, coin === 'LTC' ? true : 1]), /is not in the main chain/)
      assert.equal((await a.rpc<{ confirmations: number }>('getrawtransaction', [onB.txid, 1])).confirmations, 2)
      const stale = await a.rpc<{ confirmations?: number }>('getrawtransaction', [onA.txid, 1]).catch(() => undefined)
      assert.equal(stale?.confirmations, undefined)
      assert.equal(await a.rpc('gettxout', [onA.txid, 0, false]), null)
      await a.disconnect(b)
    })
  })
}
