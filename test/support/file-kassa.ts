import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before } from 'node:test'
import { openSqlite } from '../../src/db/dialect.js'
import type { TestDialect } from './databases.js'
import { startTestKassa } from './test-kassa.js'
import type { TestKassa } from './test-kassa.js'

/**
 * A test Kassa on an SQLite file (not in memory), started before the suite's tests and removed
 * after them: for tests that open a second connection to the same file, as the CLI would.
 */
export function fileKassa(prefix: string): { file: string; kassa: () => TestKassa } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const file = join(dir, 'kassa.sqlite')
  const dialect: TestDialect = {
    name: 'sqlite',
    open: async () => {
      const handle = await openSqlite(file)
      return { handle, databaseUrl: undefined, drop: () => handle.close() }
    },
  }
  let t: TestKassa | undefined
  before(async () => {
    t = await startTestKassa(dialect)
  })
  after(async () => {
    await t?.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return {
    file,
    kassa: () => {
      if (!t) throw new Error('fileKassa: used before the suite started')
      return t
    },
  }
}
