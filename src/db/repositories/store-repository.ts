import type { Kysely, Selectable } from 'kysely'
import type { Store, StoreConfirmations, StoreCurrency } from '../../domain/stores/store.js'
import type { LogoContentType, StoreLogo } from '../../domain/stores/store-logo.js'
import type { SealedWebhookSecrets, WebhookEndpoint } from '../../domain/webhooks/webhook-endpoint.js'
import { preparedFor, readPrepared } from './prepared-statements.js'
import type { PreparedCache } from './prepared-statements.js'
import type { Database, StoresTable } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

export type StoreRow = Selectable<StoresTable>

export function toStore(row: StoreRow): Store {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    apiKey: row.api_key,
    mode: row.mode,
    currencies: JSON.parse(row.currencies) as StoreCurrency[],
    expiryMinutes: row.expiry_minutes,
    commissionBp: row.commission_bp,
    underpayToleranceBp: row.underpay_tolerance_bp,
    enabled: row.enabled === 1,
    webhookUrl: row.webhook_url,
    confirmations: confirmationsOf(row.confirmations),
    redirectUrl: row.redirect_url,
    logoSha256: row.logo_sha256,
  }
}

/** The `confirmations` column: JSON of the overrides, null for none. */
function confirmationsOf(text: string | null): StoreConfirmations {
  return text === null ? {} : (JSON.parse(text) as StoreConfirmations)
}

function confirmationsText(c: StoreConfirmations): string | null {
  return Object.keys(c).length === 0 ? null : JSON.stringify(c)
}

function webhookEndpointOf(
  row: Pick<StoreRow, 'webhook_url' | 'webhook_secret_enc' | 'webhook_secret_prev_enc' | 'webhook_secret_prev_expires_at'>,
): WebhookEndpoint {
  return {
    url: row.webhook_url,
    secrets: {
      current: row.webhook_secret_enc,
      previous: row.webhook_secret_prev_enc,
      previousExpiresAt: row.webhook_secret_prev_expires_at,
    },
  }
}

/** A store about to be created: its settings, and its secrets already sealed. */
export interface NewStore {
  id: string
  accountId: string
  name: string
  apiKey: string
  apiSecretSealed: string
  webhookSecretSealed: string
  mode: 'test' | 'live'
  currencies: readonly StoreCurrency[]
  expiryMinutes: number
  commissionBp: number
  underpayToleranceBp: number
  confirmations: StoreConfirmations
  now: number
}

/** The settings a merchant or the operator may change. */
export type StorePatch = Partial<
  Pick<
    Store,
    | 'name'
    | 'currencies'
    | 'expiryMinutes'
    | 'commissionBp'
    | 'underpayToleranceBp'
    | 'enabled'
    | 'webhookUrl'
    | 'confirmations'
    | 'redirectUrl'
  >
>

/** A store with its API secret as sealed at rest, for signature checks. */
export interface StoreWithSealedSecret {
  store: Store
  apiSecretSealed: string
}

/** An account as the operator's accounts page lists it. */
export interface AccountRecord {
  id: string
  name: string
  createdAt: number
}

// Read on every buyer page view: compiled once (db/prepared-query.ts).
const byIdQueries: PreparedCache<StoreRow, [string]> = new WeakMap()
const termsQueries: PreparedCache<
  Pick<StoreRow, 'mode' | 'commission_bp' | 'underpay_tolerance_bp' | 'expiry_minutes' | 'confirmations'>,
  [string]
> = new WeakMap()
/** Every signed request looks its store up by key: compiled once per database. */
const byApiKeyQueries: PreparedCache<StoreRow, [string]> = new WeakMap()

/** A store's settings that rule its payments' lifecycle. */
export type StorePaymentTerms = Pick<Store, 'mode' | 'commissionBp' | 'underpayToleranceBp' | 'expiryMinutes' | 'confirmations'>

