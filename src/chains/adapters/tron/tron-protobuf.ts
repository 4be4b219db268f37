/**
 * The protobuf wire form of the few java-tron messages Kassa builds and reads back:
 *
 *   Transaction          { raw raw_data = 1; repeated bytes signature = 2; repeated Result ret = 5 }
 *   Transaction.raw      { bytes ref_block_bytes = 1; bytes ref_block_hash = 4; int64 expiration = 8;
 *                          repeated Contract contract = 11; int64 timestamp = 14; int64 fee_limit = 18 }
 *   Transaction.Contract { ContractType type = 1; google.protobuf.Any parameter = 2 }
 *   Any                  { string type_url = 1; bytes value = 2 }
 *   TransferContract     { bytes owner_address = 1; bytes to_address = 2; int64 amount = 3 }
 *   TriggerSmartContract { bytes owner_address = 1; bytes contract_address = 2; int64 call_value = 3; bytes data = 4 }
 *
 * Every field number here is checked by the tests against real signed transactions
 * (test/fixtures/tron/transactions). Writing follows protobuf-java, which is what the node and
 * TronWeb's protobuf builder produce: fields in number order, proto3 defaults (0, empty) left out.
 * Reading Kassa's own transactions is strict: a field this file does not know, a duplicate, or a
 * wrong wire type is an error rather than something skipped, because the signature covers every
 * byte and Kassa must understand all of what it signs or stores. Reading other people's
 * transactions from blocks is lenient, the way java-tron reads them (see decodeRawData).
 */
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire'

export class TronProtobufError extends Error {}

/** java-tron's Transaction.Contract.ContractType numbers of the two contracts Kassa uses. */
export const TRANSFER_CONTRACT = 1
export const TRIGGER_SMART_CONTRACT = 31

const TYPE_URL_PREFIX = 'type.googleapis.com/protocol.'

export type TronContractCall =
  | { type: 'TransferContract'; owner: Uint8Array; to: Uint8Array; amount: bigint }
  | { type: 'TriggerSmartContract'; owner: Uint8Array; contract: Uint8Array; callValue: bigint; data: Uint8Array }

/** Transaction.raw with exactly one contract; 0n for an int64 that is absent (its proto3 default). */
export interface TronRawData {
  refBlockBytes: Uint8Array // 2 bytes
  refBlockHash: Uint8Array // 8 bytes
  expiration: bigint // ms since the epoch
  timestamp: bigint // ms since the epoch
  feeLimit: bigint // sun
  contract: TronContractCall
}

export function encodeRawData(raw: TronRawData): Uint8Array {
  if (raw.refBlockBytes.length !== 2) throw new TronProtobufError('ref_block_bytes must be 2 bytes')
  if (raw.refBlockHash.length !== 8) throw new TronProtobufError('ref_block_hash must be 8 bytes')
  const w = new BinaryWriter()
  w.tag(1, WireType.LengthDelimited).bytes(raw.refBlockBytes)
  w.tag(4, WireType.LengthDelimited).bytes(raw.refBlockHash)
  int64Field(w, 8, raw.expiration)
  w.tag(11, WireType.LengthDelimited).bytes(encodeContract(raw.contract))
  int64Field(w, 14, raw.timestamp)
  int64Field(w, 18, raw.feeLimit)
  return w.finish()
}

/** A whole Transaction: what /wallet/broadcasthex takes. */
export function encodeTransaction(rawData: Uint8Array, signatures: readonly Uint8Array[]): Uint8Array {
  const w = new BinaryWriter()
  w.tag(1, WireType.LengthDelimited).bytes(rawData)
  for (const signature of signatures) w.tag(2, WireType.LengthDelimited).bytes(signature)
  return w.finish()
}

/**
 * The raw_data bytes and signatures of a Transaction. The node's `ret` (field 5, the execution
 * result it appends in blocks) is passed over: it is not signed and changes nothing Kassa reads.
 */
