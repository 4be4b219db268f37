import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openPostgres, openSqlite } from '../../src/db/dialect.js'
import type { DatabaseHandle } from '../../src/db/dialect.js'

/**
 * The dialects every database-backed test runs on, as kysely's own tests loop over DIALECTS.
 * SQLite always (a fresh in-memory database per test); PostgreSQL when reachable at
 * TEST_DATABASE_URL (default: the local server), each test in a fresh database dropped after.
 * CI sets KASSA_REQUIRE_POSTGRES=1, so an unreachable server fails the run instead of
 * silently testing one dialect.
 */
export interface TestDialect {
  name: 'sqlite' | 'postgres'
  open(): Promise<TestDatabase>
}

export interface TestDatabase {
  handle: DatabaseHandle
  /** For the CLI and child processes: how to reach the same database. */
  databaseUrl: string | undefined
  drop(): Promise<void>
}

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

const sqlite: TestDialect = {
  name: 'sqlite',
  async open() {
    const handle = await openSqlite(':memory:')
    return { handle, databaseUrl: undefined, drop: () => handle.close() }
  },
}

const postgres: TestDialect = {
  name: 'postgres',
  async open() {
    const name = `kassa_test_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: ADMIN_URL })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const url = new URL(ADMIN_URL)
    url.pathname = `/${name}`
    // Dropping the database ends its connections; the pool reports that, and it is expected.
    const handle = await openPostgres(url.toString(), 5, () => undefined)
    return {
      handle,
      databaseUrl: url.toString(),
      async drop() {
        await handle.close()
        const a = new pg.Client({ connectionString: ADMIN_URL })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  },
}

export async function testDialects(): Promise<TestDialect[]> {
  if (await postgresReachable()) return [sqlite, postgres]
  if (process.env.KASSA_REQUIRE_POSTGRES === '1') {
    throw new Error(`KASSA_REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at ${ADMIN_URL}`)
  }
  return [sqlite]
}