/** Accounts and their stores (`accounts`, `stores`). */
export class StoreRepository {
  readonly #ctx: RepositoryContext
  readonly #db: Kysely<Database>

  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
    this.#db = ctx.db
  }

  async insertAccount(id: string, name: string, now: number): Promise<void> {
    await this.#db.insertInto('accounts').values({ id, name, created_at: now }).execute()
  }

  async firstAccountId(): Promise<string | undefined> {
    const row = await this.#db.selectFrom('accounts').select('id').orderBy('created_at').limit(1).executeTakeFirst()
    return row?.id
  }

  async accountExists(id: string): Promise<boolean> {
    return (await this.#db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  }

  /** Writes a new store, enabled and without a webhook URL, and answers it as stored. */
  async insert(s: NewStore): Promise<Store> {
    const row: StoreRow = {
      id: s.id,
      account_id: s.accountId,
      name: s.name,
      api_key: s.apiKey,
      api_secret_enc: s.apiSecretSealed,
      webhook_secret_enc: s.webhookSecretSealed,
      webhook_url: null,
      webhook_secret_prev_enc: null,
      webhook_secret_prev_expires_at: null,
      mode: s.mode,
      currencies: JSON.stringify(s.currencies),
      expiry_minutes: s.expiryMinutes,
      commission_bp: s.commissionBp,
      underpay_tolerance_bp: s.underpayToleranceBp,
      enabled: 1,
      confirmations: confirmationsText(s.confirmations),
      redirect_url: null,
      logo_sha256: null,
      created_at: s.now,
      updated_at: s.now,
    }
    await this.#db.insertInto('stores').values(row).execute()
    return toStore(row)
  }

  async update(id: string, p: StorePatch, now: number): Promise<void> {
    await this.#db
      .updateTable('stores')
      .set({
        ...(p.name !== undefined && { name: p.name }),
        ...(p.currencies !== undefined && { currencies: JSON.stringify(p.currencies) }),
        ...(p.expiryMinutes !== undefined && { expiry_minutes: p.expiryMinutes }),
        ...(p.commissionBp !== undefined && { commission_bp: p.commissionBp }),
        ...(p.underpayToleranceBp !== undefined && { underpay_tolerance_bp: p.underpayToleranceBp }),
        ...(p.enabled !== undefined && { enabled: p.enabled ? 1 : 0 }),
        ...(p.webhookUrl !== undefined && { webhook_url: p.webhookUrl }),
        ...(p.confirmations !== undefined && { confirmations: confirmationsText(p.confirmations) }),
        ...(p.redirectUrl !== undefined && { redirect_url: p.redirectUrl }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
  }

  /** A new API key and sealed secret, replacing the old pair. */
  async replaceApiCredentials(id: string, apiKey: string, apiSecretSealed: string, now: number): Promise<void> {
    await this.#db
      .updateTable('stores')
      .set({ api_key: apiKey, api_secret_enc: apiSecretSealed, updated_at: now })
      .where('id', '=', id)
      .execute()
  }

  async replaceWebhookSecrets(id: string, s: SealedWebhookSecrets, now: number): Promise<void> {
    await this.#db
      .updateTable('stores')
      .set({
        webhook_secret_enc: s.current,
        webhook_secret_prev_enc: s.previous,
        webhook_secret_prev_expires_at: s.previousExpiresAt,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
  }

  async byId(id: string): Promise<Store | undefined> {
    const q = preparedFor(byIdQueries, this.#ctx, 1, (db, storeId) =>
      db
        .selectFrom('stores')
        .selectAll()
        .where('id', '=', storeId as string),
    )
    const [row] = await readPrepared(this.#ctx, q, id)
    return row && toStore(row)
  }

  async exists(id: string): Promise<boolean> {
    return (await this.#db.selectFrom('stores').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  }

  /** Where the store's webhooks go and its sealed webhook secrets. */
  async webhookEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const row = await this.#db
      .selectFrom('stores')
      .select(['webhook_url', 'webhook_secret_enc', 'webhook_secret_prev_enc', 'webhook_secret_prev_expires_at'])
      .where('id', '=', id)
      .executeTakeFirst()
    return row && webhookEndpointOf(row)
  }

  /** The hot read of every signed request: prepared, and on SQLite read without queueing. */
  async byApiKey(apiKey: string): Promise<StoreWithSealedSecret | undefined> {
    const q = preparedFor(byApiKeyQueries, this.#ctx, 1, (db, key) =>
      db
        .selectFrom('stores')
        .selectAll()
        .where('api_key', '=', key as string),
    )
    const [row] = await readPrepared(this.#ctx, q, apiKey)
    return row && { store: toStore(row), apiSecretSealed: row.api_secret_enc }
  }

  async listByAccount(accountId: string): Promise<Store[]> {
    return (await this.#db.selectFrom('stores').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute()).map(
      toStore,
    )
  }

  /** Oldest first; stores created in the same millisecond by id. */
  async list(): Promise<Store[]> {
    return (await this.#db.selectFrom('stores').selectAll().orderBy('created_at').orderBy('id').execute()).map(toStore)
  }

  /** Every account, oldest first (the operator's accounts page). */
  async listAccounts(): Promise<AccountRecord[]> {
    const rows = await this.#db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('id').execute()
    return rows.map((a) => ({ id: a.id, name: a.name, createdAt: Number(a.created_at) }))
  }

  /** The operator overview's figures of these tables. */
  async counts(): Promise<{ accounts: number; stores: number; storesDisabled: number }> {
    const count = (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) =>
      q.executeTakeFirstOrThrow().then((r) => Number(r.n))
    const [accounts, stores, storesDisabled] = await Promise.all([
      count(this.#db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n'))),
      count(this.#db.selectFrom('stores').select((eb) => eb.fn.countAll<number>().as('n'))),
      count(
        this.#db
          .selectFrom('stores')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('enabled', '=', 0),
      ),
    ])
    return { accounts, stores, storesDisabled }
  }

  // The store's logo (store_logos): written with the pointer in `stores`, in one transaction.

  /** Replaces the store's logo and points the store at it. Call inside a unit of work. */
  async putLogo(storeId: string, logo: StoreLogo, now: number): Promise<void> {
    const row = {
      store_id: storeId,
      sha256: logo.sha256,
      content_type: logo.contentType,
      data_base64: logo.bytes.toString('base64'),
      updated_at: now,
    }
    const { store_id: _id, ...rest } = row
    await this.#db
      .insertInto('store_logos')
      .values(row)
      .onConflict((oc) => oc.column('store_id').doUpdateSet(rest))
      .execute()
    await this.#db.updateTable('stores').set({ logo_sha256: logo.sha256, updated_at: now }).where('id', '=', storeId).execute()
  }

  /** Removes the store's logo; no logo is not an error. Call inside a unit of work. */
  async removeLogo(storeId: string, now: number): Promise<void> {
    await this.#db.deleteFrom('store_logos').where('store_id', '=', storeId).execute()
    await this.#db.updateTable('stores').set({ logo_sha256: null, updated_at: now }).where('id', '=', storeId).execute()
  }

  /** A logo by its content hash (the public URL); same bytes, same answer, whichever store has it. */
  async logoBySha256(sha256: string): Promise<StoreLogo | undefined> {
    const row = await this.#db
      .selectFrom('store_logos')
      .select(['sha256', 'content_type', 'data_base64'])
      .where('sha256', '=', sha256)
      .limit(1)
      .executeTakeFirst()
    // The type was sniffed from these bytes when they were stored (StoreService.setLogo).
    return row && { sha256: row.sha256, contentType: row.content_type as LogoContentType, bytes: Buffer.from(row.data_base64, 'base64') }
  }

  // Reads for the receive path

  /** What a payment of the store is evaluated and promoted by, without parsing its currencies. */
  async paymentTerms(storeId: string): Promise<StorePaymentTerms | undefined> {
    const q = preparedFor(termsQueries, this.#ctx, 1, (db, id) =>
      db
        .selectFrom('stores')
        .select(['mode', 'commission_bp', 'underpay_tolerance_bp', 'expiry_minutes', 'confirmations'])
        .where('id', '=', id as string),
    )
    const [row] = await readPrepared(this.#ctx, q, storeId)
    return row === undefined
      ? undefined
      : {
          mode: row.mode,
          commissionBp: row.commission_bp,
          underpayToleranceBp: row.underpay_tolerance_bp,
          expiryMinutes: row.expiry_minutes,
          confirmations: confirmationsOf(row.confirmations),
        }
  }
}
