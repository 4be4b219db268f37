/**
 * Account state of the double and the reversible changes made to it. Every change a transaction
 * makes is an Effect (an additive delta, or the creation of an account), so a reorg undoes a
 * block by subtracting its effects, whatever else happened since.
 */

export interface AccountState {
  /** 21-byte hex. */
  address: string
  /** TRX in sun. */
  balance: bigint
  /** USDT (the double's TRC-20) in its 6-decimal atomic units. */
  usdt: bigint
  /** Energy from staked TRX (or delegated to it), and how much of it is used. */
  energyLimit: bigint
  energyUsed: bigint
  /** Bandwidth from staked TRX, and how much of it is used. */
  netLimit: bigint
  netUsed: bigint
  /** How much of the daily free bandwidth (getFreeNetLimit) is used. */
  freeNetUsed: bigint
  createTime: bigint
  /** false until the account is activated (funded), as on TRON: getaccount answers {}. */
  exists: boolean
}

export type NumericField = 'balance' | 'usdt' | 'energyUsed' | 'netUsed' | 'freeNetUsed'

export type Effect = { address: string; field: NumericField; delta: bigint } | { address: string; created: bigint }

export class Accounts {
  readonly #all = new Map<string, AccountState>()

  get(address: string): AccountState {
    let a = this.#all.get(address)
    if (!a) {
      a = {
        address,
        balance: 0n,
        usdt: 0n,
        energyLimit: 0n,
        energyUsed: 0n,
        netLimit: 0n,
        netUsed: 0n,
        freeNetUsed: 0n,
        createTime: 0n,
        exists: false,
      }
      this.#all.set(address, a)
    }
    return a
  }

  apply(effects: readonly Effect[]): void {
    for (const e of effects) {
      const a = this.get(e.address)
      if ('created' in e) {
        a.exists = true
        a.createTime = e.created
      } else a[e.field] += e.delta
    }
  }

  undo(effects: readonly Effect[]): void {
    for (const e of [...effects].reverse()) {
      const a = this.get(e.address)
      if ('created' in e) {
        a.exists = false
        a.createTime = 0n
      } else a[e.field] -= e.delta
    }
  }
}
