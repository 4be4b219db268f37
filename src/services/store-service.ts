import { createHash, randomUUID } from 'node:crypto'
import type { Repositories } from '../db/repositories/repositories.js'
import { STORE_DEFAULTS, StoreSettingsError, checkStoreConfirmations } from '../domain/stores/store.js'
import type { Store, StoreConfirmations, StoreCurrency } from '../domain/stores/store.js'
import { redirectUrlProblem } from '../domain/stores/redirect-url.js'
import { logoProblem, sniffLogoType } from '../domain/stores/store-logo.js'
import type { LogoContentType, StoreLogo } from '../domain/stores/store-logo.js'
import { StoreNotFoundError } from '../errors/index.js'
import type { CurrencyCode } from '../money/index.js'
import { newApiKey, newApiSecret, newWebhookSecret } from '../security/credential-formats.js'
import type { SecretBox } from '../security/secret-box.js'

export interface CreateStoreParams {
  name: string
  currencies: StoreCurrency[]
  accountId?: string | undefined
  mode?: 'test' | 'live'
  expiryMinutes?: number
  commissionBp?: number
  underpayToleranceBp?: number
  /** Per-currency overrides of the networks' confirmation thresholds; only currencies of the store. */
  confirmations?: StoreConfirmations
}

/** Returned once at creation: the only time the plaintext secrets leave Kassa. */
export interface CreateStoreResult {
  store: Store
  apiSecret: string
  webhookSecret: string
}

export interface UpdateStoreParams {
  name?: string
  currencies?: StoreCurrency[]
  expiryMinutes?: number
  commissionBp?: number
  underpayToleranceBp?: number
  enabled?: boolean
  webhookUrl?: string | null
  /** Replaces the whole map ({} for none). Left out with new currencies: overrides of dropped currencies go. */
  confirmations?: StoreConfirmations
  /** Final pages' default way back to the shop (redirect-url.ts rules); null removes it. */
  redirectUrl?: string | null
}

/** Returned once by a rotation: the only time the new plaintext secret leaves Kassa. */
export interface RotatedWebhookSecret {
  webhookSecret: string
  /** Until then Kassa also signs with the old secret (X-Signature-Previous). */
  previousValidUntil: number
}

export interface StoreServiceOptions {
  /** Normalises a webhook URL or throws (SSRF policy, src/services/webhooks). */
  checkWebhookUrl?: (url: string) => Promise<string>
  /** Whether a network of this mode serves the currency; default: test mode only (no real network). */
  served?: (mode: 'test' | 'live', currency: CurrencyCode) => boolean
  /**
   * Commission of a new store created without one: the operator's dashboard setting, read at
   * each creation so a change applies without a restart. Default: STORE_DEFAULTS (1 %).
   */
  defaultCommissionBp?: () => Promise<number>
}

export interface StoreCredentials {
  store: Store
  apiSecret: string
}

export class StoreService {
  readonly #repos: Repositories
  readonly #box: SecretBox
  readonly #now: () => number
  /** Decrypted secrets by their sealed text: sealed text changes on rotation, so never stale. */
  readonly #secretCache = new Map<string, string>()
  /**
   * Credentials by API key, kept only where the database can say when someone else changed
   * it (SQLite's data_version): every signed request needs them, and the lookup was a fifth
   * of a status request's time. Cleared by any change made here, and by any commit of another
   * process (`kassa store update` from the CLI), so a disabled store or a rotated key stops
   * working at once. On PostgreSQL, where other instances write, nothing is cached.
   */
  readonly #credentials = new Map<string, StoreCredentials>()
  readonly #externalChanges: (() => number) | undefined
  #seenChanges = -1
  #checkedAt = -Infinity
  /** Bumped by every change made here; a lookup that raced with one is not cached. */
  #generation = 0
  readonly #checkWebhookUrl: (url: string) => Promise<string>

  /** Whether a network of this mode serves the currency (live stores need a real network for each). */
  readonly #served: (mode: 'test' | 'live', currency: CurrencyCode) => boolean
  readonly #defaultCommissionBp: () => Promise<number>

