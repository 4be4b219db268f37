import { SWAP_ADDRESS_VALIDATORS } from '../../chains/swap-address-validators.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { ScreenedAddress } from '../../domain/swap/swap-compliance.js'
import { SwapRequestInvalidError } from '../../errors/index.js'

/**
 * The operator's screening list: addresses no order may pay out to (every split output and
 * every exchange destination is checked before an order is written). Addresses are kept
 * exactly as given, since several networks' addresses are case-sensitive.
 */
export class ScreeningList {
  readonly #repos: Repositories
  readonly #now: () => number

  constructor(repos: Repositories, now: () => number) {
    this.#repos = repos
    this.#now = now
  }

  async add(address: string, reason: string): Promise<void> {
    const a = address.trim()
    if (a === '' || a.length > 200) throw new SwapRequestInvalidError('An address of 1–200 characters is required.')
    // The list is matched exactly: a typo would screen nothing while looking like it does
    // (`kassa screening add` comes here directly; the dashboard's form checks the same).
    if (!Object.values(SWAP_ADDRESS_VALIDATORS).some((valid) => valid(a)))
      throw new SwapRequestInvalidError(
        `${a} is not a valid address on any network the Swap API pays out on (${Object.keys(SWAP_ADDRESS_VALIDATORS).join(', ')}); check it, and its upper and lower case.`,
      )
    const why = reason.trim() || 'operator decision'
    await this.#repos.write((tx) => tx.swapOrders.screen(a, why, this.#now()))
  }

  /** True when the address was on the list. */
  async remove(address: string): Promise<boolean> {
    return this.#repos.write((tx) => tx.swapOrders.unscreen(address.trim()))
  }

  async list(): Promise<ScreenedAddress[]> {
    return this.#repos.swapOrders.screened()
  }
}
