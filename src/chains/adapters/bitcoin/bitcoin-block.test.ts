import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { address, Block, type Network, payments, Transaction } from 'bitcoinjs-lib'
import { bitcoinLikeNetwork } from '../../codecs/bitcoin/bitcoin-networks.js'
import { findPayments, merkleRootOf, type ParsedTx, parseRawBlock, parseRawTransaction, RawBlockFormatError } from './bitcoin-block.js'
import { ScriptMatcher } from './script-matcher.js'

// Bitcoin mainnet block 413567 (test/fixtures/bitcoin/README.md says where it comes from).
const REAL = readFileSync(new URL('../../../../test/fixtures/bitcoin/block413567.raw', import.meta.url))
const REAL_HASH = '0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069'

const display = (hash: Uint8Array) => Buffer.from(hash).reverse().toString('hex')

/**
 * Every field the parser reads, against bitcoinjs-lib's reading of the same transaction (the
 * reference the parser replaced): id, inputs, outputs, size, coinbase, BIP125 signal.
 */
function assertSameAsBitcoinjs(parsed: ParsedTx, tx: Transaction, where: string): void {
  assert.equal(parsed.txid, tx.getId(), `${where}: txid`)
  assert.deepEqual(
    parsed.inputs,
    tx.ins.map((i) => ({ txid: display(i.hash), vout: i.index, sequence: i.sequence })),
    `${where}: inputs`,
  )
  assert.deepEqual(
    parsed.outputs.map((o) => ({ script: Buffer.from(o.script).toString('hex'), value: o.value })),
    tx.outs.map((o) => ({ script: Buffer.from(o.script).toString('hex'), value: o.value })),
    `${where}: outputs`,
  )
  assert.equal(parsed.vsize, tx.virtualSize(), `${where}: vsize`)
  assert.equal(parsed.coinbase, tx.isCoinbase(), `${where}: coinbase`)
  assert.equal(
    parsed.rbfSignalled,
    tx.ins.some((i) => i.sequence < 0xfffffffe),
    `${where}: BIP125`,
  )
  assert.equal(parsed.hogEx, false, `${where}: not a HogEx`)
}

test('mainnet block 413567: hash, parent, 1,557 transactions, and ids that rebuild the header merkle root', () => {
  const block = parseRawBlock(REAL.toString('hex'))
  assert.equal(block.hash, REAL_HASH)
  assert.equal(block.parentHash, '00000000000000000542b54d29b12b523ff6c6474e0e86085bd3005ec6c5ce11')
  assert.equal(block.transactions.length, 1557)
  assert.equal(merkleRootOf(block.transactions.map((t) => t.txid)), block.merkleRoot)
  assert.equal(block.merkleRoot, '64a50c649fc816baaa2effda230c39cacf1504e4e616a2863685b72aaa7dce05')
  // A pre-segwit block: every vsize is the byte size, and with the header and the 3-byte
  // transaction count they add up to the whole block.
  assert.equal(80 + 3 + block.transactions.reduce((s, t) => s + t.vsize, 0), REAL.length)
  assert.deepEqual(
    block.transactions.map((t, i) => (t.coinbase ? i : -1)).filter((i) => i >= 0),
    [0],
  )
})

test('mainnet block 413567: every transaction reads as bitcoinjs-lib reads it', () => {
  const parsed = parseRawBlock(REAL.toString('hex'))
  const reference = Block.fromBuffer(REAL).transactions ?? []
  assert.equal(reference.length, 1557)
  for (const [i, tx] of reference.entries()) assertSameAsBitcoinjs(parsed.transactions[i] as ParsedTx, tx, `transaction ${i}`)
})

test('mainnet block 413567: the coinbase pays 25 BTC subsidy plus fees to one P2PKH script', () => {
  const coinbase = parseRawBlock(REAL.toString('hex')).transactions[0]
  assert.ok(coinbase)
  assert.equal(coinbase.txid, '5b4aaef3f4e4625d70385ddf0bd2a0b7d7141e4c2fd36d2ff2cad37fff3deb0f')
  assert.deepEqual(coinbase.inputs, [{ txid: '0'.repeat(64), vout: 0xffffffff, sequence: 33300 }])
  assert.equal(coinbase.outputs.length, 1)
  assert.equal(coinbase.outputs[0]?.value, 2_531_310_238n)
  assert.equal(Buffer.from(coinbase.outputs[0]?.script ?? []).toString('hex'), '76a914c825a1ecf2a6830c4401620c3a16f1995057c2ab88ac')
})

