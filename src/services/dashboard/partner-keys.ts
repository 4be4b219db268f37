import type { Repositories } from '../../db/repositories/repositories.js'
import type { SwapKeyState } from '../../db/repositories/swap-credential-repository.js'
import { DashboardFormError, SwapAccountNotFoundError } from '../../errors/index.js'
import type { SwapAccounts } from '../swap/swap-accounts.js'

/** What the partner page shows of an account's Swap API access; the keys themselves are never stored. */
export type PartnerKeyState = SwapKeyState

/** A key shown once: on creation or rotation. */
export interface ShownKeys {
  swapApiKey?: string
  partnerKey?: string
}

/**
 * The dashboard side of Swap API keys for the person's own account: issuing and rotation are
 * SwapAccounts' (the same code as `kassa account create|rotate`); this adds the page's state
 * and the messages a person reads when a key action does not fit.
 */
export class PartnerKeys {
  readonly #repos: Repositories
  readonly #accounts: SwapAccounts

  constructor(repos: Repositories, accounts: SwapAccounts) {
    this.#repos = repos
    this.#accounts = accounts
  }

  async state(accountId: string): Promise<PartnerKeyState | undefined> {
    return this.#repos.swapCredentials.keyState(accountId)
  }

  /** Both keys for an account without any; a second pair is refused (also under a double submit). */
  async create(accountId: string): Promise<Required<ShownKeys>> {
    if (await this.#accounts.hasKeys(accountId)) throw new DashboardFormError(HAS_KEYS)
    try {
      const { swapApiKey, partnerKey } = await this.#accounts.issue(accountId)
      return { swapApiKey, partnerKey }
    } catch (err) {
      if (await this.#accounts.hasKeys(accountId)) throw new DashboardFormError(HAS_KEYS)
      throw err
    }
  }

  async rotateApiKey(accountId: string): Promise<ShownKeys> {
    return { swapApiKey: await this.#withKeys(() => this.#accounts.rotateApiKey(accountId)) }
  }

  async rotatePartnerKey(accountId: string): Promise<ShownKeys> {
    return { partnerKey: await this.#withKeys(() => this.#accounts.rotatePartnerKey(accountId)) }
  }

  async #withKeys(rotate: () => Promise<string>): Promise<string> {
    try {
      return await rotate()
    } catch (err) {
      if (err instanceof SwapAccountNotFoundError) throw new DashboardFormError('This account has no Swap API keys yet; create them first.')
      throw err
    }
  }
}

const HAS_KEYS = 'This account has Swap API keys already; rotate them to get new ones.'
