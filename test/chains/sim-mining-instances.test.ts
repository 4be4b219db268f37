import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import pino from 'pino'
import { Kassa } from '../../src/app/kassa.js'
import { SIM_NETWORKS } from '../../src/chains/adapters/sim/sim-networks.js'
import { loadConfig } from '../../src/config/index.js'
import { openPostgres } from '../../src/db/dialect.js'
import type { DatabaseHandle } from '../../src/db/dialect.js'
import { testDialects } from '../support/databases.js'

// Issue 16, defect 7: two instances on one database each ran the block timer and took turns
// at the advisory lock, so the simulated networks got blocks twice as fast. The pace is now
// kept by the shared chain: a block is mined only when the newest one is a full interval old.

const INTERVAL_S = 1
const WINDOW_MS = 4000

async function startInstance(handle: DatabaseHandle, masterKey: string): Promise<{ kassa: Kassa; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-mining-'))
  const base = loadConfig({ KASSA_DATA_DIR: dataDir, PORT: '0', KASSA_MASTER_KEY: masterKey })
  // The real clock: the timer runs in real time. A fraction of a second keeps the test short.
  // Watchers slowed down: on a busy machine their locked passes queue for the lock pool and
  // would slow the block timer, hiding the doubled pace of the old code.
  const config = { ...base, sim: { blockSeconds: INTERVAL_S }, watchIntervalMs: 60_000 }
  const kassa = await Kassa.open({ config, logger: pino({ level: 'silent' }), database: handle })
  kassa.startWorkers()
  return { kassa, dataDir }
}

async function heights(kassa: Kassa): Promise<number[]> {
  return Promise.all(SIM_NETWORKS.map(async (s) => (await kassa.repos.simChain.tip(s.network))?.height ?? -1))
}

for (const dialect of await testDialects()) {
  test(`two instances on one database mine simulated blocks at the pace of one (${dialect.name})`, async () => {
    const d = await dialect.open()
    // PostgreSQL: a second handle with its own pools, as a second process has. SQLite: one
    // handle (an in-memory database is per handle); its advisory lock is a no-op, so the pace
    // rests on the chain's own clock there too.
    const secondHandle = dialect.name === 'postgres' ? await openPostgres(d.databaseUrl!, 5, () => undefined) : d.handle
    const masterKey = randomBytes(32).toString('base64')
    const a = await startInstance(d.handle, masterKey)
    // Out of phase by half an interval, as two servers started apart are: in phase, their
    // ticks would meet at the advisory lock and one would skip, hiding the doubled pace.
    await new Promise((r) => setTimeout(r, (INTERVAL_S * 1000) / 2))
    const b = await startInstance(secondHandle, masterKey)
    try {
      // Both timers are running; measure a window after the first blocks exist.
      await new Promise((r) => setTimeout(r, 2 * INTERVAL_S * 1000))
      const start = await heights(a.kassa)
      await new Promise((r) => setTimeout(r, WINDOW_MS))
      const end = await heights(a.kassa)
      const most = Math.floor(WINDOW_MS / (INTERVAL_S * 1000)) + 1
      SIM_NETWORKS.forEach((s, i) => {
        const mined = end[i]! - start[i]!
        assert.ok(mined >= 2, `${s.network}: the timer mines (${mined} blocks in ${WINDOW_MS} ms)`)
        assert.ok(mined <= most, `${s.network}: ${mined} blocks in ${WINDOW_MS} ms, at most ${most} at one instance's pace`)
      })

      // The instance that mined stops: the other one carries on at the same pace.
      await a.kassa.close()
      const before = await heights(b.kassa)
      await new Promise((r) => setTimeout(r, 4 * INTERVAL_S * 1000))
      const after = await heights(b.kassa)
      SIM_NETWORKS.forEach((s, i) => {
        assert.ok(after[i]! > before[i]!, `${s.network}: the remaining instance mines`)
      })
    } finally {
      await a.kassa.close().catch(() => undefined)
      await b.kassa.close()
      if (secondHandle !== d.handle) await secondHandle.close()
      await d.drop()
      rmSync(a.dataDir, { recursive: true, force: true })
      rmSync(b.dataDir, { recursive: true, force: true })
    }
  })
}
