/**
 * The output scripts a Bitcoin-like watcher reports payments to, each with the address it pays.
 * A block carries thousands of outputs and only a handful are Kassa's, so every output script is
 * looked up here, in memory, before any database work.
 *
 * A hash table over typed arrays rather than a Map of strings. Measured with 1,000,000 P2WPKH
 * scripts (bench/bitcoin-block.js, docs/PERFORMANCE.md): a Map keyed by the script's latin1
 * string holds two million heap objects (key and address), and every major garbage collection
 * marks them all; with a block's worth of parse garbage that put the block's CPU p99 near 110 ms
 * against a median near 30. Here the whole table is six arrays, so the collector has nothing to
 * walk, a lookup allocates nothing until it finds a watched script, and the memory is smaller.
 *
 * The key is the whole script, not a program extracted from it, so P2PKH, P2SH, P2WSH and P2TR
 * need no special case and two script types never share a key. Addresses are stored as their
 * ASCII bytes (base58 and bech32 are ASCII) and made into a string only on a match.
 */
const EMPTY = 0
const DELETED = 0xffffffff
const MAX_LOAD = 0.5

export class ScriptMatcher {
  /** Open addressing, linear probing: EMPTY, DELETED, or an entry number + 1. */
  #slots = new Uint32Array(1 << 10)
  #usedSlots = 0
  /** Per entry: script start, script end, address start, address end. */
  #entries = new Uint32Array(4 << 9)
  #entryCount = 0
  #live = 0
  #scripts = Buffer.alloc(1 << 14)
  #scriptBytes = 0
  #addresses = Buffer.alloc(1 << 15)
  #addressBytes = 0

  /** Watches `script` and reports matches as `address`. Adding a script again replaces its address. */
  add(address: string, script: Uint8Array): void {
    for (let i = 0; i < address.length; i++)
      if (address.charCodeAt(i) > 0x7f) throw new TypeError(`not an ASCII address: ${JSON.stringify(address)}`)
    const found = this.#find(script)
    if (found >= 0) {
      // Watchers add the same addresses again on every refresh; only a new address is stored.
      const slotValue = this.#slots[found] as number
      if (!this.#addressIs(slotValue, address)) this.#writeAddress(slotValue, address)
      return
    }
    if ((this.#usedSlots + 1) / this.#slots.length > MAX_LOAD) this.#resize()
    const entry = this.#entryCount++
    if (4 * this.#entryCount > this.#entries.length) this.#entries = grown(this.#entries, 4 * this.#entryCount)
    if (this.#scriptBytes + script.length > this.#scripts.length)
      this.#scripts = grownBuffer(this.#scripts, this.#scriptBytes + script.length)
    this.#scripts.set(script, this.#scriptBytes)
    this.#entries[4 * entry] = this.#scriptBytes
    this.#entries[4 * entry + 1] = this.#scriptBytes += script.length
    this.#writeAddress(entry + 1, address)
    this.#place(hashOf(script, 0, script.length), entry + 1)
    this.#usedSlots++
    this.#live++
  }

  /**
   * Stops watching `script`; true when it was watched. Its stored bytes are not reclaimed: a
   * watcher that drops many scripts builds a new matcher instead.
   */
  delete(script: Uint8Array): boolean {
    const found = this.#find(script)
    if (found < 0) return false
    this.#slots[found] = DELETED
    this.#live--
    return true
  }

  has(script: Uint8Array): boolean {
    return this.#live > 0 && this.#find(script) >= 0
  }

  /** The address `script` pays, when it is watched. */
  match(script: Uint8Array): string | undefined {
    return this.matchAt(script, 0, script.length)
  }

  /**
   * The address the script in `bytes[start, start + length)` pays, when it is watched: the block
   * parser looks up every output where it lies, without a view per output.
   */
  matchAt(bytes: Uint8Array, start: number, length: number): string | undefined {
    if (this.#live === 0) return undefined
    const found = this.#findAt(bytes, start, length)
    if (found < 0) return undefined
    const e = 4 * ((this.#slots[found] as number) - 1)
    return this.#addresses.toString('latin1', this.#entries[e + 2], this.#entries[e + 3])
  }

  get size(): number {
    return this.#live
  }

  /** The slot holding `script`, or -1. */
  #find(script: Uint8Array): number {
    return this.#findAt(script, 0, script.length)
  }

  #findAt(bytes: Uint8Array, start: number, length: number): number {
    const mask = this.#slots.length - 1
    for (let i = hashOf(bytes, start, length) & mask; ; i = (i + 1) & mask) {
      const s = this.#slots[i] as number
      if (s === EMPTY) return -1
      if (s !== DELETED && this.#scriptIs(s - 1, bytes, start, length)) return i
    }
  }

  #scriptIs(entry: number, bytes: Uint8Array, start: number, length: number): boolean {
    const at = this.#entries[4 * entry] as number
    if ((this.#entries[4 * entry + 1] as number) - at !== length) return false
    const stored = this.#scripts
    for (let k = 0; k < length; k++) if (stored[at + k] !== bytes[start + k]) return false
    return true
  }

  #addressIs(slotValue: number, address: string): boolean {
    const e = 4 * (slotValue - 1)
    const start = this.#entries[e + 2] as number
    if ((this.#entries[e + 3] as number) - start !== address.length) return false
    for (let k = 0; k < address.length; k++) if (this.#addresses[start + k] !== address.charCodeAt(k)) return false
    return true
  }

  #writeAddress(slotValue: number, address: string): void {
    const e = 4 * (slotValue - 1)
    if (this.#addressBytes + address.length > this.#addresses.length)
      this.#addresses = grownBuffer(this.#addresses, this.#addressBytes + address.length)
    this.#entries[e + 2] = this.#addressBytes
    this.#addressBytes += this.#addresses.write(address, this.#addressBytes, 'latin1')
    this.#entries[e + 3] = this.#addressBytes
  }

  #place(hash: number, slotValue: number): void {
    const mask = this.#slots.length - 1
    let i = hash & mask
    while (this.#slots[i] !== EMPTY) i = (i + 1) & mask
    this.#slots[i] = slotValue
  }

  /** Twice the slots when live entries fill them, the same number when deletions do. */
  #resize(): void {
    const old = this.#slots
    const size = (this.#live + 1) / old.length > MAX_LOAD / 2 ? old.length * 2 : old.length
    this.#slots = new Uint32Array(size)
    for (const s of old) {
      if (s === EMPTY || s === DELETED) continue
      const e = 4 * (s - 1)
      const start = this.#entries[e] as number
      this.#place(hashOf(this.#scripts, start, (this.#entries[e + 1] as number) - start), s)
    }
    this.#usedSlots = this.#live
  }
}

/** FNV-1a over the script, its high bits folded down because only the low ones pick a slot. */
function hashOf(bytes: Uint8Array, start: number, length: number): number {
  let h = 0x811c9dc5
  for (let k = start, end = start + length; k < end; k++) h = Math.imul(h ^ (bytes[k] as number), 0x01000193)
  return (h ^ (h >>> 15)) >>> 0
}

function grown(array: Uint32Array, atLeast: number): Uint32Array<ArrayBuffer> {
  let size = array.length * 2
  while (size < atLeast) size *= 2
  const next = new Uint32Array(size)
  next.set(array)
  return next
}

function grownBuffer(buffer: Buffer, atLeast: number): Buffer<ArrayBuffer> {
  let size = buffer.length * 2
  while (size < atLeast) size *= 2
  const next = Buffer.alloc(size)
  buffer.copy(next)
  return next
}
