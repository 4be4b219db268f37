/**
 * The output scripts a Bitcoin-like watcher reports payments to, each with the address it pays.
 * A block carries thousands of outputs and only a handful are Kassa's, so every output script is
 * looked up here, in memory, before any database work.
 *
 * Keyed by the script's bytes read as a latin1 string (one character per byte): a 22-byte P2WPKH
 * script becomes a 22-character one-byte string, half the size of its hex, and Buffer's
 * latin1Slice makes it without a per-byte loop in JS. The key is the whole script, not a
 * program extracted from it, so P2PKH, P2SH, P2WSH and P2TR scripts need no special case and
 * two script types can never share a key. The address is kept so that a match needs no
 * network-specific encoding. Measured in bench/bitcoin-block.js (docs/PERFORMANCE.md).
 */
export class ScriptMatcher {
  readonly #byScript = new Map<string, string>()

  /** Watches `script` and reports matches as `address`. Adding a script again replaces its address. */
  add(address: string, script: Uint8Array): void {
    this.#byScript.set(scriptKey(script), address)
  }

  /** Stops watching `script`; true when it was watched. */
  delete(script: Uint8Array): boolean {
    return this.#byScript.delete(scriptKey(script))
  }

  has(script: Uint8Array): boolean {
    return this.#byScript.size > 0 && this.#byScript.has(scriptKey(script))
  }

  /** The address `script` pays, when it is watched. */
  match(script: Uint8Array): string | undefined {
    // An empty matcher (no open payments) skips building a key per output.
    return this.#byScript.size === 0 ? undefined : this.#byScript.get(scriptKey(script))
  }

  get size(): number {
    return this.#byScript.size
  }
}

function scriptKey(script: Uint8Array): string {
  return Buffer.from(script.buffer, script.byteOffset, script.byteLength).toString('latin1')
}