  constructor(repos: Repositories, box: SecretBox, now: () => number, externalChanges?: () => number, options: StoreServiceOptions = {}) {
    this.#repos = repos
    this.#box = box
    this.#now = now
    this.#externalChanges = externalChanges
    this.#checkWebhookUrl = options.checkWebhookUrl ?? (async (url) => url)
    this.#served = options.served ?? ((mode) => mode === 'test')
    this.#defaultCommissionBp = options.defaultCommissionBp ?? (async () => STORE_DEFAULTS.commissionBp)
  }

  /** DESIGN.md: a live store only offers real networks, a test store only simulated ones. */
  #checkServed(mode: 'test' | 'live', currencies: readonly StoreCurrency[]): void {
    const missing = currencies.map((c) => c.code).filter((c) => !this.#served(mode, c))
    if (missing.length > 0) {
      throw new StoreSettingsError(
        mode === 'live'
          ? `live stores need a configured real network for each currency; none serves ${missing.join(', ')} (see KASSA_EVM_NETWORKS_FILE, KASSA_TRON_NETWORKS_FILE and KASSA_BITCOIN_NETWORKS_FILE)`
          : `no simulated network serves ${missing.join(', ')}`,
      )
    }
  }

  async createAccount(name: string): Promise<string> {
    const id = randomUUID()
    await this.#repos.stores.insertAccount(id, name, this.#now())
    return id
  }

