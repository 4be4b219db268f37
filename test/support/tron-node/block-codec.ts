/**
 * TRON block identity, as java-tron computes it: the header's raw_data protobuf
 * (BlockHeader.raw { int64 timestamp = 1; bytes txTrieRoot = 2; bytes parentHash = 3;
 * int64 number = 7; int64 witness_id = 8; bytes witness_address = 9; int32 version = 10 }),
 * blockID = the 8-byte big-endian block number ‖ the last 24 bytes of sha256(raw), and
 * txTrieRoot = the Merkle root over sha256 of each transaction without its ret (an odd leaf is
 * carried up unhashed; an empty block has 32 zero bytes).
 */
import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, concatBytes, hexToBytes } from './bytes.js'
import { ProtoWriter } from './protobuf.js'

export interface HeaderFields {
  number: bigint
  timestamp: bigint
  txTrieRoot: string
  parentHash: string
  witnessAddress: string
  version: number
}

export function encodeHeaderRaw(h: HeaderFields): Uint8Array {
  return new ProtoWriter()
    .int(1, h.timestamp)
    .bytes(2, hexToBytes(h.txTrieRoot))
    .bytes(3, hexToBytes(h.parentHash))
    .int(7, h.number)
    .bytes(9, hexToBytes(h.witnessAddress))
    .int(10, h.version)
    .finish()
}

export function blockIdOf(number: bigint, headerRaw: Uint8Array): string {
  return number.toString(16).padStart(16, '0') + bytesToHex(sha256(headerRaw)).slice(16)
}

/** `txBytesWithoutRet` are whole Transaction messages (raw_data and signatures, no ret). */
export function txTrieRootOf(txBytesWithoutRet: Uint8Array[]): string {
  if (txBytesWithoutRet.length === 0) return '00'.repeat(32)
  let level = txBytesWithoutRet.map((t) => sha256(t))
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1]
      next.push(right ? sha256(concatBytes(level[i]!, right)) : level[i]!)
    }
    level = next
  }
  return bytesToHex(level[0]!)
}
