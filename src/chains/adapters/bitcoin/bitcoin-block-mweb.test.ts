import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { address, Transaction } from 'bitcoinjs-lib'
import { bitcoinLikeNetwork } from '../../codecs/bitcoin/bitcoin-networks.js'
import {
  findPayments,
  MwebOnlyTransactionError,
  merkleRootOf,
  parseRawBlock,
  parseRawTransaction,
  RawBlockFormatError,
} from './bitcoin-block.js'
import { ScriptMatcher } from './script-matcher.js'

// Litecoin mainnet block 2,383,207: eight transactions, then the HogEx (flag 0x08), then the
// extension block (test/fixtures/bitcoin/README.md says where the bytes come from).
const LTC = readFileSync(new URL('../../../../test/fixtures/bitcoin/ltc-block2383207.raw', import.meta.url))
const HOGEX_AT = LTC.length - 171 - 97 // the extension block is 171 bytes, the HogEx 97
const hogExBytes = LTC.subarray(HOGEX_AT, HOGEX_AT + 97)
// What Litecoin Core's getblock <hash> 2 recorded for each transaction: id and vsize.
const RECORDED: [txid: string, vsize: number][] = [
  ['cc74d99240cfea5fcf5840fc757b6a87223aa4ccbe7a047da9e6bbe24da11cb4', 232],
  ['1d01ef51eb5ffc89ca0cd97a76e62f51e4a0236bb8e196111f3327357c3220d2', 134],
  ['e9f56c4c0f70cb8d05c8b85a787ec8982045a4de781b7012ff136da453ea1357', 192],
  ['9c368e8e306de41af1a34f6b2b01f417f52db436a754bd07d2c7baef686a820c', 142],
  ['e132d27adbf6bae1ce50fbc150a624dfd8eceecc1965e1dfc6342c8c5037856b', 289],
  ['b15f09c0353fe3cb455c2ddd4e29e3883f841787257a299c0b932f160e292690', 224],
  ['8604aaac4926f9b39df7f81d866916451affd30eadf712bd4574441066cde3c0', 141],
  ['41ab79465ffe5dbb023aa215637638adf58d627486d3bbdf3f8350832a17bb36', 631],
  ['62d73befab5f48db9841aea938e57c8054dfdc284d6a60fc7d3363662aa078e6', 94],
]

test('Litecoin MWEB-era block 2383207: hash, parent, ids as Litecoin Core gives them, merkle root, HogEx last', () => {
  const block = parseRawBlock(LTC.toString('hex'))
  assert.equal(block.hash, '84da0de24f1f70074596f9a9da145a6b7961860519923b67545d095cf8262f9a')
  assert.equal(block.parentHash, '7b3479a720700cbff29abf0da5d14842dcae9ac18c0f9942504af07f2b8910b9')
  assert.deepEqual(
    block.transactions.map((t) => [t.txid, t.vsize]),
    RECORDED,
  )
  assert.equal(merkleRootOf(block.transactions.map((t) => t.txid)), block.merkleRoot)
  assert.deepEqual(
    block.transactions.map((t) => t.hogEx),
    [false, false, false, false, false, false, false, false, true],
  )
  const hogEx = block.transactions[8]
  assert.deepEqual(hogEx?.inputs, [
    { txid: '7c6751eb8c83391975d815342510a9950670b6cf694cd7f5feda08222c44cb87', vout: 0, sequence: 0xffffffff },
  ])
  // Its one output holds the MWEB's coins (7,931.99220526 LTC) and commits to the extension block.
  assert.deepEqual(
    hogEx?.outputs.map((o) => [Buffer.from(o.script).toString('hex'), o.value]),
    [['5820a8eaca52de7fd7b7db2c72d49f0c88edde72eb1635ef321710755560f68c6141', 793_199_220_526n]],
  )
})

