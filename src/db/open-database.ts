import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openPostgres, openSqlite } from './dialect.js'
import type { DatabaseHandle } from './dialect.js'

/** PostgreSQL when a URL is given, else the embedded SQLite file under the data dir. */
export async function openDatabase(opts: {
  databaseUrl: string | undefined
  dataDir: string
  onPoolError?: (err: Error) => void
  /** SQLite: checkpoint the WAL in a worker thread (for the long-running server). */
  backgroundCheckpoints?: boolean
}): Promise<DatabaseHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, 10, opts.onPoolError)
  mkdirSync(opts.dataDir, { recursive: true })
  return openSqlite(join(opts.dataDir, 'kassa.sqlite'), { backgroundCheckpoints: opts.backgroundCheckpoints ?? false })
}
