import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { OFFLINE_RATE_PRICES } from './offline-rates.js'
import { RatesUnavailableError } from './rate-errors.js'
import { RateService } from './rate-service.js'
import type { RateSource } from './rate-source.js'
import { validateRateTable } from './rate-table.js'
import type { RateTable } from './rate-table.js'

// RateService is the unit under test; its sources are collaborators, so a scripted source that
// counts its calls stands in for them. The real sources have their own tests.
class ScriptedSource implements RateSource {
  calls = 0
  constructor(
    readonly name: string,
    readonly next: (call: number) => Promise<RateTable>,
  ) {}
  fetchRates(): Promise<RateTable> {
    this.calls++
    return this.next(this.calls)
  }
}

function table(source: string, fetchedAt: number): RateTable {
  return validateRateTable(OFFLINE_RATE_PRICES, source, fetchedAt)
}

function setup(primaryNext: (call: number) => Promise<RateTable>, options: { ttlMs?: number; retryMs?: number } = {}) {
  const clock = { now: 1_000 }
  const warnings: Array<{ obj: object; msg: string }> = []
  const primary = new ScriptedSource('primary', primaryNext)
  const fallback = new ScriptedSource('fallback', async () => table('fallback', 1))
  const service = new RateService({
    primary,
    fallback,
    ...options,
    now: () => clock.now,
    logger: { warn: (obj, msg) => warnings.push({ obj, msg }) },
  })
  return { clock, warnings, primary, fallback, service }
}

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (err: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('RateService', () => {
  it('serves the cached table until the TTL has passed, then fetches again', async () => {
    const { clock, primary, service } = setup(async (call) => table('primary', call), { ttlMs: 10_000 })
    const first = await service.getRates()
    assert.equal(first.fetchedAt, 1)
    clock.now += 9_999
    assert.equal(await service.getRates(), first)
    assert.equal(primary.calls, 1)
    clock.now += 1
    assert.equal((await service.getRates()).fetchedAt, 2)
    assert.equal(primary.calls, 2)
  })

  it('servedRates: waits for the first table only; after that answers at once, an expired one starting a refresh', async () => {
    const slow = deferred<RateTable>()
    const { clock, primary, service } = setup(async (call) => (call === 1 ? table('primary', 1) : slow.promise), { ttlMs: 10_000 })
    const first = await service.servedRates()
    assert.equal(first.fetchedAt, 1)
    clock.now += 10_000
    // The provider has not answered the refresh: the old table comes back without waiting for it.
    assert.equal(await service.servedRates(), first)
    assert.equal(primary.calls, 2, 'a refresh was started')
    slow.resolve(table('primary', 2))
    await service.getRates()
    assert.equal((await service.servedRates()).fetchedAt, 2)
    assert.equal(primary.calls, 2, 'one refresh, shared')
  })

  it('keeps a table for five minutes by default', async () => {
    const { clock, primary, service } = setup(async (call) => table('primary', call))
    await service.getRates()
    clock.now += 299_999
    await service.getRates()
    assert.equal(primary.calls, 1)
    clock.now += 1
    await service.getRates()
    assert.equal(primary.calls, 2)
  })

  it('reports the source and time of the table it serves', async () => {
    const { service } = setup(async () => table('primary', 42))
    assert.equal(service.lastUpdate(), null)
    await service.getRates()
    assert.deepEqual(service.lastUpdate(), { source: 'primary', fetchedAt: 42 })
  })

  it('serves the fallback when the primary fails and nothing is cached, and retries later', async () => {
    const { clock, warnings, primary, fallback, service } = setup(
      async (call) => {
        if (call === 1) throw new Error('provider down')
        return table('primary', 7)
      },
      { retryMs: 30_000 },
    )
    const served = await service.getRates()
    assert.equal(served.source, 'fallback')
    assert.equal(fallback.calls, 1)
    assert.equal(warnings.length, 1)
    assert.match(warnings[0]?.msg ?? '', /serving the fallback table/)
    assert.equal((warnings[0]?.obj as { err?: Error } | undefined)?.err?.message, 'provider down')
    assert.deepEqual(service.lastUpdate(), { source: 'fallback', fetchedAt: 1 })

    clock.now += 29_999
    assert.equal((await service.getRates()).source, 'fallback')
    assert.equal(primary.calls, 1, 'a down primary is not asked again before retryMs')
    clock.now += 1
    assert.equal((await service.getRates()).source, 'primary')
    assert.equal(primary.calls, 2)
  })

  it('keeps serving the last good table when a refresh fails, retrying after retryMs', async () => {
    const { clock, warnings, primary, fallback, service } = setup(
      async (call) => {
        if (call === 1) return table('primary', 5)
        throw new Error('HTTP 500')
      },
      { ttlMs: 1_000 },
    )
    const good = await service.getRates()
    clock.now += 1_000
    assert.equal(await service.getRates(), good)
    assert.equal(fallback.calls, 0)
    assert.equal(warnings.length, 1)
    assert.match(warnings[0]?.msg ?? '', /serving the last good table/)
    assert.deepEqual(service.lastUpdate(), { source: 'primary', fetchedAt: 5 })

    clock.now += 59_999
    assert.equal(await service.getRates(), good)
    assert.equal(primary.calls, 2, 'the default retryMs (60 s) holds off the next attempt')
    clock.now += 1
    assert.equal(await service.getRates(), good)
    assert.equal(primary.calls, 3)
  })

  it('shares one in-flight fetch among concurrent callers', async () => {
    const pending = deferred<RateTable>()
    const { primary, service } = setup(() => pending.promise)
    const callers = [service.getRates(), service.getRates(), service.getRates()]
    assert.equal(primary.calls, 1)
    const fresh = table('primary', 3)
    pending.resolve(fresh)
    for (const result of await Promise.all(callers)) assert.equal(result, fresh)
    await service.getRates()
    assert.equal(primary.calls, 1)
  })

  it('shares one fallback fetch when the in-flight primary fetch fails', async () => {
    const pending = deferred<RateTable>()
    const { primary, fallback, warnings, service } = setup(() => pending.promise)
    const callers = [service.getRates(), service.getRates()]
    pending.reject(new Error('timeout'))
    const results = await Promise.all(callers)
    assert.deepEqual(
      results.map((t) => t.source),
      ['fallback', 'fallback'],
    )
    assert.equal(primary.calls, 1)
    assert.equal(fallback.calls, 1)
    assert.equal(warnings.length, 1)
  })

  it('rejects with both causes when primary and fallback fail, and tries again next time', async () => {
    const primaryError = new Error('primary down')
    const fallbackError = new Error('fallback broken')
    const primary = new ScriptedSource('primary', async () => {
      throw primaryError
    })
    const fallback = new ScriptedSource('fallback', async () => {
      throw fallbackError
    })
    const service = new RateService({ primary, fallback })
    await assert.rejects(service.getRates(), (err: unknown) => {
      assert.ok(err instanceof RatesUnavailableError)
      assert.equal(err.code, 'RATES_UNAVAILABLE')
      assert.match(err.message, /primary and fallback both failed/)
      assert.ok(err.cause instanceof AggregateError)
      assert.deepEqual(err.cause.errors, [primaryError, fallbackError])
      return true
    })
    assert.equal(service.lastUpdate(), null)
    await assert.rejects(service.getRates(), RatesUnavailableError)
    assert.equal(primary.calls, 2)
  })
})