test('mainnet block 413567: findPayments reports exactly the outputs to watched scripts', () => {
  const block = parseRawBlock(REAL.toString('hex'))
  const network = bitcoinLikeNetwork('bitcoin')
  const matcher = new ScriptMatcher()
  for (let i = 0; i < 1000; i++) matcher.add(`stranger-${i}`, payments.p2wpkh({ hash: randomBytes(20), network }).output as Uint8Array)
  // Three outputs of the block itself: the coinbase's and the last output of two later transactions.
  const picks = [0, 700, 1556].map((i) => {
    const tx = block.transactions[i]
    assert.ok(tx)
    const outputIndex = tx.outputs.length - 1
    const out = tx.outputs[outputIndex]
    assert.ok(out)
    return { txHash: tx.txid, outputIndex, toAddress: address.fromOutputScript(out.script, network), amount: out.value }
  })
  for (const p of picks) {
    const out = block.transactions.find((t) => t.txid === p.txHash)?.outputs[p.outputIndex]
    matcher.add(p.toAddress, out?.script as Uint8Array)
  }
  const found = block.transactions.flatMap((t) => findPayments(t, matcher))
  // A script may be paid more than once in a block; every payment to it is reported.
  const watched = new Set(picks.map((p) => p.toAddress))
  const expected = block.transactions.flatMap((t) =>
    t.outputs.flatMap((o, outputIndex) => {
      let to: string | undefined
      try {
        to = address.fromOutputScript(o.script, network)
      } catch {
        return [] // not an address script (OP_RETURN, bare multisig)
      }
      return watched.has(to) ? [{ txHash: t.txid, outputIndex, toAddress: to, amount: o.value }] : []
    }),
  )
  assert.deepEqual(found, expected)
  for (const p of picks) assert.ok(found.some((f) => f.txHash === p.txHash && f.outputIndex === p.outputIndex && f.amount === p.amount))
})

/** A P2WPKH-in, P2WPKH-out transaction with a witness (dummy signature: the parser checks none). */
function segwitTx(network: Network, sequence: number, to: Uint8Array, amount: bigint): Transaction {
  const tx = new Transaction()
  tx.version = 2
  tx.addInput(randomBytes(32), 1, sequence)
  tx.addOutput(to, amount)
  tx.addOutput(payments.p2wpkh({ hash: randomBytes(20), network }).output as Uint8Array, 12_345n)
  tx.setWitness(0, [randomBytes(71), randomBytes(33)])
  return tx
}

test('a segwit transaction: txid without witness, wtxid differs, vsize, BIP125 flag, input outpoint', () => {
  const network = bitcoinLikeNetwork('bitcoin')
  const to = payments.p2wpkh({ hash: randomBytes(20), network })
  const tx = segwitTx(network, 0xfffffffd, to.output as Uint8Array, 150_000n)
  assert.equal(tx.hasWitnesses(), true)
  const parsed = parseRawTransaction(tx.toHex())
  assert.equal(parsed.txid, tx.getId())
  assert.notEqual(parsed.txid, display(tx.getHash(true)), 'the wtxid is not the id')
  assert.equal(parsed.vsize, tx.virtualSize())
  assert.ok(parsed.vsize < tx.byteLength(), 'witness bytes count a quarter')
  assert.equal(parsed.rbfSignalled, true)
  assert.equal(parsed.coinbase, false)
  assert.deepEqual(parsed.inputs, [{ txid: display(tx.ins[0]?.hash as Uint8Array), vout: 1, sequence: 0xfffffffd }])
  assert.deepEqual(parsed.outputs[0], { script: Buffer.from(to.output as Uint8Array), value: 150_000n })

  const matcher = new ScriptMatcher()
  matcher.add(to.address as string, to.output as Uint8Array)
  assert.deepEqual(findPayments(parsed, matcher), [{ txHash: tx.getId(), outputIndex: 0, toAddress: to.address, amount: 150_000n }])
})

test('BIP125: sequences 0xfffffffe and 0xffffffff do not signal replaceability', () => {
  const network = bitcoinLikeNetwork('bitcoin')
  const out = payments.p2wpkh({ hash: randomBytes(20), network }).output as Uint8Array
  for (const sequence of [0xfffffffe, 0xffffffff])
    assert.equal(parseRawTransaction(segwitTx(network, sequence, out, 1n).toHex()).rbfSignalled, false)
})

