import assert from 'node:assert/strict'
import { test } from 'node:test'
import { withAdvisoryLock } from '../../src/db/advisory-lock.js'
import { testDialects } from '../support/databases.js'

for (const dialect of await testDialects()) {
  test(`advisory lock lets one worker at a time run under a name (${dialect.name})`, async () => {
    const d = await dialect.open()
    try {
      let release!: () => void
      const held = new Promise<void>((r) => { release = r })
      const first = withAdvisoryLock(d.handle, 'watch sim-tron', async () => { await held; return 'first' })
      await new Promise((r) => setTimeout(r, 50))
      const second = await withAdvisoryLock(d.handle, 'watch sim-tron', async () => 'second')
      const other = await withAdvisoryLock(d.handle, 'watch sim-bitcoin', async () => 'other')
      release()
      assert.equal(await first, 'first')
      assert.equal(other, 'other', 'another name is not blocked')
      if (d.handle.dialect.supportsAdvisoryLocks) assert.equal(second, undefined, 'held elsewhere: skipped')
      else assert.equal(second, 'second', 'SQLite has one writer process: no lock needed')
      assert.equal(await withAdvisoryLock(d.handle, 'watch sim-tron', async () => 'again'), 'again', 'released after work')
    } finally {
      await d.drop()
    }
  })
}
