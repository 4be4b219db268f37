import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * The databases the process-level suites run on, looped over as kysely's tests loop over
 * DIALECTS: SQLite (a file in the server's data dir) always, PostgreSQL (a fresh database,
 * dropped after) when reachable at TEST_DATABASE_URL, default the local server. With
 * KASSA_REQUIRE_POSTGRES=1 (CI) an unreachable server fails the suite instead of skipping it.
 */
export interface DatabaseVariant {
  name: 'sqlite' | 'postgres'
  /** Set when the variant cannot run here and may be skipped: the reason, for the report. */
  skip: string | undefined
  /** A fresh database: its DATABASE_URL (undefined for SQLite) and how to remove it. */
  create(): Promise<VariantDatabase>
}

export interface VariantDatabase {
  databaseUrl: string | undefined
  drop(): Promise<void>
}

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function postgresError(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return undefined
  } catch (err) {
    return (err as Error).message || String(err)
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

const sqlite: DatabaseVariant = {
  name: 'sqlite',
  skip: undefined,
  async create() {
    return { databaseUrl: undefined, drop: async () => undefined }
  },
}

function postgres(unreachable: string | undefined): DatabaseVariant {
  const required = process.env.KASSA_REQUIRE_POSTGRES === '1'
  return {
    name: 'postgres',
    skip: unreachable !== undefined && !required ? `PostgreSQL is not reachable at ${ADMIN_URL} (${unreachable})` : undefined,
    async create() {
      if (unreachable !== undefined) {
        throw new Error(`KASSA_REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at ${ADMIN_URL}: ${unreachable}`)
      }
      // The name is ours (hex), so interpolating it into DDL is safe.
      const name = `kassa_cli_${randomBytes(6).toString('hex')}`
      await adminQuery(`create database ${name}`)
      const url = new URL(ADMIN_URL)
      url.pathname = `/${name}`
      return {
        databaseUrl: url.toString(),
        drop: () => adminQuery(`drop database if exists ${name} with (force)`),
      }
    },
  }
}

export async function databaseVariants(): Promise<DatabaseVariant[]> {
  return [sqlite, postgres(await postgresError())]
}