/** A block as a miner would serialise it: coinbase first, header merkle root over the txids. */
function buildBlock(network: Network, txs: Transaction[]): Block {
  const coinbase = new Transaction()
  coinbase.addInput(new Uint8Array(32), 0xffffffff, 0xffffffff, Buffer.from('0151', 'hex'))
  coinbase.addOutput(payments.p2wpkh({ hash: randomBytes(20), network }).output as Uint8Array, 312_500_000n)
  const block = new Block()
  block.version = 0x20000000
  block.prevHash = randomBytes(32)
  block.timestamp = 1_700_000_000
  block.bits = 0x207fffff
  block.transactions = [coinbase, ...txs]
  block.merkleRoot = Block.calculateMerkleRoot(block.transactions)
  return block
}

for (const name of ['bitcoin', 'regtest', 'litecoin'] as const) {
  test(`a ${name} block of segwit transactions: ids, merkle root, hash and payments to a watched address`, () => {
    const network = bitcoinLikeNetwork(name)
    const ours = payments.p2wpkh({ hash: randomBytes(20), network })
    const txs = Array.from({ length: 10 }, (_, i) =>
      segwitTx(
        network,
        0xffffffff,
        i === 6 ? (ours.output as Uint8Array) : (payments.p2wpkh({ hash: randomBytes(20), network }).output as Uint8Array),
        10_000n * BigInt(i + 1),
      ),
    )
    const block = buildBlock(network, txs)
    const parsed = parseRawBlock(block.toHex())
    for (const [i, tx] of (block.transactions ?? []).entries())
      assertSameAsBitcoinjs(parsed.transactions[i] as ParsedTx, tx, `transaction ${i}`)
    assert.equal(parsed.hash, block.getId())
    assert.equal(parsed.parentHash, display(block.prevHash as Uint8Array))
    assert.deepEqual(
      parsed.transactions.map((t) => t.txid),
      block.transactions?.map((t) => t.getId()),
    )
    assert.equal(merkleRootOf(parsed.transactions.map((t) => t.txid)), parsed.merkleRoot)
    assert.equal(parsed.transactions[0]?.coinbase, true)
    const matcher = new ScriptMatcher()
    matcher.add(address.fromOutputScript(ours.output as Uint8Array, network), ours.output as Uint8Array)
    const found = parsed.transactions.flatMap((t) => findPayments(t, matcher))
    assert.deepEqual(found, [{ txHash: txs[6]?.getId(), outputIndex: 0, toAddress: ours.address, amount: 70_000n }])
    if (name === 'litecoin') assert.match(ours.address as string, /^ltc1q/)
  })
}

test('refuses what it cannot read instead of misreading it', () => {
  const hex = REAL.toString('hex')
  assert.throws(() => parseRawBlock(`${hex}00`), RawBlockFormatError, 'a trailing byte')
  assert.throws(() => parseRawBlock(hex.slice(0, -2)), 'a missing byte')
  assert.throws(() => parseRawBlock(`${hex.slice(0, 200)}zz`), RawBlockFormatError, 'not hex')
  assert.throws(() => parseRawBlock(hex.slice(0, 160)), RawBlockFormatError, 'a header alone')
  const network = bitcoinLikeNetwork('litecoin')
  const segwit = Buffer.from(
    segwitTx(network, 0xffffffff, payments.p2wpkh({ hash: randomBytes(20), network }).output as Uint8Array, 1n).toBuffer(),
  )
  segwit[5] = 0x02
  assert.throws(() => parseRawTransaction(segwit.toString('hex')), /unknown extended-format flags 0x02/)
  // The MWEB flag alone on a segwit transaction: its first witness item count (2) is read as the MWEB presence byte.
  segwit[5] = 0x08
  assert.throws(() => parseRawTransaction(segwit.toString('hex')), /MWEB presence byte 2/)
  // A non-canonical length (1 written as 0xfd 0x01 0x00) is refused, as Bitcoin Core refuses it.
  const coinbase = REAL.subarray(83, 83 + (parseRawBlock(REAL.toString('hex')).transactions[0]?.vsize ?? 0))
  assert.equal(parseRawTransaction(coinbase.toString('hex')).coinbase, true)
  const padded = Buffer.concat([coinbase.subarray(0, 4), Buffer.from('fd0100', 'hex'), coinbase.subarray(5)])
  assert.throws(() => parseRawTransaction(padded.toString('hex')), /non-canonical/)
})
