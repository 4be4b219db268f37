import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { makeDataDir, removeDataDir, runCli } from '../samples/server-process.js'
import type { CliResult, KassaEnv } from '../samples/server-process.js'

// `kassa store create|update --confirmations` on an embedded SQLite data dir (the setting is a
// plain column; the dialects are covered by the service and dashboard tests).

/** Exit 1 and one line on stderr naming the option: no stack trace, no help text. */
function assertRefused(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 1, `expected exit 1, got ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`)
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '')
  assert.equal(lines.length, 1, r.stderr)
  assert.match(lines[0]!, /--confirmations/)
  assert.match(lines[0]!, pattern)
}

describe('kassa CLI: store --confirmations', () => {
  let dir: string
  let env: KassaEnv
  let storeId: string
  const cli = (...args: string[]) => runCli(args, env)
  const shown = async () => {
    const r = await cli('store', 'list', '--json')
    assert.equal(r.code, 0, r.stderr)
    return (JSON.parse(r.stdout) as { store_id: string; confirmations: unknown }[]).find((s) => s.store_id === storeId)?.confirmations
  }

  before(async () => {
    dir = await makeDataDir()
    env = { ...process.env, KASSA_DATA_DIR: dir, KASSA_LOG_LEVEL: 'silent' } as KassaEnv
    delete env.DATABASE_URL
  })
  after(async () => {
    await removeDataDir(dir)
  })

  test('store create --confirmations BTC=3,LTC=12 sets them; the text view shows them', async () => {
    const r = await cli('store', 'create', '--name', 'Shop', '--currencies', 'BTC,LTC', '--confirmations', 'BTC=3,LTC=12')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^confirmations: {2}BTC=3, LTC=12$/m)
    storeId = /^store_id: +(\S+)/m.exec(r.stdout)![1]!
    assert.deepEqual(await shown(), { BTC: 3, LTC: 12 })
  })

  test('store update --confirmations replaces them, other updates keep them, "" clears them', async () => {
    let r = await cli('store', 'update', storeId, '--confirmations', 'LTC=1', '--json')
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout).confirmations, { LTC: 1 })
    r = await cli('store', 'update', storeId, '--name', 'Renamed')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^confirmations: {2}LTC=1 \(others: their network's\)$/m)
    assert.deepEqual(await shown(), { LTC: 1 })
    r = await cli('store', 'update', storeId, '--confirmations', '')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^confirmations: {2}each network's$/m)
    assert.deepEqual(await shown(), {})
  })

  test('bad --confirmations is refused with a one-line message naming the option; nothing changes', async () => {
    await cli('store', 'update', storeId, '--confirmations', 'BTC=5')
    const cases: [string[], RegExp][] = [
      [['--confirmations', 'DOGE=3'], /unknown currency DOGE/],
      [['--confirmations', 'ETH=3'], /the store does not accept ETH/],
      [['--confirmations', 'BTC=0'], /for BTC must be a whole number from 1 to 1000/],
      [['--confirmations', 'BTC=1001'], /for BTC must be a whole number from 1 to 1000/],
      [['--confirmations', 'BTC=2.5'], /for BTC must be a whole number from 1 to 1000/],
      [['--confirmations', 'BTC'], /write CURRENCY=N/],
      [['--currencies', 'LTC', '--confirmations', 'BTC=3'], /the store does not accept BTC/],
    ]
    for (const [args, pattern] of cases) assertRefused(await cli('store', 'update', storeId, ...args), pattern)
    assertRefused(await cli('store', 'create', '--name', 'Bad', '--currencies', 'BTC', '--confirmations', 'LTC=6'), /does not accept LTC/)
    assertRefused(await cli('store', 'create', '--name', 'Bad', '--currencies', 'BTC', '--confirmations', 'BTC=0'), /1 to 1000/)
    assert.deepEqual(await shown(), { BTC: 5 })
    const list = await cli('store', 'list', '--json')
    assert.deepEqual(
      (JSON.parse(list.stdout) as { name: string }[]).map((s) => s.name),
      ['Renamed'],
    )
  })
})
