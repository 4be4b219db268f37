import type { RepositoryContext } from './repository-context.js'

/** What the chain watchers know of each network (`chain_cursors`, `chain_blocks`, `chain_transfers`). */
export class ChainRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  // Reads for swap order funding

  /** Transfers recorded to these addresses on `network`, orphaned ones left out, by address. */
  async transfersToAddresses(network: string, addresses: readonly string[]): Promise<Map<string, { amount: bigint; blockHeight: number | null }[]>> {
    const out = new Map<string, { amount: bigint; blockHeight: number | null }[]>()
    if (addresses.length === 0) return out
    const rows = await this.#ctx.db
      .selectFrom('chain_transfers')
      .select(['to_address', 'amount', 'block_height'])
      .where('network', '=', network)
      .where('to_address', 'in', [...addresses])
      .where('orphaned', '=', 0)
      .execute()
    for (const r of rows) {
      let list = out.get(r.to_address)
      if (!list) out.set(r.to_address, (list = []))
      list.push({ amount: BigInt(r.amount), blockHeight: r.block_height === null ? null : Number(r.block_height) })
    }
    return out
  }

  /** The height of the last block the watcher applied on `network`; undefined before the first. */
  async cursorHeight(network: string): Promise<number | undefined> {
    const row = await this.#ctx.db.selectFrom('chain_cursors').select('height').where('network', '=', network).executeTakeFirst()
    return row?.height
  }
}
