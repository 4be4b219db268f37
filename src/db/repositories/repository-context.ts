import type { Kysely } from 'kysely'
import type { DialectInfo } from '../dialect.js'
import type { Database } from '../schema.js'

/** What a repository is built on. @internal */
export interface RepositoryContext {
  /** The database itself: prepared statements are compiled and cached per database. */
  readonly root: Kysely<Database>
  /** Where the queries run: the database, or the transaction of a unit of work. */
  readonly db: Kysely<Database>
  readonly dialect: DialectInfo
  /** True inside a unit of work: reads must then go through `db`, never a direct reader. */
  readonly inTransaction: boolean
}
