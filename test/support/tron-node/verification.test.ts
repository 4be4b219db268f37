import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../clock.js'
import { bytesToHex, hexToBase58, hexToBytes } from './bytes.js'
import { decodeTransaction, encodeTransaction } from './transaction-codec.js'
import { readFixture } from './networks.js'
import { addressOfPrivateKey, labelledKey } from './signing.js'
import { signedTransfer, startTronNode, type TronNode } from './tron-node.js'

const payer = labelledKey('verification payer')
const payerAddress = hexToBase58(addressOfPrivateKey(payer))
const merchant = hexToBase58(addressOfPrivateKey(labelledKey('verification merchant')))

async function broadcastHex(node: TronNode, hex: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${node.url}/wallet/broadcasthex`, { method: 'POST', body: JSON.stringify({ transaction: hex }) })
  return (await res.json()) as Record<string, unknown>
}

describe('what the double does with a broadcast transaction', () => {
  let node: TronNode
  const clock = new ManualClock()
  before(async () => {
    node = await startTronNode({ network: 'nile', clock })
  })
  after(() => node.stop())

  it('accepts a valid TRX transfer, lists it decoded, and moves the balances when mined', async () => {
    node.setAccount(payerAddress, { trx: 10_000_000n })
    const tx = signedTransfer(node, payer, { to: merchant, amount: 2_000_000n })
    const answer = await broadcastHex(node, tx.hex)
    assert.equal(answer.result, true)
    assert.equal(answer.code, 'SUCCESS')
    assert.equal(answer.txid, tx.txid)
    assert.equal(answer.message, '')
    assert.equal(typeof answer.transaction, 'string')
    assert.deepEqual(node.violations, [])
    const b = node.broadcasts.at(-1)!
    assert.deepEqual([b.txid, b.owner, b.to, b.amount, b.token, b.state], [tx.txid, payerAddress, merchant, 2_000_000n, null, 'pending'])
    node.mine()
    assert.equal(b.state, 'mined')
    assert.equal(b.contractRet, 'SUCCESS')
    // The recipient did not exist: 1 TRX account creation fee and 0.1 TRX of bandwidth.
    assert.equal(node.account(merchant).trx, 2_000_000n)
    assert.equal(node.account(payerAddress).trx, 10_000_000n - 2_000_000n - 1_000_000n - 100_000n)
  })

  it('answers a re-sent transaction DUP_TRANSACTION_ERROR, which is not a violation', async () => {
    const before = node.violations.length
    const tx = signedTransfer(node, payer, { to: merchant, amount: 1n })
    assert.equal((await broadcastHex(node, tx.hex)).result, true)
    const again = await broadcastHex(node, tx.hex)
    assert.deepEqual([again.result, again.code, again.message], [false, 'DUP_TRANSACTION_ERROR', 'Dup transaction.'])
    assert.equal(node.violations.length, before)
    assert.equal(node.rejections.at(-1)!.code, 'DUP_TRANSACTION_ERROR')
  })

  it('refuses a tampered signature with SIGERROR and records a violation', async () => {
    const tx = signedTransfer(node, payer, { to: merchant, amount: 3n })
    const bytes = hexToBytes(tx.hex)
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff
    const answer = await broadcastHex(node, bytesToHex(bytes))
    assert.equal(answer.code, 'SIGERROR')
    assert.match(String(answer.message), /^Validate signature error: /)
    assert.equal(node.violations.at(-1)!.code, 'SIGERROR')
  })

  it('refuses a transaction signed by someone else than its owner', async () => {
    const tx = signedTransfer(node, labelledKey('not the payer'), { to: merchant, amount: 3n })
    const d = decodeTransaction(hexToBytes(tx.hex))
    const forged = signedTransfer(node, payer, { to: merchant, amount: 3n })
    const mixed = encodeTransaction(decodeTransaction(hexToBytes(forged.hex)).rawBytes, d.signatures)
    const answer = await broadcastHex(node, bytesToHex(mixed))
    assert.equal(answer.code, 'SIGERROR')
    assert.match(String(answer.message), /is signed by .* but it is not contained of permission\.$/)
  })

  it('refuses a reference block that is not on this chain with TAPOS_ERROR', async () => {
    const ref = { ...node.chain.head, id: `${node.chain.head.id.slice(0, 16)}${'ab'.repeat(24)}` }
    const answer = await broadcastHex(node, signedTransfer(node, payer, { to: merchant, amount: 4n, refBlock: ref }).hex)
    assert.deepEqual([answer.code, answer.message], ['TAPOS_ERROR', 'Tapos check error.'])
  })

  it('refuses an expired transaction and one expiring more than 24 h after the head block', async () => {
    const head = node.chain.head.timestamp
    for (const expiration of [head - 1n, head + 86_400_000n + 3_001n]) {
      const answer = await broadcastHex(node, signedTransfer(node, payer, { to: merchant, amount: 5n, expiration }).hex)
      assert.deepEqual([answer.code, answer.message], ['TRANSACTION_EXPIRATION_ERROR', 'Transaction expired'])
    }
  })

  it('refuses to spend more TRX than the account has, with the actuator text', async () => {
    const answer = await broadcastHex(node, signedTransfer(node, payer, { to: merchant, amount: 1_000_000_000_000n }).hex)
    assert.deepEqual(
      [answer.code, answer.message],
      ['CONTRACT_VALIDATE_ERROR', 'Contract validate error : Validate TransferContract error, balance is not sufficient.'],
    )
  })

  it('refuses a transaction the sender cannot pay bandwidth for with BANDWITH_ERROR', async () => {
    const poor = labelledKey('poor payer')
    node.setAccount(hexToBase58(addressOfPrivateKey(poor)), { trx: 1_000n, freeNetUsed: 600n })
    const answer = await broadcastHex(node, signedTransfer(node, poor, { to: merchant, amount: 1n }).hex)
    assert.deepEqual([answer.code, answer.message], ['BANDWITH_ERROR', 'Account resource insufficient error.'])
  })

  it('mines a USDT transfer, pays its energy from the account first and burns TRX for the rest', async () => {
    node.setAccount(payerAddress, { trx: 100_000_000n, usdt: 5_000_000n, energyLimit: 10_000n, energyUsed: 0n, freeNetUsed: 0n })
    node.setAccount(merchant, { usdt: 1n })
    const tx = signedTransfer(node, payer, { to: merchant, amount: 1_500_000n, token: 'USDT', feeLimit: 100_000_000n })
    assert.equal((await broadcastHex(node, tx.hex)).result, true)
    node.mine()
    const info = node.chain.findTx(tx.txid)!.chainTx.execution
    assert.equal(info.contractRet, 'SUCCESS')
    assert.equal(info.receipt.energy_usage, 10_000n)
    assert.equal(info.receipt.energy_fee, (64_285n - 10_000n) * 420n)
    assert.equal(node.account(merchant).usdt, 1_500_001n)
    assert.equal(node.account(payerAddress).usdt, 3_500_000n)
    assert.equal(node.broadcasts.at(-1)!.token, 'USDT')
  })

  it('lets a fee_limit too low through and mines the transfer as OUT_OF_ENERGY: fee_limit burned, no USDT moved', async () => {
    node.setAccount(payerAddress, { trx: 100_000_000n, usdt: 5_000_000n, energyLimit: 0n, energyUsed: 0n })
    const tx = signedTransfer(node, payer, { to: merchant, amount: 1_000_000n, token: 'USDT', feeLimit: 4_200_000n })
    assert.equal((await broadcastHex(node, tx.hex)).result, true)
    node.mine()
    const ex = node.chain.findTx(tx.txid)!.chainTx.execution
    assert.equal(ex.contractRet, 'OUT_OF_ENERGY')
    assert.equal(ex.receipt.energy_fee, 4_200_000n)
    assert.equal(ex.log, undefined)
    assert.equal(node.account(payerAddress).usdt, 5_000_000n)
    assert.equal(node.broadcasts.at(-1)!.contractRet, 'OUT_OF_ENERGY')
  })

  it('records a violation for a contract call the double cannot execute (here: approve)', async () => {
    const before = node.violations.length
    const tx = signedTransfer(node, payer, { to: merchant, amount: 1n, token: 'USDT' })
    const d = decodeTransaction(hexToBytes(tx.hex))
    assert.ok(d.raw.contracts[0]!.trigger)
    const approve = tx.hex.replace('a9059cbb', '095ea7b3')
    const answer = await broadcastHex(node, approve)
    assert.equal(answer.result, false)
    assert.equal(node.violations.length, before + 1)
  })

  it('decodes a real recorded mainnet transaction (same txID) and refuses it as expired on this chain', async () => {
    const block = readFixture<{ transactions: Array<{ raw_data_hex: string; signature: string[]; txID: string }> }>(
      'blocks/mainnet-47964392-getnowblock.json',
    )
    const t = block.transactions[0]!
    const hex = bytesToHex(
      encodeTransaction(
        hexToBytes(t.raw_data_hex),
        t.signature.map((s) => hexToBytes(s)),
      ),
    )
    const answer = await broadcastHex(node, hex)
    assert.equal(answer.txid, t.txID)
    // Its expiration (2023) is before this chain's head: java-tron checks that first.
    assert.equal(answer.code, 'TRANSACTION_EXPIRATION_ERROR')
  })

  it('answers bytes that are not a Transaction the way the servlet does', async () => {
    assert.match(String((await broadcastHex(node, 'zz')).Error), /DecoderException/)
    assert.match(String((await broadcastHex(node, '0aff')).Error), /InvalidProtocolBufferException/)
  })
})
