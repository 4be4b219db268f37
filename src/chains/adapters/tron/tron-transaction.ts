/**
 * Local building, signing and reading of the two TRON transactions Kassa sends: a TRX transfer
 * (TransferContract) and a TRC-20 transfer(address,uint256) (TriggerSmartContract).
 *
 * Kassa builds the bytes it signs itself instead of signing what /wallet/createtransaction or
 * /wallet/triggersmartcontract return: a node (or whoever sits between Kassa and it) could hand
 * back a transaction that pays someone else, and checking a node-built transaction field by field
 * is exactly the decoding below anyway. The node is only asked for a recent block to reference
 * (TAPOS) and to broadcast the finished hex.
 */
import { secp256k1 } from '@noble/curves/secp256k1'
import { sha256 } from '@noble/hashes/sha2'
import { isValidTronAddress, tronAddressFromHash, tronAddressToHex } from './tron-address.js'
import { tronAddressOfPrivateKey, tronAddressOfPublicKey } from './tron-keys.js'
import {
  decodeRawData,
  decodeTransaction,
  encodeRawData,
  encodeTransaction,
  INT64_MAX,
  type TronContractCall,
  TronProtobufError,
  type TronRawData,
} from './tron-protobuf.js'

export class TronTransactionError extends Error {}

/** The block a transaction references: java-tron refuses it unless that block is on its chain (TAPOS). */
export interface TronRefBlock {
  number: number
  blockId: string // 64 hex: the 8-byte block number followed by 24 bytes of the block hash
}

/** Addresses are base58 ("T…"); amounts and the fee limit are in atomic units (sun, token units). */
export type TronTransfer =
  | { kind: 'trx'; owner: string; to: string; amount: bigint }
  | { kind: 'trc20'; owner: string; contract: string; to: string; amount: bigint; feeLimit: bigint }

export interface TronUnsignedTransaction {
  rawData: Uint8Array // Transaction.raw, the bytes whose sha256 is the id and is signed
  txId: string // 64 hex
  expiration: number // ms since the epoch
}

export interface TronSignedTransaction {
  txId: string
  signature: string // 130 hex: r ‖ s ‖ v, v = 27 | 28
  hex: string // the whole Transaction protobuf, what /wallet/broadcasthex takes
}

export interface TronStoredTransaction {
  txId: string
  expiration: number // ms since the epoch
  timestamp: number // ms since the epoch; 0 when the transaction carries none
  refBlockBytes: string // 4 hex: the low two bytes of the referenced block's number
  refBlockHash: string // 16 hex: bytes 8…15 of the referenced block's id
  transfer: TronTransfer
  signatures: string[] // 130 hex each
}

// transfer(address,uint256): the first four bytes of keccak256 of that signature.
const TRANSFER_SELECTOR = 'a9059cbb'
const UINT256_MAX = 2n ** 256n - 1n

/**
 * raw_data for a transfer. ref_block_bytes are bytes 6…7 of the reference block's 8-byte number,
 * ref_block_hash bytes 8…15 of its id (what java-tron compares against its block index);
 * timestamp is `now`, expiration `now + expirationMs`.
 */
export function buildTransaction(
  transfer: TronTransfer,
  ref: TronRefBlock,
  opts: { now: number; expirationMs: number },
): TronUnsignedTransaction {
  const { refBlockBytes, refBlockHash } = refBlockFields(ref)
  if (!Number.isSafeInteger(opts.now) || opts.now <= 0) throw new TronTransactionError(`now must be a time in ms: ${opts.now}`)
  if (!Number.isSafeInteger(opts.expirationMs) || opts.expirationMs <= 0) {
    throw new TronTransactionError(`expirationMs must be a positive number of ms: ${opts.expirationMs}`)
  }
  const expiration = opts.now + opts.expirationMs
  const raw: TronRawData = {
    refBlockBytes,
    refBlockHash,
    expiration: BigInt(expiration),
    timestamp: BigInt(opts.now),
    feeLimit: transfer.kind === 'trc20' ? transfer.feeLimit : 0n,
    contract: contractOf(transfer),
  }
  const rawData = encodeRawData(raw)
  return { rawData, txId: tronTxId(rawData), expiration }
}

/**
 * Signs sha256(raw_data) with the owner's key: a recoverable low-s secp256k1 signature, r ‖ s ‖ v
 * with v = recovery id + 27 as TronWeb writes it (java-tron takes 0/1 and 27/28 alike).
 * Refuses a key that is not the owner's: the node would only answer SIGERROR after the fact.
 */
