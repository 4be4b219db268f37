import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'

/** One transfer on a simulated network, as the chain itself holds it. */
export interface ChainTransfer {
  txHash: string
  network: string
  currency: string
  toAddress: string
  amount: bigint
  mined: boolean
  reverted: boolean
}

const QUERY = 'select tx_hash, network, currency, to_address, amount, block_height, reverted from sim_transactions'

/**
 * Reads the simulated chains the way a block explorer would: every transfer, whoever sent it
 * (the campaign's simulated buyers or Kassa's payout engine). The campaign's independent record
 * of what moved, against which the payments, balances and payouts Kassa reports are checked.
 * It reads the table directly because a simulated chain has no node to ask; it only reads.
 */
export async function readChainTransfers(db: { dataDir: string; databaseUrl: string | undefined }): Promise<ChainTransfer[]> {
  type Row = {
    tx_hash: string
    network: string
    currency: string
    to_address: string
    amount: string
    block_height: number | null
    reverted: number
  }
  let rows: Row[]
  if (db.databaseUrl === undefined) {
    const sqlite = new Database(join(db.dataDir, 'kassa.sqlite'), { readonly: true, fileMustExist: true })
    try {
      sqlite.pragma('busy_timeout = 5000')
      rows = sqlite.prepare(QUERY).all() as Row[]
    } finally {
      sqlite.close()
    }
  } else {
    const client = new pg.Client({ connectionString: db.databaseUrl })
    await client.connect()
    try {
      rows = (await client.query<Row>(QUERY)).rows
    } finally {
      await client.end()
    }
  }
  return rows.map((r) => ({
    txHash: r.tx_hash,
    network: r.network,
    currency: r.currency,
    toAddress: r.to_address,
    amount: BigInt(r.amount),
    mined: r.block_height !== null,
    reverted: Number(r.reverted) === 1,
  }))
}