  async createStore(p: CreateStoreParams): Promise<CreateStoreResult> {
    const name = p.name.trim()
    if (name.length === 0 || name.length > 100) throw new StoreSettingsError('store name must be 1–100 characters')
    if (p.currencies.length === 0) throw new StoreSettingsError('at least one currency is required')
    const mode = p.mode ?? 'test'
    this.#checkServed(mode, p.currencies)
    validateNumbers(p)
    if (p.confirmations !== undefined) checkStoreConfirmations(p.confirmations, p.currencies)
    const commissionBp = p.commissionBp ?? (await this.#defaultCommissionBp())
    const now = this.#now()
    const apiSecret = newApiSecret(mode)
    const webhookSecret = newWebhookSecret()
    return this.#repos.write(async (tx) => {
      let accountId = p.accountId
      if (accountId === undefined) {
        accountId = (await tx.stores.firstAccountId()) ?? randomUUID()
        if (!(await tx.stores.accountExists(accountId))) await tx.stores.insertAccount(accountId, 'Default account', now)
      } else if (!(await tx.stores.accountExists(accountId))) {
        throw new StoreSettingsError(`account ${accountId} does not exist`)
      }
      const store = await tx.stores.insert({
        id: randomUUID(),
        accountId,
        name,
        apiKey: newApiKey(mode),
        apiSecretSealed: this.#box.seal(apiSecret),
        webhookSecretSealed: this.#box.seal(webhookSecret),
        mode,
        currencies: p.currencies,
        expiryMinutes: p.expiryMinutes ?? STORE_DEFAULTS.expiryMinutes,
        commissionBp,
        underpayToleranceBp: p.underpayToleranceBp ?? STORE_DEFAULTS.underpayToleranceBp,
        confirmations: p.confirmations ?? {},
        now,
      })
      return { store, apiSecret, webhookSecret }
    })
  }

  async updateStore(id: string, p: UpdateStoreParams): Promise<Store> {
    validateNumbers(p)
    if (p.name !== undefined && (p.name.trim().length === 0 || p.name.trim().length > 100)) {
      throw new StoreSettingsError('store name must be 1–100 characters')
    }
    if (p.currencies !== undefined && p.currencies.length === 0) {
      throw new StoreSettingsError('at least one currency is required')
    }
    const repo = this.#repos.stores
    const existing = await repo.byId(id)
    if (!existing) throw new StoreNotFoundError(id)
    if (p.currencies !== undefined) this.#checkServed(existing.mode, p.currencies)
    const confirmations = confirmationsAfterUpdate(existing, p)
    if (p.redirectUrl !== undefined && p.redirectUrl !== null) {
      const problem = redirectUrlProblem(p.redirectUrl)
      if (problem) throw new StoreSettingsError(`the return URL ${problem}`)
    }
    const webhookUrl = p.webhookUrl === undefined || p.webhookUrl === null ? p.webhookUrl : await this.#checkWebhookUrl(p.webhookUrl)
    this.#generation++
    this.#credentials.clear()
    await repo.update(
      id,
      {
        ...(p.name !== undefined && { name: p.name.trim() }),
        ...(p.currencies !== undefined && { currencies: p.currencies }),
        ...(p.expiryMinutes !== undefined && { expiryMinutes: p.expiryMinutes }),
        ...(p.commissionBp !== undefined && { commissionBp: p.commissionBp }),
        ...(p.underpayToleranceBp !== undefined && { underpayToleranceBp: p.underpayToleranceBp }),
        ...(p.enabled !== undefined && { enabled: p.enabled }),
        ...(webhookUrl !== undefined && { webhookUrl }),
        ...(confirmations !== undefined && { confirmations }),
        ...(p.redirectUrl !== undefined && { redirectUrl: p.redirectUrl }),
      },
      this.#now(),
    )
    this.#generation++
    this.#credentials.clear()
    return this.getStore(id)
  }

  /** Replaces the store's logo after checking its bytes (store-logo.ts: PNG, JPEG or WebP by magic number, ≤ 256 KiB). */
  async setLogo(id: string, bytes: Buffer): Promise<Store> {
    const problem = logoProblem(bytes)
    if (problem) throw new StoreSettingsError(problem)
    const contentType = sniffLogoType(bytes) as LogoContentType
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    return this.#changeLogo(id, (tx, now) => tx.stores.putLogo(id, { sha256, contentType, bytes }, now))
  }

  async removeLogo(id: string): Promise<Store> {
    return this.#changeLogo(id, (tx, now) => tx.stores.removeLogo(id, now))
  }

  /** A logo by its content hash, for /logos/<sha256>. */
  async logo(sha256: string): Promise<StoreLogo | undefined> {
    return /^[0-9a-f]{64}$/.test(sha256) ? this.#repos.stores.logoBySha256(sha256) : undefined
  }

  async #changeLogo(id: string, change: (tx: Repositories, now: number) => Promise<void>): Promise<Store> {
    if (!(await this.#repos.stores.exists(id))) throw new StoreNotFoundError(id)
    // The cached credentials hold the Store, logo included: drop them as every change here does.
    this.#generation++
    this.#credentials.clear()
    await this.#repos.write((tx) => change(tx, this.#now()))
    this.#generation++
    this.#credentials.clear()
    return this.getStore(id)
  }

  /**
   * A new webhook secret, used for signing at once. The old one stays usable for `graceMs`:
   * Kassa sends a second signature made with it (X-Signature-Previous), so the merchant can
   * switch their receiver to the new secret at any time within the grace period.
   */
  async rotateWebhookSecret(id: string, graceMs: number): Promise<RotatedWebhookSecret> {
    if (!Number.isInteger(graceMs) || graceMs < 0 || graceMs > 30 * 86_400_000) {
      throw new StoreSettingsError('grace period must be 0 to 720 hours')
    }
    const repo = this.#repos.stores
    const endpoint = await repo.webhookEndpoint(id)
    if (!endpoint) throw new StoreNotFoundError(id)
    const webhookSecret = newWebhookSecret()
    const now = this.#now()
    await repo.replaceWebhookSecrets(
      id,
      {
        current: this.#box.seal(webhookSecret),
        previous: graceMs > 0 ? endpoint.secrets.current : null,
        previousExpiresAt: graceMs > 0 ? now + graceMs : null,
      },
      now,
    )
    return { webhookSecret, previousValidUntil: now + graceMs }
  }

  /**
   * A new API key and secret, replacing the old pair at once: the credential cache is dropped
   * before and after the write, so no request signed with the old key is accepted once this
   * returns (other instances on PostgreSQL cache nothing). Returned once, like at creation.
   */
  async rotateApiCredentials(id: string): Promise<{ store: Store; apiSecret: string }> {
    const repo = this.#repos.stores
    const existing = await repo.byId(id)
    if (!existing) throw new StoreNotFoundError(id)
    const mode = existing.mode
    const apiSecret = newApiSecret(mode)
    this.#generation++
    this.#credentials.clear()
    await repo.replaceApiCredentials(id, newApiKey(mode), this.#box.seal(apiSecret), this.#now())
    this.#generation++
    this.#credentials.clear()
    return { store: await this.getStore(id), apiSecret }
  }

  /** Whether a store of this mode may take the currency (the dashboard offers only those). */
  serves(mode: 'test' | 'live', currency: CurrencyCode): boolean {
    return this.#served(mode, currency)
  }

  /** The stores of one account, oldest first: a dashboard person sees only their account's. */
  async listAccountStores(accountId: string): Promise<Store[]> {
    return this.#repos.stores.listByAccount(accountId)
  }

  async getStore(id: string): Promise<Store> {
    const store = await this.#repos.stores.byId(id)
    if (!store) throw new StoreNotFoundError(id)
    return store
  }

  async listStores(): Promise<Store[]> {
    return this.#repos.stores.list()
  }

  /** The store and its plaintext API secret, for signature checks; undefined if no such key. */
  async credentialsByApiKey(apiKey: string): Promise<StoreCredentials | undefined> {
    if (this.#externalChanges) {
      // Each check is a statement, and each statement takes SQLite's shared-memory read lock
      // (system calls): at most one check per millisecond is plenty to see another process's
      // commit before any request that follows it.
      const nowMs = performance.now()
      let changes = this.#seenChanges
      if (nowMs - this.#checkedAt >= 1) {
        changes = this.#externalChanges()
        this.#checkedAt = nowMs
      }
      if (changes !== this.#seenChanges) {
        this.#generation++
        this.#credentials.clear()
        this.#seenChanges = changes
      }
      const cached = this.#credentials.get(apiKey)
      if (cached) return cached
    }
    const generation = this.#generation
    const found = await this.#repos.stores.byApiKey(apiKey)
    if (!found) return undefined
    let apiSecret = this.#secretCache.get(found.apiSecretSealed)
    if (apiSecret === undefined) {
      apiSecret = this.#box.open(found.apiSecretSealed)
      if (this.#secretCache.size > 10_000) this.#secretCache.clear()
      this.#secretCache.set(found.apiSecretSealed, apiSecret)
    }
    const credentials = { store: found.store, apiSecret }
    if (this.#externalChanges && generation === this.#generation) {
      if (this.#credentials.size >= 10_000) this.#credentials.clear()
      this.#credentials.set(apiKey, credentials)
    }
    return credentials
  }

  async webhookSecret(storeId: string): Promise<string> {
    const endpoint = await this.#repos.stores.webhookEndpoint(storeId)
    if (!endpoint) throw new StoreNotFoundError(storeId)
    return this.#box.open(endpoint.secrets.current)
  }
}

/**
 * The store's thresholds after an update, checked against the currencies it will accept;
 * undefined when they stay as they are. New currencies without new thresholds keep those of
 * the currencies still accepted: a threshold for a currency the store dropped would be a
 * setting nobody sees in the form and that springs back if the currency is added again.
 */
function confirmationsAfterUpdate(existing: Store, p: UpdateStoreParams): StoreConfirmations | undefined {
  const accepted = p.currencies ?? existing.currencies
  if (p.confirmations !== undefined) {
    checkStoreConfirmations(p.confirmations, accepted)
    return p.confirmations
  }
  if (p.currencies === undefined) return undefined
  const kept = Object.fromEntries(
    Object.entries(existing.confirmations).filter(([code]) => accepted.some((a) => a.code === code)),
  ) as StoreConfirmations
  return Object.keys(kept).length === Object.keys(existing.confirmations).length ? undefined : kept
}

function validateNumbers(p: { expiryMinutes?: number; commissionBp?: number; underpayToleranceBp?: number }): void {
  if (p.expiryMinutes !== undefined && (!Number.isInteger(p.expiryMinutes) || p.expiryMinutes < 1 || p.expiryMinutes > 10_080)) {
    throw new StoreSettingsError('expiry must be a whole number of minutes from 1 to 10080 (7 days)')
  }
  if (p.commissionBp !== undefined && (!Number.isInteger(p.commissionBp) || p.commissionBp < 0 || p.commissionBp > 10_000)) {
    throw new StoreSettingsError('commission must be 0–100 %')
  }
  if (
    p.underpayToleranceBp !== undefined &&
    (!Number.isInteger(p.underpayToleranceBp) || p.underpayToleranceBp < 0 || p.underpayToleranceBp > 5_000)
  ) {
    throw new StoreSettingsError('underpayment tolerance must be 0–50 %')
  }
}
