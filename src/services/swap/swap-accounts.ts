import { createHash, randomUUID } from 'node:crypto'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { SwapCredentialRepository } from '../../db/repositories/swap-credential-repository.js'
import { SwapAccountDisabledError, SwapAccountNotFoundError, SwapKeyUnknownError, SwapRequestInvalidError } from '../../errors/index.js'
import { newSwapApiKey, newSwapPartnerKey } from '../../security/credential-formats.js'

export interface SwapAccountKeys {
  accountId: string
  swapApiKey: string
  partnerKey: string
}

export interface SwapCaller {
  accountId: string
  plan: string
  mode: 'test' | 'live'
}

export interface QuotaState {
  limit: number
  remaining: number
  /** Epoch seconds of the next UTC midnight, when the count starts again. */
  reset: number
  exceeded: boolean
}

/** Keys are looked up by their SHA-256: a full-entropy random key needs no salt or slow hash. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/**
 * Swap API accounts: keys shown once and stored hashed, rotation, Bearer authentication and
 * the per-key daily quota (by plan, from KASSA_SWAP_QUOTAS).
 */
export class SwapAccounts {
  readonly #repos: Repositories
  readonly #now: () => number
  readonly #quotas: Readonly<Record<string, number>>

  constructor(repos: Repositories, now: () => number, quotas: Readonly<Record<string, number>>) {
    this.#repos = repos
    this.#now = now
    this.#quotas = quotas
  }

  /** A new account with its Swap API key and partner key; the keys exist only in the result. */
  async create(name: string, plan = 'standard', mode: 'test' | 'live' = 'test'): Promise<SwapAccountKeys> {
    this.#checkPlan(plan)
    const accountId = randomUUID()
    return this.#repos.write(async (tx) => {
      await tx.stores.insertAccount(accountId, name, this.#now())
      return this.#insertKeys(tx.swapCredentials, accountId, plan, mode)
    })
  }

  /**
   * Keys for an account that exists already (a dashboard account, test mode on the standard
   * plan by default). The primary key on account_id refuses a second pair, so a double submit
   * cannot leave two: the caller sees the insert fail and can check `hasKeys`.
   */
  async issue(accountId: string, plan = 'standard', mode: 'test' | 'live' = 'test'): Promise<SwapAccountKeys> {
    this.#checkPlan(plan)
    return this.#repos.write((tx) => this.#insertKeys(tx.swapCredentials, accountId, plan, mode))
  }

  async #insertKeys(repo: SwapCredentialRepository, accountId: string, plan: string, mode: 'test' | 'live'): Promise<SwapAccountKeys> {
    const swapApiKey = newSwapApiKey()
    const partnerKey = newSwapPartnerKey()
    const now = this.#now()
    await repo.insert({
      account_id: accountId,
      api_key_hash: hashKey(swapApiKey),
      partner_key_hash: hashKey(partnerKey),
      plan,
      mode,
      enabled: 1,
      created_at: now,
      updated_at: now,
    })
    return { accountId, swapApiKey, partnerKey }
  }

  /** New keys for an existing account; the old ones stop working at once. */
  async rotate(accountId: string): Promise<SwapAccountKeys> {
    const swapApiKey = newSwapApiKey()
    const partnerKey = newSwapPartnerKey()
    await this.#update(accountId, { api_key_hash: hashKey(swapApiKey), partner_key_hash: hashKey(partnerKey) })
    return { accountId, swapApiKey, partnerKey }
  }

  /** A new Swap API key only; the old one fails from this moment (the lookup is by hash). */
  async rotateApiKey(accountId: string): Promise<string> {
    const swapApiKey = newSwapApiKey()
    await this.#update(accountId, { api_key_hash: hashKey(swapApiKey) })
    return swapApiKey
  }

  /** A new partner key only; orders naming the old one are refused from now on, credits earned stay. */
  async rotatePartnerKey(accountId: string): Promise<string> {
    const partnerKey = newSwapPartnerKey()
    await this.#update(accountId, { partner_key_hash: hashKey(partnerKey) })
    return partnerKey
  }

  async hasKeys(accountId: string): Promise<boolean> {
    return (await this.#repos.swapCredentials.byAccount(accountId)) !== undefined
  }

  async #update(accountId: string, patch: { api_key_hash?: string; partner_key_hash?: string; enabled?: number }): Promise<void> {
    if (!(await this.#repos.write((tx) => tx.swapCredentials.update(accountId, { ...patch, updated_at: this.#now() }))))
      throw new SwapAccountNotFoundError(accountId)
  }

  async setEnabled(accountId: string, enabled: boolean): Promise<void> {
    await this.#update(accountId, { enabled: enabled ? 1 : 0 })
  }

  async authenticate(bearerKey: string): Promise<SwapCaller> {
    const row = await this.#repos.swapCredentials.byApiKeyHash(hashKey(bearerKey))
    if (!row) throw new SwapKeyUnknownError()
    if (row.enabled !== 1) throw new SwapAccountDisabledError()
    return { accountId: row.account_id, plan: row.plan, mode: row.mode }
  }

  /** The account a partner key belongs to, or undefined for an unknown key. */
  async partnerAccount(partnerKey: string): Promise<string | undefined> {
    return (await this.#repos.swapCredentials.byPartnerKeyHash(hashKey(partnerKey)))?.account_id
  }

  /** Counts this request against the caller's day (UTC) and says where the quota stands. */
  async countRequest(caller: SwapCaller): Promise<QuotaState> {
    const now = this.#now()
    const day = new Date(now).toISOString().slice(0, 10)
    const limit = this.#quotas[caller.plan] ?? this.#quotas.standard ?? 0
    // One atomic upsert on every Swap API request: run as it is, not queued behind a unit of work.
    const used = await this.#repos.swapCredentials.countRequest(caller.accountId, day)
    const reset = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 86_400
    return { limit, remaining: Math.max(0, limit - used), reset, exceeded: used > limit }
  }

  #checkPlan(plan: string): void {
    if (!Object.hasOwn(this.#quotas, plan))
      throw new SwapRequestInvalidError(`Unknown plan ${plan}; KASSA_SWAP_QUOTAS has ${Object.keys(this.#quotas).join(', ')}.`)
  }
}