export function signTransaction(tx: TronUnsignedTransaction, privateKey: Uint8Array): TronSignedTransaction {
  const txId = tronTxId(tx.rawData)
  if (txId !== tx.txId) throw new TronTransactionError('raw data does not hash to the transaction id: the transaction was altered')
  const owner = transferOf(decodeRaw(tx.rawData)).owner
  const signer = tronAddressOfPrivateKey(privateKey)
  if (signer !== owner) throw new TronTransactionError(`the key is ${signer}'s, but the transaction spends from ${owner}`)
  const sig = secp256k1.sign(fromHex(txId), privateKey, { lowS: true })
  const signature = new Uint8Array(65)
  signature.set(sig.toCompactRawBytes())
  signature[64] = sig.recovery + 27
  return { txId, signature: toHex(signature), hex: toHex(encodeTransaction(tx.rawData, [signature])) }
}

/**
 * Decodes a signed Transaction Kassa stored (or one the node returns as hex). Refuses anything
 * that is not exactly one TransferContract or one TriggerSmartContract calling
 * transfer(address,uint256) with no TRX attached, or that is not encoded the way buildTransaction
 * encodes (so what was decoded is all that was signed). It does not check the signatures:
 * recoverTronSigner does.
 */
export function readSignedTransaction(hex: string): TronStoredTransaction {
  let decoded: { rawData: Uint8Array; signatures: Uint8Array[] }
  try {
    decoded = decodeTransaction(fromHex(hex))
  } catch (err) {
    throw err instanceof TronProtobufError ? new TronTransactionError(err.message) : err
  }
  const { rawData, signatures } = decoded
  const raw = decodeRaw(rawData)
  if (signatures.length === 0) throw new TronTransactionError('the transaction is not signed')
  for (const s of signatures) if (s.length !== 65) throw new TronTransactionError(`a signature of ${s.length} bytes, not 65`)
  return {
    txId: tronTxId(rawData),
    expiration: safeNumber(raw.expiration, 'expiration'),
    timestamp: safeNumber(raw.timestamp, 'timestamp'),
    refBlockBytes: toHex(raw.refBlockBytes),
    refBlockHash: toHex(raw.refBlockHash),
    transfer: transferOf(raw),
    signatures: signatures.map(toHex),
  }
}

/**
 * The transfer in the raw_data of any transaction on the chain (a block's `raw_data_hex`), as
 * java-tron executes it: what Kassa never writes (a memo, a permission id, a fee limit on a TRX
 * transfer…) is passed over, not refused, so a deposit from any wallet can be read; amounts are
 * returned as signed, even zero (the caller decides what it credits). Throws only for what is
 * not one TransferContract or one TriggerSmartContract calling transfer(address,uint256).
 */
export function readRawTransfer(rawDataHex: string): TronTransfer {
  try {
    return transferOf(decodeRawData(fromHex(rawDataHex), { lenient: true }), { lenient: true })
  } catch (err) {
    throw err instanceof TronProtobufError ? new TronTransactionError(err.message) : err
  }
}

/** The base58 address whose key made `signature` (65 bytes hex, v = 0 | 1 | 27 | 28) over `txId`. */
export function recoverTronSigner(txId: string, signature: string): string {
  const sig = fromHex(signature)
  const hash = fromHex(txId)
  if (sig.length !== 65 || hash.length !== 32) throw new TronTransactionError('a signature is 65 bytes over a 32-byte transaction id')
  const v = sig[64]! >= 27 ? sig[64]! - 27 : sig[64]!
  if (v > 1) throw new TronTransactionError(`signature recovery byte ${sig[64]} is not 0, 1, 27 or 28`)
  try {
    const recovered = secp256k1.Signature.fromCompact(sig.subarray(0, 64)).addRecoveryBit(v).recoverPublicKey(hash)
    return tronAddressOfPublicKey(recovered.toRawBytes(false))
  } catch (err) {
    throw new TronTransactionError(`signature recovers no key: ${(err as Error).message}`)
  }
}

/** Call data of transfer(to, amount): the selector, the recipient's 20-byte hash and the amount, each in a 32-byte word. */
export function trc20TransferData(to: string, amount: bigint): string {
  checkAmount(amount, UINT256_MAX, 'TRC-20 amount')
  return (
    TRANSFER_SELECTOR + tronAddressToHex(checkedAddress(to, 'recipient')).slice(2).padStart(64, '0') + amount.toString(16).padStart(64, '0')
  )
}

/** The transaction id: sha256 of the raw_data bytes, as hex. */
export function tronTxId(rawData: Uint8Array): string {
  return toHex(sha256(rawData))
}

/** Decodes raw_data, refusing any encoding buildTransaction would not produce byte for byte. */
function decodeRaw(rawData: Uint8Array): TronRawData {
  let canonical: boolean
  let raw: TronRawData
  try {
    raw = decodeRawData(rawData)
    canonical = toHex(encodeRawData(raw)) === toHex(rawData)
  } catch (err) {
    throw err instanceof TronProtobufError ? new TronTransactionError(err.message) : err
  }
  if (!canonical) throw new TronTransactionError('raw_data is not encoded the way Kassa encodes it')
  return raw
}

