// Replays real TRON transactions published by others (test/fixtures/tron/transactions, each named in
// SOURCES.md there): the encoder must give their raw_data_hex byte for byte, their signatures must
// recover to their owners, and the reader must decode the transfer they state.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import { secp256k1 } from '@noble/curves/secp256k1'
import { sha256 } from '@noble/hashes/sha2'
import { isValidTronAddress, tronAddressFromHash, tronAddressToHex } from './tron-address.js'
import { tronAddressOfPrivateKey } from './tron-keys.js'
import { decodeTransaction, encodeRawData, encodeTransaction, type TronRawData } from './tron-protobuf.js'
import {
  buildTransaction,
  readRawTransfer,
  readSignedTransaction,
  recoverTronSigner,
  signTransaction,
  type TronTransfer,
  TronTransactionError,
  trc20TransferData,
  tronTxId,
} from './tron-transaction.js'

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'))
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../../../test/fixtures/tron/transactions/${name}`, import.meta.url), 'utf8')) as T

/** The node's JSON form of a transaction (gettransactionbyid, createtransaction), as far as these tests read it. */
interface NodeTransaction {
  txID: string
  raw_data_hex: string
  signature: string[] // absent on unsigned ones, which no test reads it from
  signed_transaction_hex?: string // added from wallet-cli's output, see SOURCES.md
  raw_data: {
    ref_block_bytes: string
    ref_block_hash: string
    expiration: number
    timestamp: number
    fee_limit?: number
    contract: {
      type: string
      parameter: {
        type_url: string
        value: { owner_address: string; to_address: string; amount: number; contract_address: string; data: string; call_value?: number }
      }
    }[]
  }
}

/** A node JSON address: hex "41…" (visible: false) or base58 (visible: true). */
const base58 = (address: string): string => (isValidTronAddress(address) ? address : tronAddressFromHash(hex(address).subarray(1)))
const addressBytes = (address: string): Uint8Array => hex(tronAddressToHex(base58(address)))

/** The columns of bitquery's TRON dataset these tests read (one row of its transactions and of its transfers table). */
interface BitqueryTransaction {
  Transaction_Data: string // the signed Transaction protobuf, hex
  Transaction_Hash: string
  Transaction_Signatures: string // a JSON array of hex signatures
  Transaction_Expiration: number // seconds
  Transaction_FeeLimit: string // TRX, 6 decimals
  Transaction_FeePayer: string
  Contract_Address: string
}
interface BitqueryTransfer {
  Transaction_Hash: string
  Transfer_Amount: string // token units, decimal
  Transfer_Currency_Decimals: number
  Transfer_Receiver: string
  Call_Signature_Signature: string
}

/** The node's JSON raw_data, field for field, as the protobuf layer's input. */
function rawDataFromJson(json: NodeTransaction['raw_data']): TronRawData {
  const { value } = json.contract[0]!.parameter
  const contract = json.contract[0]!
  return {
    refBlockBytes: hex(json.ref_block_bytes),
    refBlockHash: hex(json.ref_block_hash),
    expiration: BigInt(json.expiration),
    timestamp: BigInt(json.timestamp ?? 0),
    feeLimit: BigInt(json.fee_limit ?? 0),
    contract:
      contract.type === 'TransferContract'
        ? {
            type: 'TransferContract',
            owner: addressBytes(value.owner_address),
            to: addressBytes(value.to_address),
            amount: BigInt(value.amount),
          }
        : {
            type: 'TriggerSmartContract',
            owner: addressBytes(value.owner_address),
            contract: addressBytes(value.contract_address),
            callValue: BigInt(value.call_value ?? 0),
            data: hex(value.data),
          },
  }
}

/** The transfer the JSON states: the recipient and amount of a TRC-20 call read straight off its ABI words. */
function transferFromJson(json: NodeTransaction): TronTransfer {
  const contract = json.raw_data.contract[0]!
  const { value } = contract.parameter
  if (contract.type === 'TransferContract') {
    return { kind: 'trx', owner: base58(value.owner_address), to: base58(value.to_address), amount: BigInt(value.amount) }
  }
  const data: string = value.data
  return {
    kind: 'trc20',
    owner: base58(value.owner_address),
    contract: base58(value.contract_address),
    to: tronAddressFromHash(hex(data.slice(32, 72))),
    amount: BigInt(`0x${data.slice(72)}`),
    feeLimit: BigInt(json.raw_data.fee_limit ?? 0),
  }
}

const SIGNED_NODE_ANSWERS = [
  'trx-transfer-nile-http-c558bd35.json',
  'trx-transfer-nile-wallet-cli-21851bcf.json',
  'trc20-transfer-nile-gotron-c70b20da.json',
]
const UNSIGNED_NODE_ANSWERS = ['trx-transfer-unsigned-nile-gotron-ae80c7aa.json', 'trc20-transfer-unsigned-bitgo-f8179caa.json']
// /wallet/triggersmartcontract wraps its transaction in a TransactionExtention.
const unwrap = (json: NodeTransaction | { transaction: NodeTransaction }): NodeTransaction =>
  'transaction' in json ? json.transaction : json

describe('real transactions', () => {
  for (const name of [...SIGNED_NODE_ANSWERS, ...UNSIGNED_NODE_ANSWERS]) {
    it(`${name}: its JSON raw_data encodes to its raw_data_hex, whose sha256 is its txID`, () => {
      const tx = unwrap(fixture<NodeTransaction | { transaction: NodeTransaction }>(name))
      assert.equal(toHex(encodeRawData(rawDataFromJson(tx.raw_data))), tx.raw_data_hex)
      assert.equal(toHex(sha256(hex(tx.raw_data_hex))), tx.txID)
      assert.equal(tronTxId(hex(tx.raw_data_hex)), tx.txID)
    })
  }

  for (const name of SIGNED_NODE_ANSWERS) {
    it(`${name}: the signature recovers to the owner and the reader decodes the stated transfer`, () => {
      const tx = fixture<NodeTransaction>(name)
      const transfer = transferFromJson(tx)
      assert.equal(recoverTronSigner(tx.txID, tx.signature[0]!), transfer.owner)
      const read = readSignedTransaction(toHex(encodeTransaction(hex(tx.raw_data_hex), tx.signature.map(hex))))
      assert.deepEqual(read.transfer, transfer)
      assert.equal(read.txId, tx.txID)
      assert.deepEqual(read.signatures, tx.signature)
      assert.equal(read.expiration, tx.raw_data.expiration)
      assert.equal(read.timestamp, tx.raw_data.timestamp)
      assert.equal(read.refBlockBytes, tx.raw_data.ref_block_bytes)
      assert.equal(read.refBlockHash, tx.raw_data.ref_block_hash)
    })
  }

  it('wallet-cli: the Transaction wrapper (raw_data = 1, signature = 2) gives the hex wallet-cli printed', () => {
    const tx = fixture<NodeTransaction>('trx-transfer-nile-wallet-cli-21851bcf.json')
    assert.equal(toHex(encodeTransaction(hex(tx.raw_data_hex), tx.signature.map(hex))), tx.signed_transaction_hex)
    assert.deepEqual(readSignedTransaction(tx.signed_transaction_hex!).transfer, transferFromJson(tx))
  })

  it('Nile TRC-20: a recipient word carrying 0x41 in its twelfth byte reads as the same recipient', () => {
    const tx = fixture<NodeTransaction>('trc20-transfer-nile-gotron-c70b20da.json')
    assert.equal(tx.raw_data.contract[0]!.parameter.value.data.slice(8, 32), '000000000000000000000041')
    const read = readSignedTransaction(toHex(encodeTransaction(hex(tx.raw_data_hex), tx.signature.map(hex))))
    assert.deepEqual(read.transfer, transferFromJson(tx))
    assert.equal(read.transfer.amount, 1n)
  })

  it('mainnet USDT (bitquery dataset): the signed protobuf decodes to the transfer the dataset records', () => {
    const tx = fixture<BitqueryTransaction>('trc20-usdt-mainnet-bitquery-e122cba6.transaction.json')
    const transfer = fixture<BitqueryTransfer>('trc20-usdt-mainnet-bitquery-e122cba6.transfer.json')
    assert.equal(transfer.Transaction_Hash, tx.Transaction_Hash)
    const read = readSignedTransaction(tx.Transaction_Data)
    const [units, fraction] = String(transfer.Transfer_Amount).split('.')
    assert.deepEqual(read.transfer, {
      kind: 'trc20',
      owner: tx.Transaction_FeePayer,
      contract: tx.Contract_Address,
      to: transfer.Transfer_Receiver,
      amount: BigInt(units! + fraction!.padEnd(transfer.Transfer_Currency_Decimals, '0')),
      feeLimit: BigInt(tx.Transaction_FeeLimit.replace('.', '')), // TRX with 6 decimals: sun
    })
    assert.equal(read.txId, tx.Transaction_Hash)
    assert.deepEqual(read.signatures, JSON.parse(tx.Transaction_Signatures))
    assert.equal(Math.floor(read.expiration / 1000), tx.Transaction_Expiration)
    assert.equal(recoverTronSigner(read.txId, read.signatures[0]!), tx.Transaction_FeePayer)
    assert.equal(transfer.Call_Signature_Signature, 'transfer(address,uint256)')
  })

  it('a TRC-10 TransferAssetContract the documentation broadcasts is refused, not misread', () => {
    const { transaction } = fixture<{ transaction: string }>('trc10-transfer-asset-docs-broadcasthex.json')
    assert.throws(() => readSignedTransaction(transaction), /neither TransferContract nor TriggerSmartContract/)
  })
})

describe('buildTransaction', () => {
  // The pages give the reference block only as the transaction records it: the low two bytes of
  // its number and bytes 8…15 of its id. Any block with those gives the same raw_data; the rest
  // of the id below is zeros and the number's high bytes those of the block the transaction
  // landed in (27662687 and 27773932 per the pages' gettransactioninfobyid).
  const refOf = (tx: NodeTransaction, high: string) => ({
    number: Number.parseInt(high + tx.raw_data.ref_block_bytes, 16),
    blockId: `00000000${high}${tx.raw_data.ref_block_bytes}${tx.raw_data.ref_block_hash}${'0'.repeat(32)}`,
  })
  const optsOf = (tx: NodeTransaction) => ({ now: tx.raw_data.timestamp, expirationMs: tx.raw_data.expiration - tx.raw_data.timestamp })

  it('rebuilds the documented Nile TRX transfers byte for byte', () => {
    for (const [name, high] of [
      ['trx-transfer-nile-http-c558bd35.json', '01a6'],
      ['trx-transfer-nile-wallet-cli-21851bcf.json', '01a7'],
    ] as const) {
      const tx = fixture<NodeTransaction>(name)
      const built = buildTransaction(transferFromJson(tx), refOf(tx, high), optsOf(tx))
      assert.equal(toHex(built.rawData), tx.raw_data_hex, name)
      assert.equal(built.txId, tx.txID)
      assert.equal(built.expiration, tx.raw_data.expiration)
    }
  })

  it("rebuilds a node-made TRC-20 transfer (BitGo's fixture) byte for byte", () => {
    const tx = unwrap(fixture<NodeTransaction | { transaction: NodeTransaction }>('trc20-transfer-unsigned-bitgo-f8179caa.json'))
    const built = buildTransaction(transferFromJson(tx), refOf(tx, '0000'), optsOf(tx))
    assert.equal(toHex(built.rawData), tx.raw_data_hex)
    assert.equal(built.txId, tx.txID)
  })

  it('takes ref_block_bytes from bytes 6…7 of the number and ref_block_hash from bytes 8…15 of the id', () => {
    const blockId = '0000000004b3532cbc14c910020c3ae5336f5607d6aa194abb3e6df264297e8a' // mainnet block 78861100 (bitquery dataset)
    const tx = buildTransaction(trx(), { number: 78861100, blockId }, { now: 1767246195000, expirationMs: 60_000 })
    assert.equal(toHex(tx.rawData).slice(0, 26), '0a02532c2208bc14c910020c3a')
  })

  it('refuses a block id that is not the numbered block', () => {
    const blockId = '0000000004b3532cbc14c910020c3ae5336f5607d6aa194abb3e6df264297e8a'
    assert.throws(() => buildTransaction(trx(), { number: 78861101, blockId }, OPTS), TronTransactionError)
    assert.throws(() => buildTransaction(trx(), { number: 78861100, blockId: blockId.slice(2) }, OPTS), TronTransactionError)
    assert.throws(() => buildTransaction(trx(), { number: -1, blockId }, OPTS), TronTransactionError)
  })

  it('refuses amounts of zero or less, TRX beyond int64 and TRC-20 beyond uint256, and a zero fee limit', () => {
    for (const amount of [0n, -1n, 2n ** 63n]) assert.throws(() => buildTransaction(trx({ amount }), REF, OPTS), TronTransactionError)
    assert.doesNotThrow(() => buildTransaction(trx({ amount: 2n ** 63n - 1n }), REF, OPTS))
    for (const amount of [0n, -5n, 2n ** 256n]) assert.throws(() => buildTransaction(trc20({ amount }), REF, OPTS), TronTransactionError)
    assert.doesNotThrow(() => buildTransaction(trc20({ amount: 2n ** 256n - 1n }), REF, OPTS))
    for (const feeLimit of [0n, 2n ** 63n]) assert.throws(() => buildTransaction(trc20({ feeLimit }), REF, OPTS), TronTransactionError)
  })

  it('refuses bad addresses, a TRX transfer to its own sender, and bad times', () => {
    assert.throws(() => buildTransaction(trx({ to: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' }), REF, OPTS), TronTransactionError)
    assert.throws(() => buildTransaction(trc20({ contract: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u' }), REF, OPTS), TronTransactionError)
    assert.throws(() => buildTransaction(trx({ to: KEY_ADDRESS }), REF, OPTS), TronTransactionError)
    assert.throws(() => buildTransaction(trx(), REF, { now: 0, expirationMs: 60_000 }), TronTransactionError)
    assert.throws(() => buildTransaction(trx(), REF, { now: 1767246195000, expirationMs: 0 }), TronTransactionError)
  })
})

describe('trc20TransferData', () => {
  it("gives the call data of BitGo's node-made transfer", () => {
    const tx = unwrap(fixture<NodeTransaction | { transaction: NodeTransaction }>('trc20-transfer-unsigned-bitgo-f8179caa.json'))
    const { data } = tx.raw_data.contract[0]!.parameter.value
    assert.equal(trc20TransferData(tronAddressFromHash(hex('e40b19afca3dde4ce8fcbc57ab41f8c326ab0cf2')), 0x4190ab00n), data)
  })
})

// A key made for this test run only: nothing here is computed ahead of time.
const KEY = secp256k1.utils.randomPrivateKey()
const KEY_ADDRESS = tronAddressOfPrivateKey(KEY)
const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'
const RECIPIENT = 'TDii6vao7xyWg2rKPbCPWVRpSmne8xcqYx'
const REF = { number: 78861100, blockId: '0000000004b3532cbc14c910020c3ae5336f5607d6aa194abb3e6df264297e8a' }
const OPTS = { now: 1767246195000, expirationMs: 60_000 }
const trx = (over: Partial<Extract<TronTransfer, { kind: 'trx' }>> = {}): TronTransfer => ({
  kind: 'trx',
  owner: KEY_ADDRESS,
  to: RECIPIENT,
  amount: 1_500_000n,
  ...over,
})
const trc20 = (over: Partial<Extract<TronTransfer, { kind: 'trc20' }>> = {}): TronTransfer => ({
  kind: 'trc20',
  owner: KEY_ADDRESS,
  contract: USDT,
  to: RECIPIENT,
  amount: 30_401_259n,
  feeLimit: 100_000_000n,
  ...over,
})

describe('signTransaction', () => {
  for (const make of [trx, trc20]) {
    it(`round-trips a ${make().kind} transfer: build, sign, read back, recover the signer`, () => {
      const transfer = make()
      const unsigned = buildTransaction(transfer, REF, OPTS)
      const signed = signTransaction(unsigned, KEY)
      assert.equal(signed.txId, unsigned.txId)
      const read = readSignedTransaction(signed.hex)
      assert.deepEqual(read.transfer, transfer)
      assert.equal(read.txId, unsigned.txId)
      assert.equal(read.expiration, OPTS.now + OPTS.expirationMs)
      assert.equal(read.timestamp, OPTS.now)
      assert.deepEqual(read.signatures, [signed.signature])
      assert.equal(recoverTronSigner(signed.txId, signed.signature), KEY_ADDRESS)
    })
  }

  it('writes r ‖ s ‖ v with v = 27 or 28 and a low s, deterministically', () => {
    const unsigned = buildTransaction(trc20(), REF, OPTS)
    const { signature } = signTransaction(unsigned, KEY)
    assert.equal(signature.length, 130)
    assert.ok(['1b', '1c'].includes(signature.slice(128)), signature.slice(128))
    assert.ok(BigInt(`0x${signature.slice(64, 128)}`) <= secp256k1.CURVE.n / 2n)
    assert.equal(signTransaction(unsigned, KEY).signature, signature)
  })

  it('a tampered raw byte or signature no longer recovers to the signer', () => {
    const signed = signTransaction(buildTransaction(trx(), REF, OPTS), KEY)
    const bytes = hex(signed.hex)
    // The last raw_data byte is the timestamp's; the transaction id changes with it.
    const tampered = Uint8Array.from(bytes)
    tampered[bytes.length - 68]! ^= 0x01
    const read = readSignedTransaction(toHex(tampered))
    assert.notEqual(read.txId, signed.txId)
    assert.notEqual(recoverTronSigner(read.txId, read.signatures[0]!), KEY_ADDRESS)
    // A changed r is either no curve point at all (recovery fails) or some other key's.
    for (const at of [10, 70]) {
      const badSignature = signed.signature.slice(0, at) + (signed.signature[at] === '0' ? '1' : '0') + signed.signature.slice(at + 1)
      let recovered: string | undefined
      try {
        recovered = recoverTronSigner(signed.txId, badSignature)
      } catch (err) {
        assert.ok(err instanceof TronTransactionError)
      }
      assert.notEqual(recovered, KEY_ADDRESS)
    }
  })

  it("refuses a key that is not the owner's, and raw data that no longer matches its id", () => {
    const unsigned = buildTransaction(trx(), REF, OPTS)
    assert.throws(() => signTransaction(unsigned, secp256k1.utils.randomPrivateKey()), /spends from/)
    const altered = { ...unsigned, rawData: Uint8Array.from(unsigned.rawData) }
    altered.rawData[altered.rawData.length - 1]! ^= 0x01
    assert.throws(() => signTransaction(altered, KEY), /altered/)
  })
})

describe('readSignedTransaction refuses what Kassa would not have built', () => {
  const signature = new Uint8Array(65).fill(1)
  const raw = (): TronRawData => ({
    refBlockBytes: hex('532c'),
    refBlockHash: hex('bc14c910020c3ae5'),
    expiration: 1767246255000n,
    timestamp: 1767246195000n,
    feeLimit: 0n,
    contract: { type: 'TransferContract', owner: addressBytes(KEY_ADDRESS), to: addressBytes(RECIPIENT), amount: 5n },
  })
  const signedHex = (rawData: Uint8Array, signatures = [signature]) => toHex(encodeTransaction(rawData, signatures))
  const field = (no: number, bytes: Uint8Array) => new BinaryWriter().tag(no, WireType.LengthDelimited).bytes(bytes).finish()
  const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts))
  const trigger = (data: string, callValue = 0n): TronRawData => ({
    ...raw(),
    feeLimit: 100_000_000n,
    contract: { type: 'TriggerSmartContract', owner: addressBytes(KEY_ADDRESS), contract: addressBytes(USDT), callValue, data: hex(data) },
  })
  const transferData = trc20TransferData(RECIPIENT, 5n)

  it('reads the well-formed control case', () => {
    assert.equal(readSignedTransaction(signedHex(encodeRawData(raw()))).transfer.amount, 5n)
    assert.equal(readSignedTransaction(signedHex(encodeRawData(trigger(transferData)))).transfer.kind, 'trc20')
  })

  it('no signature, or one that is not 65 bytes', () => {
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData(raw()), [])), /not signed/)
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData(raw()), [new Uint8Array(64)])), /65/)
  })

  it('a second contract, a memo, or fields in another order', () => {
    const bytes = encodeRawData(raw())
    const contract = encodeRawData({ ...raw(), expiration: 0n, timestamp: 0n }).subarray(14) // field 11 and its value
    assert.equal(contract[0], 0x5a)
    assert.throws(() => readSignedTransaction(signedHex(concat(bytes, contract))), /2 contracts/)
    assert.throws(() => readSignedTransaction(signedHex(concat(bytes, field(10, hex('6d656d6f'))))), /field 10/)
    const timestampFirst = concat(bytes.subarray(bytes.length - 7), bytes.subarray(0, bytes.length - 7))
    assert.throws(() => readSignedTransaction(signedHex(timestampFirst)), /not encoded the way Kassa encodes/)
  })

  it('a contract call other than transfer(address,uint256), or one that also sends TRX', () => {
    const approve = `095ea7b3${transferData.slice(8)}`
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData(trigger(approve)))), /transfer\(address,uint256\)/)
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData(trigger(`${transferData}00`)))), /transfer\(address,uint256\)/)
    const dirtyWord = `a9059cbb${'ff'.repeat(12)}${transferData.slice(32)}`
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData(trigger(dirtyWord)))), /not an address/)
    const zeroAmount = transferData.slice(0, 72) + '0'.repeat(64)
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData(trigger(zeroAmount)))), /positive/)
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData(trigger(transferData, 1n)))), /sends TRX/)
  })

  it('a TRX transfer with a fee limit, a TRC-20 transfer without one, a zero TRX amount', () => {
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData({ ...raw(), feeLimit: 1n }))), /fee limit/)
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData({ ...trigger(transferData), feeLimit: 0n }))), /fee limit/)
    const zero = raw()
    if (zero.contract.type === 'TransferContract') zero.contract.amount = 0n
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData(zero))), /positive/)
  })

  it('a negative amount (a 10-byte varint), written by hand', () => {
    const { LengthDelimited: LEN, Varint } = WireType
    const handRaw = (amount: bigint) => {
      const value = new BinaryWriter().tag(1, LEN).bytes(addressBytes(KEY_ADDRESS)).tag(2, LEN).bytes(addressBytes(RECIPIENT))
      const any = new BinaryWriter()
        .tag(1, LEN)
        .string('type.googleapis.com/protocol.TransferContract')
        .tag(2, LEN)
        .bytes(value.tag(3, Varint).int64(amount).finish())
      const contract = new BinaryWriter().tag(1, Varint).int32(1).tag(2, LEN).bytes(any.finish())
      return new BinaryWriter()
        .tag(1, LEN)
        .bytes(hex('532c'))
        .tag(4, LEN)
        .bytes(hex('bc14c910020c3ae5'))
        .tag(8, Varint)
        .int64(1767246255000n)
        .tag(11, LEN)
        .bytes(contract.finish())
        .finish()
    }
    assert.equal(readSignedTransaction(signedHex(handRaw(5n))).transfer.amount, 5n)
    assert.throws(() => readSignedTransaction(signedHex(handRaw(-1n))), TronTransactionError)
  })

  it('an address that is not 21 bytes starting with 0x41, and what is not protobuf or hex', () => {
    const short = raw()
    if (short.contract.type === 'TransferContract') short.contract.to = addressBytes(RECIPIENT).subarray(1)
    assert.throws(() => readSignedTransaction(signedHex(encodeRawData(short))), /21-byte/)
    assert.throws(() => readSignedTransaction('0a05ffffffffff'), TronTransactionError)
    assert.throws(() => readSignedTransaction('zz'), TronTransactionError)
    assert.throws(() => readSignedTransaction(''), /no raw_data/)
  })
})

describe('readRawTransfer (any transaction of a block)', () => {
  it('reads the transfer every real raw_data states', () => {
    for (const name of [...SIGNED_NODE_ANSWERS, ...UNSIGNED_NODE_ANSWERS]) {
      const tx = unwrap(fixture<NodeTransaction | { transaction: NodeTransaction }>(name))
      assert.deepEqual(readRawTransfer(tx.raw_data_hex), transferFromJson(tx), name)
    }
    const mainnet = fixture<BitqueryTransaction>('trc20-usdt-mainnet-bitquery-e122cba6.transaction.json')
    const { rawData } = decodeTransaction(hex(mainnet.Transaction_Data))
    assert.deepEqual(readRawTransfer(toHex(rawData)), readSignedTransaction(mainnet.Transaction_Data).transfer)
  })

  // Built here, not replayed: wallets write these fields (a memo, a fee limit on a TRX transfer,
  // a field of a later protocol version), java-tron passes over them, and so must a deposit watcher.
  const { LengthDelimited: LEN, Varint } = WireType
  const transferRaw = (extraValueField: boolean) => {
    const value = new BinaryWriter()
      .tag(1, LEN)
      .bytes(addressBytes(KEY_ADDRESS))
      .tag(2, LEN)
      .bytes(addressBytes(RECIPIENT))
      .tag(3, Varint)
      .int64(7n)
    if (extraValueField) value.tag(9, Varint).int64(1n)
    const any = new BinaryWriter().tag(1, LEN).string('type.googleapis.com/protocol.TransferContract').tag(2, LEN).bytes(value.finish())
    const contract = new BinaryWriter().tag(1, Varint).int32(1).tag(2, LEN).bytes(any.finish()).tag(5, Varint).int32(2) // Permission_id 2
    return new BinaryWriter()
      .tag(1, LEN)
      .bytes(hex('532c'))
      .tag(4, LEN)
      .bytes(hex('bc14c910020c3ae5'))
      .tag(8, Varint)
      .int64(1767246255000n)
      .tag(10, LEN)
      .bytes(Buffer.from('invoice 42'))
      .tag(11, LEN)
      .bytes(contract.finish())
      .tag(18, Varint)
      .int64(1_000_000n)
      .finish()
  }

  it('passes over a memo, a permission id, a fee limit and unknown fields, which readSignedTransaction refuses', () => {
    for (const extra of [false, true]) {
      const raw = transferRaw(extra)
      assert.deepEqual(readRawTransfer(toHex(raw)), { kind: 'trx', owner: KEY_ADDRESS, to: RECIPIENT, amount: 7n })
      assert.throws(() => readSignedTransaction(toHex(encodeTransaction(raw, [new Uint8Array(65)]))), TronTransactionError)
    }
  })

  it('returns a zero amount as signed, for the caller to skip', () => {
    const raw = encodeRawData({
      refBlockBytes: hex('532c'),
      refBlockHash: hex('bc14c910020c3ae5'),
      expiration: 1767246255000n,
      timestamp: 0n,
      feeLimit: 0n,
      contract: { type: 'TransferContract', owner: addressBytes(KEY_ADDRESS), to: addressBytes(RECIPIENT), amount: 0n },
    })
    assert.equal(readRawTransfer(toHex(raw)).amount, 0n)
  })

  it('still refuses another contract, two contracts, or a call that is not transfer(address,uint256)', () => {
    const { transaction } = fixture<{ transaction: string }>('trc10-transfer-asset-docs-broadcasthex.json')
    const assetRaw = decodeTransaction(hex(transaction)).rawData
    assert.throws(() => readRawTransfer(toHex(assetRaw)), /neither TransferContract nor TriggerSmartContract/)
    const raw = encodeRawData({
      refBlockBytes: hex('532c'),
      refBlockHash: hex('bc14c910020c3ae5'),
      expiration: 0n,
      timestamp: 0n,
      feeLimit: 0n,
      contract: { type: 'TransferContract', owner: addressBytes(KEY_ADDRESS), to: addressBytes(RECIPIENT), amount: 7n },
    })
    assert.equal(raw[14], 0x5a) // field 11, the contract, follows the 4 + 10 bytes of the block reference
    assert.throws(() => readRawTransfer(toHex(Buffer.concat([raw, raw.subarray(14)]))), /2 contracts/)
    const tx = unwrap(fixture<NodeTransaction | { transaction: NodeTransaction }>('trc20-transfer-unsigned-bitgo-f8179caa.json'))
    const approve = tx.raw_data_hex.replace('a9059cbb', '095ea7b3')
    assert.throws(() => readRawTransfer(approve), /transfer\(address,uint256\)/)
  })
})
