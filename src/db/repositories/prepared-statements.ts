import type { Compilable, Kysely } from 'kysely'
import { PreparedQuery } from '../prepared-query.js'
import type { Database } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

/** Prepared queries of one kind, one per database (db/prepared-query.ts). @internal */
export type PreparedCache<Row, Args extends readonly unknown[]> = WeakMap<Kysely<Database>, PreparedQuery<Row, Args>>

/**
 * The query of `cache` for the context's database, compiled on first use. Compiled on the
 * database itself (`ctx.root`), never on a transaction: a transaction object lives for one
 * unit of work, the compiled query for the life of the process. @internal
 */
export function preparedFor<Row, Args extends readonly unknown[]>(
  cache: PreparedCache<Row, Args>,
  ctx: RepositoryContext,
  arity: Args['length'],
  build: (db: Kysely<Database>, ...params: unknown[]) => Compilable<Row>,
): PreparedQuery<Row, Args> {
  let q = cache.get(ctx.root)
  if (!q) {
    q = new PreparedQuery<Row, Args>(ctx.root, arity, build)
    cache.set(ctx.root, q)
  }
  return q
}

/**
 * Runs a prepared query where the context's queries run: inside a unit of work on its
 * transaction; outside one through `execute`, which on SQLite takes the direct reader. Reads
 * only: the direct reader cannot run a write. @internal
 */
export function readPrepared<Row, Args extends readonly unknown[]>(
  ctx: RepositoryContext,
  q: PreparedQuery<Row, Args>,
  ...args: Args
): Promise<readonly Readonly<Row>[]> {
  return ctx.inTransaction ? q.executeOn(ctx.db, ...args) : q.execute(...args)
}