test('Litecoin block 2383207: the canonical transactions read as bitcoinjs-lib reads them', () => {
  const block = parseRawBlock(LTC.toString('hex'))
  let at = 81
  for (const [i, parsed] of block.transactions.slice(0, 8).entries()) {
    const tx = Transaction.fromBuffer(LTC.subarray(at), true)
    at += tx.byteLength()
    assert.equal(parsed.txid, tx.getId(), `transaction ${i}`)
    assert.deepEqual(
      parsed.inputs,
      tx.ins.map((x) => ({ txid: Buffer.from(x.hash).reverse().toString('hex'), vout: x.index, sequence: x.sequence })),
    )
    assert.deepEqual(
      parsed.outputs.map((o) => [Buffer.from(o.script).toString('hex'), o.value]),
      tx.outs.map((o) => [Buffer.from(o.script).toString('hex'), o.value]),
    )
  }
  assert.equal(at, HOGEX_AT, 'the HogEx follows the eighth transaction')
})

test('Litecoin block 2383207: a payment to a watched ltc1 address is found, the HogEx pays nobody watched', () => {
  const network = bitcoinLikeNetwork('litecoin')
  const matcher = new ScriptMatcher()
  const to = 'ltc1q6u2lydrr8y2fda80464g2nskwq4epf9xmx47v4'
  matcher.add(to, address.toOutputScript(to, network))
  const found = parseRawBlock(LTC.toString('hex')).transactions.flatMap((t) => findPayments(t, matcher))
  assert.deepEqual(found, [
    { txHash: '9c368e8e306de41af1a34f6b2b01f417f52db436a754bd07d2c7baef686a820c', outputIndex: 0, toAddress: to, amount: 13_386_619n },
  ])
})

test('the HogEx alone, as getrawtransaction gives it: flag 0x08, no MWEB transaction', () => {
  const tx = parseRawTransaction(hogExBytes.toString('hex'))
  assert.equal(tx.txid, '62d73befab5f48db9841aea938e57c8054dfdc284d6a60fc7d3363662aa078e6')
  assert.equal(tx.hogEx, true)
  assert.equal(tx.vsize, 94)
})

test('a mempool transaction with MWEB data (a peg-in): read up to the lock time, id without it', () => {
  // The second transaction (segwit, one input) with the flags 0x09 and an MWEB transaction (its
  // bytes are not read: they run from the presence byte to the lock time).
  const segwit = parseRawBlock(LTC.toString('hex')).transactions[1]
  const start = 81 + 259
  const plain = LTC.subarray(start, start + 216)
  const withMweb = Buffer.concat([plain.subarray(0, -4), Buffer.from('01', 'hex'), Buffer.alloc(40, 7), plain.subarray(-4)])
  withMweb[5] = 0x09
  const tx = parseRawTransaction(withMweb.toString('hex'))
  assert.equal(tx.txid, segwit?.txid)
  assert.equal(tx.vsize, segwit?.vsize, 'MWEB data is not weighed')
  assert.deepEqual(tx.outputs, segwit?.outputs)
  assert.equal(tx.hogEx, false)
  // The same inside a block is what Litecoin Core refuses as "unexpected-mweb-data".
  const block = Buffer.concat([LTC.subarray(0, start), withMweb, LTC.subarray(start + 216)])
  assert.throws(() => parseRawBlock(block.toString('hex')), /MWEB data inside a block/)
  // Only MWEB inputs and outputs: the id is the MWEB hash, which is not computed here.
  const mwebOnly = Buffer.from(`02000000000800000141${'07'.repeat(40)}00000000`, 'hex')
  assert.throws(() => parseRawTransaction(mwebOnly.toString('hex')), MwebOnlyTransactionError)
})

test('bytes after the transactions: the extension block after a HogEx, an error after anything else', () => {
  const withoutExtension = LTC.subarray(0, LTC.length - 171)
  assert.throws(() => parseRawBlock(withoutExtension.toString('hex')), /ends before its MWEB extension block/)
  // The same transactions without the HogEx (count 8): the HogEx bytes are now trailing bytes.
  const eight = Buffer.from(LTC)
  eight[80] = 8
  assert.throws(() => parseRawBlock(eight.toString('hex')), RawBlockFormatError)
  // A HogEx that is the only transaction is not followed by an extension block (Litecoin Core
  // reads one only after two or more transactions).
  const alone = Buffer.concat([LTC.subarray(0, 80), Buffer.from([1]), hogExBytes])
  assert.equal(parseRawBlock(alone.toString('hex')).transactions[0]?.hogEx, true)
  assert.throws(() => parseRawBlock(Buffer.concat([alone, Buffer.from([1])]).toString('hex')), /1 bytes follow/)
})
