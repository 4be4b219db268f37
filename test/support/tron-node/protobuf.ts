/**
 * The smallest protobuf reader and writer the TRON double needs: varints, 64/32-bit fixed and
 * length-delimited fields. Written here (rather than generated) so the double checks the
 * adapter's encoding against an independent implementation of the wire format.
 */

export const WIRE_VARINT = 0
export const WIRE_FIXED64 = 1
export const WIRE_LEN = 2
export const WIRE_FIXED32 = 5

export interface ProtoField {
  no: number
  wire: number
  /** varint and fixed fields as unsigned bigint; length-delimited fields as their bytes. */
  int: bigint
  bytes: Uint8Array
}

/** The message is not valid protobuf; the text mirrors protobuf-java's InvalidProtocolBufferException. */
export class InvalidProtobufError extends Error {
  override name = 'InvalidProtocolBufferException'
}

const EMPTY = new Uint8Array(0)

export function readFields(buf: Uint8Array): ProtoField[] {
  const out: ProtoField[] = []
  let pos = 0
  const varint = (): bigint => {
    let result = 0n
    let shift = 0n
    for (;;) {
      if (pos >= buf.length)
        throw new InvalidProtobufError('While parsing a protocol message, the input ended unexpectedly in the middle of a field.')
      const b = buf[pos++]!
      result |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return result
      shift += 7n
      if (shift > 63n) throw new InvalidProtobufError('CodedInputStream encountered a malformed varint.')
    }
  }
  while (pos < buf.length) {
    const key = varint()
    const no = Number(key >> 3n)
    const wire = Number(key & 7n)
    if (no === 0) throw new InvalidProtobufError('Protocol message contained an invalid tag (zero).')
    if (wire === WIRE_VARINT) out.push({ no, wire, int: varint(), bytes: EMPTY })
    else if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      const n = wire === WIRE_FIXED64 ? 8 : 4
      if (pos + n > buf.length)
        throw new InvalidProtobufError('While parsing a protocol message, the input ended unexpectedly in the middle of a field.')
      let v = 0n
      for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[pos + i]!)
      pos += n
      out.push({ no, wire, int: v, bytes: EMPTY })
    } else if (wire === WIRE_LEN) {
      const len = Number(varint())
      if (pos + len > buf.length)
        throw new InvalidProtobufError('While parsing a protocol message, the input ended unexpectedly in the middle of a field.')
      out.push({ no, wire, int: 0n, bytes: buf.subarray(pos, pos + len) })
      pos += len
    } else throw new InvalidProtobufError('Protocol message tag had invalid wire type.')
  }
  return out
}

/** int64 as protobuf carries it (two's complement in 64 bits) back to a signed bigint. */
export function toInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v)
}

/** Writes fields in the order they are added; proto3 defaults (0, empty) are skipped, as protobuf-java does. */
export class ProtoWriter {
  readonly #parts: number[] = []

  #varint(v: bigint): void {
    let x = BigInt.asUintN(64, v)
    while (x >= 0x80n) {
      this.#parts.push(Number(x & 0x7fn) | 0x80)
      x >>= 7n
    }
    this.#parts.push(Number(x))
  }

  int(no: number, value: bigint | number): this {
    const v = BigInt(value)
    if (v === 0n) return this
    this.#varint(BigInt((no << 3) | WIRE_VARINT))
    this.#varint(v)
    return this
  }

  bytes(no: number, value: Uint8Array): this {
    if (value.length === 0) return this
    this.#varint(BigInt((no << 3) | WIRE_LEN))
    this.#varint(BigInt(value.length))
    for (const b of value) this.#parts.push(b)
    return this
  }

  string(no: number, value: string): this {
    return this.bytes(no, new TextEncoder().encode(value))
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#parts)
  }
}
