import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { BlockRef } from '../../chains/adapter.js'
import type { NewSimTransaction, SimChainStore, SimTransaction } from '../../chains/adapters/sim/sim-chain-store.js'
import type { ChainCurrencyCode } from '../../money/index.js'
import type { Database } from '../schema.js'

const GENESIS_PARENT = '0'.repeat(64)

function blockHash(network: string, height: number, parent: string): string {
  // The random salt makes a replacement block at the same height differ from the one it
  // replaces, which is what a reorg is.
  return createHash('sha256').update(`${network}:${height}:${parent}:`).update(randomBytes(16)).digest('hex')
}

function toRef(row: { height: number; hash: string; parent_hash: string }): BlockRef {
  return { height: row.height, hash: row.hash, parentHash: row.parent_hash }
}

function toTx(row: Database['sim_transactions']): SimTransaction {
  return {
    txHash: row.tx_hash,
    network: row.network,
    currency: row.currency as ChainCurrencyCode,
    toAddress: row.to_address,
    amount: BigInt(row.amount),
    blockHeight: row.block_height,
    memo: row.memo,
    reverted: row.reverted === 1,
  }
}

export class SimChainRepository implements SimChainStore {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async tip(network: string): Promise<BlockRef | null> {
    const row = await this.#db
      .selectFrom('sim_blocks')
      .select(['height', 'hash', 'parent_hash'])
      .where('network', '=', network)
      .orderBy('height', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row ? toRef(row) : null
  }

  async blockAt(network: string, height: number): Promise<BlockRef | null> {
    const row = await this.#db
      .selectFrom('sim_blocks')
      .select(['height', 'hash', 'parent_hash'])
      .where('network', '=', network)
      .where('height', '=', height)
      .executeTakeFirst()
    return row ? toRef(row) : null
  }

  async transactionsInBlock(network: string, height: number): Promise<SimTransaction[]> {
    const rows = await this.#db
      .selectFrom('sim_transactions')
      .selectAll()
      .where('network', '=', network)
      .where('block_height', '=', height)
      .orderBy('created_at')
      .orderBy('tx_hash')
      .execute()
    return rows.map(toTx)
  }

  async transaction(network: string, txHash: string): Promise<SimTransaction | null> {
    const row = await this.#db
      .selectFrom('sim_transactions')
      .selectAll()
      .where('network', '=', network)
      .where('tx_hash', '=', txHash)
      .executeTakeFirst()
    return row ? toTx(row) : null
  }

  async mempool(network: string): Promise<SimTransaction[]> {
    const rows = await this.#db
      .selectFrom('sim_transactions')
      .selectAll()
      .where('network', '=', network)
      .where('block_height', 'is', null)
      .orderBy('created_at')
      .execute()
    return rows.map(toTx)
  }

  async addTransaction(tx: NewSimTransaction, now: number): Promise<void> {
    await this.#db
      .insertInto('sim_transactions')
      .values({
        tx_hash: tx.txHash,
        network: tx.network,
        currency: tx.currency,
        to_address: tx.toAddress,
        amount: tx.amount.toString(),
        block_height: null,
        memo: tx.memo ?? null,
        reverted: 0,
        created_at: now,
      })
      .execute()
  }

  async markToRevert(network: string, txHash: string): Promise<boolean> {
    const r = await this.#db
      .updateTable('sim_transactions')
      .set({ reverted: 1 })
      .where('network', '=', network)
      .where('tx_hash', '=', txHash)
      .where('block_height', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  async mine(network: string, count: number, now: number): Promise<BlockRef[]> {
    return this.#db.transaction().execute((trx) => appendBlocks(trx, network, count, now, true))
  }

  async mineIfDue(network: string, intervalMs: number, now: number): Promise<BlockRef | null> {
    return this.#db.transaction().execute(async (trx) => {
      const tip = await trx
        .selectFrom('sim_blocks')
        .select('mined_at')
        .where('network', '=', network)
        .orderBy('height', 'desc')
        .limit(1)
        .executeTakeFirst()
      if (tip && now - Number(tip.mined_at) < intervalMs) return null
      // Two instances racing past the check both try the same height; the primary key lets one in.
      return (await appendBlocks(trx, network, 1, now, true))[0] ?? null
    })
  }

  async reorg(network: string, depth: number, keepTransactions: boolean, now: number): Promise<BlockRef[]> {
    return this.#db.transaction().execute(async (trx) => {
      const tip = await new SimChainRepository(trx).tip(network)
      if (!tip) return []
      const forkHeight = Math.max(0, tip.height - depth + 1)
      if (keepTransactions) {
        await trx
          .updateTable('sim_transactions')
          .set({ block_height: null })
          .where('network', '=', network)
          .where('block_height', '>=', forkHeight)
          .execute()
      } else {
        await trx.deleteFrom('sim_transactions').where('network', '=', network).where('block_height', '>=', forkHeight).execute()
      }
      await trx.deleteFrom('sim_blocks').where('network', '=', network).where('height', '>=', forkHeight).execute()
      // The replacement branch is one block longer than what it replaced, and empty: any kept
      // transactions wait in the mempool for the next block.
      return appendBlocks(trx, network, depth + 1, now, false)
    })
  }
}

/** Mines `count` blocks on the tip; with `takeMempool` the first one includes the mempool. */
async function appendBlocks(trx: Kysely<Database>, network: string, count: number, now: number, takeMempool: boolean): Promise<BlockRef[]> {
  let tip = await new SimChainRepository(trx).tip(network)
  const made: BlockRef[] = []
  for (let i = 0; i < count; i++) {
    const height = tip ? tip.height + 1 : 0
    const parentHash = tip ? tip.hash : GENESIS_PARENT
    const ref = { height, hash: blockHash(network, height, parentHash), parentHash }
    await trx.insertInto('sim_blocks').values({ network, height, hash: ref.hash, parent_hash: parentHash, mined_at: now }).execute()
    if (i === 0 && takeMempool) {
      await trx
        .updateTable('sim_transactions')
        .set({ block_height: height })
        .where('network', '=', network)
        .where('block_height', 'is', null)
        .execute()
    }
    made.push(ref)
    tip = ref
  }
  return made
}
