import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { SwapCredentialRepository } from '../../db/repositories/swap-credential-repository.js'
import type { Database } from '../../db/schema.js'
import { SwapAccountDisabledError, SwapAccountNotFoundError, SwapKeyUnknownError, SwapRequestInvalidError } from '../../errors/index.js'
import { newSwapApiKey, newSwapPartnerKey } from '../../security/keys.js'

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
  readonly #db: Kysely<Database>
  readonly #repo: SwapCredentialRepository
  readonly #now: () => number
  readonly #quotas: Readonly<Record<string, number>>

  constructor(db: Kysely<Database>, now: () => number, quotas: Readonly<Record<string, number>>) {
    this.#db = db
    this.#repo = new SwapCredentialRepository(db)
    this.#now = now
    this.#quotas = quotas
  }

  /** A new account with its Swap API key and partner key; the keys exist only in the result. */
  async create(name: string, plan = 'standard', mode: 'test' | 'live' = 'test'): Promise<SwapAccountKeys> {
    this.#checkPlan(plan)
    const accountId = randomUUID()
    const swapApiKey = newSwapApiKey()
    const partnerKey = newSwapPartnerKey()
    const now = this.#now()
    await this.#db.transaction().execute(async (tx) => {
      await tx.insertInto('accounts').values({ id: accountId, name, created_at: now }).execute()
      await new SwapCredentialRepository(tx).insert({
        account_id: accountId, api_key_hash: hashKey(swapApiKey), partner_key_hash: hashKey(partnerKey),
        plan, mode, enabled: 1, created_at: now, updated_at: now,
      })
    })
    return { accountId, swapApiKey, partnerKey }
  }

  /** New keys for an existing account; the old ones stop working at once. */
  async rotate(accountId: string): Promise<SwapAccountKeys> {
    const swapApiKey = newSwapApiKey()
    const partnerKey = newSwapPartnerKey()
    const ok = await this.#repo.update(accountId, { api_key_hash: hashKey(swapApiKey), partner_key_hash: hashKey(partnerKey), updated_at: this.#now() })
    if (!ok) throw new SwapAccountNotFoundError(accountId)
    return { accountId, swapApiKey, partnerKey }
  }

  async setEnabled(accountId: string, enabled: boolean): Promise<void> {
    if (!(await this.#repo.update(accountId, { enabled: enabled ? 1 : 0, updated_at: this.#now() }))) throw new SwapAccountNotFoundError(accountId)
  }

  async authenticate(bearerKey: string): Promise<SwapCaller> {
    const row = await this.#repo.byApiKeyHash(hashKey(bearerKey))
    if (!row) throw new SwapKeyUnknownError()
    if (row.enabled !== 1) throw new SwapAccountDisabledError()
    return { accountId: row.account_id, plan: row.plan, mode: row.mode }
  }

  /** The account a partner key belongs to, or undefined for an unknown key. */
  async partnerAccount(partnerKey: string): Promise<string | undefined> {
    return (await this.#repo.byPartnerKeyHash(hashKey(partnerKey)))?.account_id
  }

  /** Counts this request against the caller's day (UTC) and says where the quota stands. */
  async countRequest(caller: SwapCaller): Promise<QuotaState> {
    const now = this.#now()
    const day = new Date(now).toISOString().slice(0, 10)
    const limit = this.#quotas[caller.plan] ?? this.#quotas.standard ?? 0
    const used = await this.#repo.countRequest(caller.accountId, day)
    const reset = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 86_400
    return { limit, remaining: Math.max(0, limit - used), reset, exceeded: used > limit }
  }

  #checkPlan(plan: string): void {
    if (!Object.hasOwn(this.#quotas, plan)) throw new SwapRequestInvalidError(`Unknown plan ${plan}; KASSA_SWAP_QUOTAS has ${Object.keys(this.#quotas).join(', ')}.`)
  }
}
