/**
 * Byte, hex and address helpers for the TRON node double. Addresses inside the double are
 * always the 21-byte hex form ("41" + 40 hex digits, lowercase), as java-tron prints them with
 * visible=false; base58 appears only at the HTTP edge when a request says visible=true.
 */
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils'
import bs58check from 'bs58check'

export { bytesToHex, concatBytes, hexToBytes }

/** Hex without 0x, lowercase; accepts an optional 0x prefix on input. */
export function strip0x(hex: string): string {
  return (hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex).toLowerCase()
}

export function isHex(s: string): boolean {
  return /^[0-9a-fA-F]*$/.test(s) && s.length % 2 === 0
}

export function hexToBase58(hex41: string): string {
  return bs58check.encode(hexToBytes(hex41))
}

/** The 21-byte hex form of a base58 address, or undefined when the checksum or prefix is wrong. */
export function base58ToHex(address: string): string | undefined {
  try {
    const b = bs58check.decode(address)
    return b.length === 21 && b[0] === 0x41 ? bytesToHex(b) : undefined
  } catch {
    return undefined
  }
}

/** An address as a request carries it (hex when visible=false, base58 when true) → 21-byte hex. */
export function addressFromRequest(value: unknown, visible: boolean): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  if (visible) return base58ToHex(value)
  const h = strip0x(value)
  return /^41[0-9a-f]{40}$/.test(h) ? h : undefined
}

/** An address as the node prints it for the given visibility. */
export function printAddress(hex41: string, visible: boolean): string {
  return visible ? hexToBase58(hex41) : hex41
}

export function utf8Hex(text: string): string {
  return bytesToHex(new TextEncoder().encode(text))
}

/** A bigint as a 32-byte big-endian ABI word, hex. */
export function word(value: bigint): string {
  return value.toString(16).padStart(64, '0')
}

/**
 * JSON text in which bigint values are written as plain numbers, as java-tron writes int64
 * fields: no precision is lost for balances above 2^53, and a client parsing with JSON.parse sees
 * what it would see from the real node.
 */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `__bigint__${v.toString()}` : v)).replace(/"__bigint__(-?\d+)"/g, '$1')
}
