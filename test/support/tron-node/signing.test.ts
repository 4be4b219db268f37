import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { base58ToHex, hexToBytes } from './bytes.js'
import { recordedSignedHex, recordedTransactions } from './recorded-transactions.js'
import { decodeTransaction } from './transaction-codec.js'
import { labelledKey, addressOfPrivateKey, recoverSigner, signTxid } from './signing.js'

/** Single-signature transactions signed with the owner key (no Permission_id): their signer is the owner. */
const ownerSigned = recordedTransactions().filter((t) => t.signature.length === 1 && !t.raw_data.contract[0]!.Permission_id)
const ownerOf = (t: (typeof ownerSigned)[number]) => {
  const o = String(t.raw_data.contract[0]!.parameter.value.owner_address)
  return t.visible ? base58ToHex(o) : o
}

describe('signature recovery, against real recorded transactions', () => {
  it('recovers the owner address from owner-signed transactions', () => {
    // A mainnet account may have handed its owner permission to another key; then the signer
    // is that key. Such accounts are rare among the recorded transactions (a handful of 500+).
    let owner = 0
    for (const t of ownerSigned) {
      const signer = recoverSigner(t.txID, hexToBytes(t.signature[0]!))
      assert.match(signer ?? '', /^41[0-9a-f]{40}$/, t.txID)
      if (signer === ownerOf(t)) owner++
    }
    assert.ok(ownerSigned.length > 500 && owner / ownerSigned.length > 0.98, `${owner} of ${ownerSigned.length}`)
  })

  it('recovers the owner of the whole signed transactions collected in transactions/', () => {
    for (const r of recordedSignedHex().filter((x) => x.type !== 'TransferAssetContract')) {
      const d = decodeTransaction(hexToBytes(r.hex))
      const c = d.raw.contracts[0]!
      assert.equal(recoverSigner(d.txid, d.signatures[0]!), c.transfer?.owner_address ?? c.trigger?.owner_address, r.source)
    }
  })

  it('accepts v as 27/28 as well as 0/1', () => {
    const t = ownerSigned[0]!
    const sig = hexToBytes(t.signature[0]!)
    sig[64] = sig[64]! + 27
    assert.equal(recoverSigner(t.txID, sig), ownerOf(t))
  })

  it('does not recover the owner from a tampered signature or for other signed bytes', () => {
    const t = ownerSigned[0]!
    const sig = hexToBytes(t.signature[0]!)
    sig[40] = sig[40]! ^ 0x01
    assert.notEqual(recoverSigner(t.txID, sig), ownerOf(t))
    const other = ownerSigned[1]!
    assert.notEqual(recoverSigner(other.txID, hexToBytes(t.signature[0]!)), ownerOf(t))
    assert.equal(recoverSigner(t.txID, hexToBytes(t.signature[0]!).subarray(0, 64)), undefined)
    const padded = ownerSigned.find((x) => x.signature[0]!.length > 130)
    assert.ok(padded, 'the recorded blocks hold a signature padded past 65 bytes')
    assert.equal(recoverSigner(padded.txID, hexToBytes(padded.signature[0]!)), ownerOf(padded))
  })

  it('signs so that recovery gives the signer back', () => {
    const key = labelledKey('signing test')
    const txid = ownerSigned[0]!.txID
    assert.equal(recoverSigner(txid, signTxid(txid, key)), addressOfPrivateKey(key))
  })
})
