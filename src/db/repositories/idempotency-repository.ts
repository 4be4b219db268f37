import type { RepositoryContext } from './repository-context.js'

/** A request remembered under its Idempotency-Key. */
export interface IdempotentRequest {
  /** SHA-256 of the request body, hex. */
  requestHash: string
  /** 0 while the first request's transaction has not rendered its response. */
  statusCode: number
  responseBody: string
}

/** `Idempotency-Key` of the Merchant API's create: the key, its request, its response (`idempotency_keys`). */
export class IdempotencyRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  /**
   * Inserts the key with no response yet; false when the key exists. A concurrent request
   * with the same key waits on the key's unique index until this transaction ends.
   */
  async claim(storeId: string, key: string, requestHash: string, now: number): Promise<boolean> {
    const inserted = await this.#ctx.db
      .insertInto('idempotency_keys')
      .values({ store_id: storeId, key, request_hash: requestHash, status_code: 0, response_body: '', created_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst()
    return inserted !== undefined
  }

  async find(storeId: string, key: string): Promise<IdempotentRequest | undefined> {
    const row = await this.#ctx.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status_code', 'response_body'])
      .where('store_id', '=', storeId)
      .where('key', '=', key)
      .executeTakeFirst()
    return row === undefined ? undefined : { requestHash: row.request_hash, statusCode: row.status_code, responseBody: row.response_body }
  }

  async saveResponse(storeId: string, key: string, statusCode: number, body: string): Promise<void> {
    await this.#ctx.db
      .updateTable('idempotency_keys')
      .set({ status_code: statusCode, response_body: body })
      .where('store_id', '=', storeId)
      .where('key', '=', key)
      .execute()
  }
}
