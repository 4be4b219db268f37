import type { Kysely } from 'kysely'
import { SwapCredentialRepository } from '../../db/repositories/swap-credential-repository.js'
import type { Database } from '../../db/schema.js'
import { DashboardFormError } from '../../errors/index.js'
import { newSwapApiKey, newSwapPartnerKey } from '../../security/keys.js'
import { hashKey } from '../swap/swap-accounts.js'

/** What the partner page shows of an account's Swap API access; the keys themselves are never stored. */
export interface PartnerKeyState {
  plan: string
  mode: 'test' | 'live'
  enabled: boolean
  createdAt: number
  updatedAt: number
}

/** A key shown once: on creation or rotation. */
export interface ShownKeys {
  swapApiKey?: string
  partnerKey?: string
}

/**
 * The dashboard side of Swap API keys for an account that exists already (the person's own).
 * `kassa account create` makes a new account instead; both store only the keys' SHA-256, the
 * same way, so the API's Bearer check (SwapAccounts.authenticate) sees no difference.
 */
export class PartnerKeys {
  readonly #db: Kysely<Database>
  readonly #now: () => number

  constructor(db: Kysely<Database>, now: () => number) {
    this.#db = db
    this.#now = now
  }

  async state(accountId: string): Promise<PartnerKeyState | undefined> {
    const row = await new SwapCredentialRepository(this.#db).byAccount(accountId)
    return row && { plan: row.plan, mode: row.mode, enabled: row.enabled === 1, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) }
  }

  /**
   * Both keys for an account without any, in test mode on the standard plan (as the CLI's
   * default). The primary key on account_id refuses a second row, so a double submit cannot
   * leave two pairs of keys.
   */
  async create(accountId: string): Promise<Required<ShownKeys>> {
    const repo = new SwapCredentialRepository(this.#db)
    if (await repo.byAccount(accountId)) throw new DashboardFormError('This account has Swap API keys already; rotate them to get new ones.')
    const swapApiKey = newSwapApiKey()
    const partnerKey = newSwapPartnerKey()
    const now = this.#now()
    try {
      await repo.insert({ account_id: accountId, api_key_hash: hashKey(swapApiKey), partner_key_hash: hashKey(partnerKey), plan: 'standard', mode: 'test', enabled: 1, created_at: now, updated_at: now })
    } catch (err) {
      if (await repo.byAccount(accountId)) throw new DashboardFormError('This account has Swap API keys already; rotate them to get new ones.')
      throw err
    }
    return { swapApiKey, partnerKey }
  }

  /** A new Swap API key; the old one fails from this moment (the lookup is by hash). */
  async rotateApiKey(accountId: string): Promise<ShownKeys> {
    const swapApiKey = newSwapApiKey()
    await this.#update(accountId, { api_key_hash: hashKey(swapApiKey) })
    return { swapApiKey }
  }

  /** A new partner key; orders naming the old one are refused from now on, credits already earned stay. */
  async rotatePartnerKey(accountId: string): Promise<ShownKeys> {
    const partnerKey = newSwapPartnerKey()
    await this.#update(accountId, { partner_key_hash: hashKey(partnerKey) })
    return { partnerKey }
  }

  async #update(accountId: string, patch: { api_key_hash?: string; partner_key_hash?: string }): Promise<void> {
    const ok = await new SwapCredentialRepository(this.#db).update(accountId, { ...patch, updated_at: this.#now() })
    if (!ok) throw new DashboardFormError('This account has no Swap API keys yet; create them first.')
  }
}
