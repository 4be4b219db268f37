import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hexToBytes, stringifyJson } from './bytes.js'
import { InvalidProtobufError } from './protobuf.js'
import { recordedSignedHex, recordedTransactions } from './recorded-transactions.js'
import { decodeTransaction, encodeRaw, encodeTransaction, rawDataJson } from './transaction-codec.js'

const recorded = recordedTransactions()
const decode = (t: (typeof recorded)[number]) =>
  decodeTransaction(
    encodeTransaction(
      hexToBytes(t.raw_data_hex),
      t.signature.map((s) => hexToBytes(s)),
    ),
  )
/** Through JSON text, as a client would see the double's answer. */
const asJson = (v: unknown) => JSON.parse(stringifyJson(v))

describe('the Transaction decoder, against real recorded transactions', () => {
  it('has real transactions of both kinds a payment platform sends to test against', () => {
    const types = recorded.map((t) => t.raw_data.contract[0]!.type)
    assert.ok(types.filter((x) => x === 'TransferContract').length >= 100)
    assert.ok(types.filter((x) => x === 'TriggerSmartContract').length >= 100)
  })

  it('gives each one its recorded txID (sha256 of raw_data) and contract type', () => {
    for (const t of recorded) {
      const d = decode(t)
      assert.equal(d.txid, t.txID, t.source)
      assert.equal(d.raw.contracts[0]!.type, t.raw_data.contract[0]!.type, t.txID)
      assert.equal(d.signatures.length, t.signature.length)
    }
  })

  it('decodes TRX and TRC-20 transfers to the raw_data JSON the node printed, hex and base58 forms', () => {
    let checked = 0
    for (const t of recorded) {
      const type = t.raw_data.contract[0]!.type
      if (type !== 'TransferContract' && type !== 'TriggerSmartContract') continue
      assert.deepStrictEqual(asJson(rawDataJson(decode(t).raw, t.visible)), t.raw_data, `${t.source} ${t.txID}`)
      checked++
    }
    assert.ok(checked > 250, `${checked} checked`)
  })

  it('re-encodes what it decodes to the same transaction, byte for byte when the wallet wrote canonical protobuf', () => {
    let identical = 0
    let total = 0
    for (const t of recorded) {
      const d = decode(t)
      const c = d.raw.contracts[0]!
      if ((!c.transfer && !c.trigger) || c.permissionId !== 0 || d.raw.data) continue
      total++
      const again = encodeRaw({
        refBlockBytes: d.raw.refBlockBytes,
        refBlockHash: d.raw.refBlockHash,
        expiration: d.raw.expiration,
        timestamp: d.raw.timestamp,
        feeLimit: d.raw.feeLimit,
        contract: c.transfer ? { transfer: c.transfer } : { trigger: c.trigger! },
      })
      if (Buffer.from(again).toString('hex') === t.raw_data_hex) identical++
      // Some wallets write zero fields (call_value = 0) explicitly; the transaction is the same.
      else
        assert.deepStrictEqual(asJson(rawDataJson(decodeTransaction(encodeTransaction(again, [])).raw)), asJson(rawDataJson(d.raw)), t.txID)
    }
    assert.ok(total > 250 && identical / total > 0.9, `${identical} of ${total} byte-identical`)
  })

  it('decodes whole signed Transactions (broadcasthex bodies) to their stated txID and contract', () => {
    for (const r of recordedSignedHex()) {
      const d = decodeTransaction(hexToBytes(r.hex))
      if (r.txID) assert.equal(d.txid, r.txID, r.source)
      assert.equal(d.raw.contracts[0]!.type, r.type, r.source)
      assert.equal(d.signatures.length, 1, r.source)
    }
  })

  it('refuses bytes that are not protobuf, as protobuf-java does', () => {
    assert.throws(() => decodeTransaction(hexToBytes('0aff')), InvalidProtobufError)
    assert.throws(() => decodeTransaction(hexToBytes('0f')), InvalidProtobufError)
  })
})