function refBlockFields(ref: TronRefBlock): { refBlockBytes: Uint8Array; refBlockHash: Uint8Array } {
  if (!Number.isSafeInteger(ref.number) || ref.number < 0) throw new TronTransactionError(`not a block number: ${ref.number}`)
  if (!/^[0-9a-fA-F]{64}$/.test(ref.blockId)) throw new TronTransactionError('a block id is 32 bytes of hex')
  const number = ref.number.toString(16).padStart(16, '0')
  // A TRON block id starts with its block number; a mismatch means the two came from different blocks.
  if (ref.blockId.slice(0, 16).toLowerCase() !== number)
    throw new TronTransactionError(`block id ${ref.blockId} is not block ${ref.number}'s`)
  return { refBlockBytes: fromHex(number.slice(12, 16)), refBlockHash: fromHex(ref.blockId.slice(16, 32)) }
}

function contractOf(transfer: TronTransfer): TronContractCall {
  const owner = addressBytes(transfer.owner, 'owner')
  if (transfer.kind === 'trx') {
    checkAmount(transfer.amount, INT64_MAX, 'TRX amount')
    if (transfer.owner === transfer.to) throw new TronTransactionError('a TRX transfer to its own sender (java-tron refuses it)')
    return { type: 'TransferContract', owner, to: addressBytes(transfer.to, 'recipient'), amount: transfer.amount }
  }
  checkAmount(transfer.feeLimit, INT64_MAX, 'fee limit')
  return {
    type: 'TriggerSmartContract',
    owner,
    contract: addressBytes(transfer.contract, 'token contract'),
    callValue: 0n,
    data: fromHex(trc20TransferData(transfer.to, transfer.amount)),
  }
}

/** The transfer of a decoded raw_data; `lenient` leaves amounts and fee limits unchecked (see readRawTransfer). */
function transferOf(raw: TronRawData, { lenient = false } = {}): TronTransfer {
  const call = raw.contract
  const owner = addressOf(call.owner, 'owner')
  if (call.type === 'TransferContract') {
    if (!lenient && raw.feeLimit !== 0n) throw new TronTransactionError('a TRX transfer with a fee limit is not one Kassa builds')
    if (!lenient) checkAmount(call.amount, INT64_MAX, 'TRX amount')
    return { kind: 'trx', owner, to: addressOf(call.to, 'recipient'), amount: call.amount }
  }
  if (call.callValue !== 0n) throw new TronTransactionError('a TRC-20 transfer that also sends TRX')
  if (!lenient) checkAmount(raw.feeLimit, INT64_MAX, 'fee limit')
  const { to, amount } = readTransferData(call.data)
  if (!lenient) checkAmount(amount, UINT256_MAX, 'TRC-20 amount')
  return { kind: 'trc20', owner, contract: addressOf(call.contract, 'token contract'), to, amount, feeLimit: raw.feeLimit }
}

/**
 * transfer(address,uint256) call data. The address word is 12 zero bytes and the 20-byte hash, as
 * Kassa and TronWeb write it; some wallets put TRON's 0x41 in its twelfth byte, which the token
 * contract ignores (it reads the low 160 bits), so both read as the same recipient.
 */
function readTransferData(data: Uint8Array): { to: string; amount: bigint } {
  const hex = toHex(data)
  if (data.length !== 68 || !hex.startsWith(TRANSFER_SELECTOR))
    throw new TronTransactionError('the contract call is not transfer(address,uint256)')
  const word = hex.slice(8, 72)
  if (!/^0{22}(00|41)/.test(word)) throw new TronTransactionError('the transfer recipient is not an address')
  return { to: tronAddressFromHash(fromHex(word.slice(24))), amount: BigInt(`0x${hex.slice(72)}`) }
}

function checkAmount(amount: bigint, max: bigint, what: string): void {
  if (typeof amount !== 'bigint') throw new TronTransactionError(`${what} must be a bigint`)
  if (amount <= 0n) throw new TronTransactionError(`${what} must be positive: ${amount}`)
  if (amount > max) throw new TronTransactionError(`${what} is larger than ${max}: ${amount}`)
}

function checkedAddress(address: string, what: string): string {
  if (!isValidTronAddress(address)) throw new TronTransactionError(`${what} is not a TRON address: ${String(address)}`)
  return address
}

function addressBytes(address: string, what: string): Uint8Array {
  return fromHex(tronAddressToHex(checkedAddress(address, what)))
}

function addressOf(bytes: Uint8Array, what: string): string {
  if (bytes.length !== 21 || bytes[0] !== 0x41) throw new TronTransactionError(`${what} is not a 21-byte TRON address`)
  return tronAddressFromHash(bytes.subarray(1))
}

function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TronTransactionError(`${what} is out of range: ${value}`)
  return Number(value)
}

function fromHex(hex: string): Uint8Array {
  const clean = hex.trim().replace(/^0x/i, '')
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new TronTransactionError('not hex')
  return Uint8Array.from(Buffer.from(clean, 'hex'))
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}
