import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { blockIdOf, encodeHeaderRaw } from './block-codec.js'
import { readFixture } from './networks.js'

interface RecordedBlock {
  blockID: string
  block_header: {
    raw_data: { number: number; timestamp: number; txTrieRoot: string; parentHash: string; witness_address: string; version: number }
  }
}

describe('block ids, against real recorded blocks', () => {
  for (const file of [
    'mainnet-61132092-getnowblock.json',
    'mainnet-60954080-getnowblock.json',
    'mainnet-47964392-getnowblock.json',
    'mainnet-30864544-getblockbynum.json',
  ]) {
    it(`recomputes the blockID of ${file} from its header`, () => {
      const b = readFixture<RecordedBlock>(`blocks/${file}`)
      const r = b.block_header.raw_data
      const raw = encodeHeaderRaw({
        number: BigInt(r.number),
        timestamp: BigInt(r.timestamp),
        txTrieRoot: r.txTrieRoot,
        parentHash: r.parentHash,
        witnessAddress: r.witness_address,
        version: r.version,
      })
      assert.equal(blockIdOf(BigInt(r.number), raw), b.blockID)
      assert.notEqual(
        blockIdOf(
          BigInt(r.number),
          encodeHeaderRaw({
            ...{
              number: BigInt(r.number),
              timestamp: BigInt(r.timestamp + 3000),
              txTrieRoot: r.txTrieRoot,
              parentHash: r.parentHash,
              witnessAddress: r.witness_address,
              version: r.version,
            },
          }),
        ),
        b.blockID,
      )
    })
  }

  it('has genesis ids whose last 4 bytes are the recorded JSON-RPC chain ids', () => {
    const nets = readFixture<Record<string, { genesisBlockId: string; jsonRpcChainId: string }>>('networks.json')
    for (const n of Object.values(nets)) assert.equal(`0x${n.genesisBlockId.slice(-8)}`, n.jsonRpcChainId)
    assert.equal(readFixture<{ result: string }>('jsonrpc/nile-eth_chainId.json').result, nets.nile!.jsonRpcChainId)
    const shasta = readFixture<Array<{ response: { result: string } }>>('recorded-exchanges/shasta-get-chain-id.json')
    assert.equal(shasta[0]!.response.result, nets.shasta!.jsonRpcChainId)
  })
})