export function decodeTransaction(bytes: Uint8Array): { rawData: Uint8Array; signatures: Uint8Array[] } {
  let rawData: Uint8Array | undefined
  const signatures: Uint8Array[] = []
  const fields = { 1: WireType.LengthDelimited, 2: WireType.LengthDelimited, 5: WireType.LengthDelimited }
  readFields(bytes, 'Transaction', fields, { repeated: [2, 5] }, (field, r) => {
    if (field === 1) rawData = r.bytes()
    else if (field === 2) signatures.push(r.bytes())
    else r.skip(WireType.LengthDelimited)
  })
  if (rawData === undefined) throw new TronProtobufError('Transaction has no raw_data')
  return { rawData, signatures }
}

/**
 * Transaction.raw with its one contract. Strict by default (Kassa's own transactions). `lenient`
 * reads any transaction of the chain as java-tron's protobuf-java parses it: fields Kassa never
 * writes (a memo, a permission id, ref_block_num…) and fields of an unexpected wire type are
 * skipped, a repeated scalar keeps its last value, and the Any's type is the name after its last
 * "/". Only what java-tron itself refuses (more than one contract) or cannot parse stays an error,
 * so a deposit in a block is never unreadable for carrying something Kassa does not write.
 */
export function decodeRawData(bytes: Uint8Array, { lenient = false }: { lenient?: boolean } = {}): TronRawData {
  let refBlockBytes: Uint8Array = new Uint8Array(0)
  let refBlockHash: Uint8Array = new Uint8Array(0)
  const contracts: TronContractCall[] = []
  let expiration = 0n
  let timestamp = 0n
  let feeLimit = 0n
  const { LengthDelimited: LEN, Varint } = WireType
  const fields = { 1: LEN, 4: LEN, 8: Varint, 11: LEN, 14: Varint, 18: Varint }
  readFields(bytes, 'Transaction.raw', fields, { lenient, repeated: [11] }, (field, r) => {
    if (field === 1) refBlockBytes = r.bytes()
    else if (field === 4) refBlockHash = r.bytes()
    else if (field === 8) expiration = int64(r)
    else if (field === 11) contracts.push(decodeContract(r.bytes(), lenient))
    else if (field === 14) timestamp = int64(r)
    else feeLimit = int64(r)
  })
  // java-tron refuses a transaction with more or fewer than one contract, so none is ever in a block.
  if (contracts.length !== 1) throw new TronProtobufError(`Transaction.raw has ${contracts.length} contracts, not one`)
  if (!lenient && refBlockBytes.length !== 2) throw new TronProtobufError('ref_block_bytes must be 2 bytes')
  if (!lenient && refBlockHash.length !== 8) throw new TronProtobufError('ref_block_hash must be 8 bytes')
  return { refBlockBytes, refBlockHash, expiration, timestamp, feeLimit, contract: contracts[0]! }
}

function encodeContract(call: TronContractCall): Uint8Array {
  const value = new BinaryWriter()
  value.tag(1, WireType.LengthDelimited).bytes(call.owner)
  if (call.type === 'TransferContract') {
    value.tag(2, WireType.LengthDelimited).bytes(call.to)
    int64Field(value, 3, call.amount)
  } else {
    value.tag(2, WireType.LengthDelimited).bytes(call.contract)
    int64Field(value, 3, call.callValue)
    if (call.data.length > 0) value.tag(4, WireType.LengthDelimited).bytes(call.data)
  }
  const any = new BinaryWriter()
  any.tag(1, WireType.LengthDelimited).string(TYPE_URL_PREFIX + call.type)
  any.tag(2, WireType.LengthDelimited).bytes(value.finish())
  const w = new BinaryWriter()
  w.tag(1, WireType.Varint).int32(call.type === 'TransferContract' ? TRANSFER_CONTRACT : TRIGGER_SMART_CONTRACT)
  w.tag(2, WireType.LengthDelimited).bytes(any.finish())
  return w.finish()
}

function decodeContract(bytes: Uint8Array, lenient: boolean): TronContractCall {
  let type = 0
  let any: Uint8Array = new Uint8Array(0)
  readFields(bytes, 'Transaction.Contract', { 1: WireType.Varint, 2: WireType.LengthDelimited }, { lenient }, (field, r) => {
    if (field === 1) type = r.int32()
    else any = r.bytes()
  })
  const name = type === TRANSFER_CONTRACT ? 'TransferContract' : type === TRIGGER_SMART_CONTRACT ? 'TriggerSmartContract' : undefined
  if (name === undefined) throw new TronProtobufError(`contract type ${type} is neither TransferContract nor TriggerSmartContract`)
  let typeUrl = ''
  let value: Uint8Array = new Uint8Array(0)
  readFields(any, 'Any', { 1: WireType.LengthDelimited, 2: WireType.LengthDelimited }, { lenient }, (field, r) => {
    if (field === 1) typeUrl = r.string()
    else value = r.bytes()
  })
  // java-tron's actuators check the parameter with Any.is(), which compares the name after the last "/".
  const typeMatches = lenient ? typeUrl.slice(typeUrl.lastIndexOf('/') + 1) === `protocol.${name}` : typeUrl === TYPE_URL_PREFIX + name
  if (!typeMatches) throw new TronProtobufError(`a ${name} whose parameter is a ${typeUrl || 'nothing'}`)
  return name === 'TransferContract' ? decodeTransfer(value, lenient) : decodeTrigger(value, lenient)
}

function decodeTransfer(bytes: Uint8Array, lenient: boolean): TronContractCall {
  let owner: Uint8Array = new Uint8Array(0)
  let to: Uint8Array = new Uint8Array(0)
  let amount = 0n
  const fields = { 1: WireType.LengthDelimited, 2: WireType.LengthDelimited, 3: WireType.Varint }
  readFields(bytes, 'TransferContract', fields, { lenient }, (field, r) => {
    if (field === 1) owner = r.bytes()
    else if (field === 2) to = r.bytes()
    else amount = int64(r)
  })
  return { type: 'TransferContract', owner, to, amount }
}

function decodeTrigger(bytes: Uint8Array, lenient: boolean): TronContractCall {
  let owner: Uint8Array = new Uint8Array(0)
  let contract: Uint8Array = new Uint8Array(0)
  let callValue = 0n
  let data: Uint8Array = new Uint8Array(0)
  const { LengthDelimited: LEN, Varint } = WireType
  readFields(bytes, 'TriggerSmartContract', { 1: LEN, 2: LEN, 3: Varint, 4: LEN }, { lenient }, (field, r) => {
    if (field === 1) owner = r.bytes()
    else if (field === 2) contract = r.bytes()
    else if (field === 3) callValue = int64(r)
    else data = r.bytes()
  })
  return { type: 'TriggerSmartContract', owner, contract, callValue, data }
}

/** proto3 leaves a zero int64 out; a negative one would be a 10-byte varint no Kassa amount or time ever needs. */
function int64Field(w: BinaryWriter, field: number, value: bigint): void {
  if (value < 0n || value > INT64_MAX) throw new TronProtobufError(`field ${field} is out of the int64 range Kassa writes: ${value}`)
  if (value !== 0n) w.tag(field, WireType.Varint).int64(value)
}

export const INT64_MAX = 2n ** 63n - 1n

function int64(r: BinaryReader): bigint {
  return BigInt(r.int64())
}

/**
 * Calls `read` once per field; `read` must consume the field's value. Strict: a field not in
 * `wireTypes`, one of another wire type, or a second occurrence of a field not listed as repeated
 * is an error. Lenient: the first two are skipped (as protobuf-java keeps them as unknown fields)
 * and repeats are read again, so the last value wins.
 */
function readFields(
  bytes: Uint8Array,
  message: string,
  wireTypes: Record<number, WireType>,
  { lenient = false, repeated = [] }: { lenient?: boolean; repeated?: readonly number[] },
  read: (field: number, reader: BinaryReader) => void,
): void {
  const r = new BinaryReader(bytes)
  const seen = new Set<number>()
  try {
    while (r.pos < r.len) {
      const [field, wireType] = r.tag()
      if (wireTypes[field] !== wireType) {
        if (lenient) {
          r.skip(wireType, field)
          continue
        }
        if (wireTypes[field] === undefined) throw new TronProtobufError(`${message} has a field ${field} Kassa does not write`)
        throw new TronProtobufError(`${message} field ${field} has wire type ${wireType}`)
      }
      if (!lenient && seen.has(field) && !repeated.includes(field)) throw new TronProtobufError(`${message} field ${field} appears twice`)
      seen.add(field)
      read(field, r)
    }
  } catch (err) {
    if (err instanceof TronProtobufError) throw err
    throw new TronProtobufError(`${message} is not valid protobuf: ${(err as Error).message}`)
  }
}
