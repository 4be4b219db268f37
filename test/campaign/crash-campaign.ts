import { randomBytes } from 'node:crypto'
import { getAddress } from 'viem'
import { tronAddressFromHash } from '../../src/chains/adapters/tron/tron-address.js'
import { databaseVariants } from '../samples/database-variants.js'
import type { VariantDatabase } from '../samples/database-variants.js'
import { freePort, makeDataDir, removeDataDir, runCli } from '../samples/server-process.js'
import type { KassaEnv } from '../samples/server-process.js'
import { merchantRequest } from './campaign-http.js'
import { CampaignLoad, sleep } from './campaign-load.js'
import type { CampaignStore } from './campaign-load.js'
import { CampaignServer } from './campaign-server.js'
import { readSnapshot, snapshotFingerprint } from './campaign-snapshot.js'
import type { Snapshot } from './campaign-snapshot.js'
import { runChecks } from './campaign-checks.js'
import type { CampaignFacts, CheckResult, DoctorResult, ReplayRecord } from './campaign-checks.js'
import { campaignFigures } from './campaign-figures.js'
import type { CampaignFigures } from './campaign-figures.js'
import { FlakyReceiver } from './flaky-receiver.js'
import type { Delivery } from './flaky-receiver.js'
import { readChainTransfers } from './chain-reader.js'
import type { ChainTransfer } from './chain-reader.js'
import { SeededRandom } from './seeded-random.js'

export interface CampaignOptions {
  db: 'sqlite' | 'postgres'
  /** kill -9 this many times, restarting each time. */
  kills: number
  /** Fixes the kill moments, the load's choices and the receiver's failures. */
  seed: string
  /** Creating workers at once. */
  concurrency: number
  /** Creates per second over all workers. */
  createRate: number
  /** The server runs between this and maxUpMs after each (re)start before the next kill. */
  minUpMs: number
  maxUpMs: number
  /** It stays down between 0 and this before the restart. */
  maxDownMs: number
  /** How long the end may wait for payouts, confirmations and webhooks to settle. */
  drainTimeoutMs: number
  /** Keep the data dir and database afterwards, to look at them. */
  keep: boolean
  log: (line: string) => void
}

export const DEFAULT_OPTIONS: CampaignOptions = {
  db: 'sqlite',
  kills: 3,
  seed: '16',
  concurrency: 4,
  createRate: 15,
  minUpMs: 3000,
  maxUpMs: 8000,
  maxDownMs: 1000,
  drainTimeoutMs: 120_000,
  keep: false,
  log: () => undefined,
}

export interface CampaignReport {
  options: Omit<CampaignOptions, 'log'>
  ok: boolean
  checks: CheckResult[]
  figures: CampaignFigures
}

/** The server's settings: simulated networks, a fast block timer, short webhook retries. */
function serverSettings(dataDir: string, databaseUrl: string | undefined, operatorToken: string): KassaEnv {
  return {
    KASSA_DATA_DIR: dataDir,
    ...(databaseUrl !== undefined && { DATABASE_URL: databaseUrl }),
    KASSA_MASTER_KEY: randomBytes(32).toString('base64'),
    KASSA_OPERATOR_TOKEN: operatorToken,
    KASSA_LOG_LEVEL: 'warn',
    // A block a second and ETH/TRC-20 payments at 2 confirmations: payments confirm within the
    // run; payouts confirm at the network's depth (12 for ETH, 19 for TRON).
    KASSA_SIM_BLOCK_SECONDS: '1',
    KASSA_WATCH_INTERVAL_MS: '200',
    KASSA_PAYOUT_INTERVAL_MS: '500',
    // Few unique-amount offsets, so some USDT payments are queued and take a slot when one frees.
    KASSA_UNIQUE_AMOUNT_SLOTS: '20',
    KASSA_WEBHOOK_ALLOW_PRIVATE: '1',
    KASSA_WEBHOOK_TIMEOUT_MS: '1000',
    // Eight retries: the receiver refuses an event at most 3 times, and a kill may cost one more.
    KASSA_WEBHOOK_RETRY_DELAYS: '250ms,500ms,1s,1s,2s,2s,3s,3s',
  }
}

async function cli(server: CampaignServer, args: string[]): Promise<string> {
  const r = await runCli(args, server.env)
  if (r.code !== 0) throw new Error(`kassa ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return r.stdout
}

async function createStores(server: CampaignServer, receiverUrl: string): Promise<CampaignStore[]> {
  const specs = [
    {
      name: 'eth',
      currency: 'ETH' as const,
      decimals: 18,
      amounts: ['0.01', '0.02', '0.05'],
      withdrawAmount: '0.001',
      address: (b: Uint8Array) => getAddress(`0x${Buffer.from(b).toString('hex')}`),
    },
    {
      name: 'usdt',
      currency: 'USDT_TRC20' as const,
      decimals: 6,
      amounts: ['5', '10', '15', '20', '25', '30', '40', '50'],
      withdrawAmount: '0.5',
      address: (b: Uint8Array) => tronAddressFromHash(b),
    },
  ]
  return Promise.all(
    specs.map(async (s) => {
      const args = ['store', 'create', '--name', `Crash ${s.name}`, '--currencies', s.currency]
      const created = JSON.parse(await cli(server, [...args, '--confirmations', `${s.currency}=2`, '--expiry-minutes', '1', '--json']))
      await cli(server, ['store', 'update', created.store_id, '--webhook-url', receiverUrl])
      return {
        ...s,
        storeId: created.store_id,
        apiKey: created.api_key,
        apiSecret: created.api_secret,
        webhookSecret: created.webhook_secret,
      }
    }),
  )
}

/** What is still moving at the end, or undefined once everything the checks compare has settled. */
function unsettled(s: Snapshot, chain: readonly ChainTransfer[], deliveries: readonly Delivery[]): string | undefined {
  const confirming = s.payments.filter((p) => p.status === 'confirming').length
  if (confirming > 0) return `${confirming} payment(s) confirming`
  const unmined = chain.filter((t) => !t.mined).length
  if (unmined > 0) return `${unmined} transfer(s) not mined`
  const payouts = [...s.payouts.values()].filter((p) => p !== null && !['confirmed', 'failed'].includes(p.status)).length
  if (payouts > 0 || s.unfinishedPayouts > 0) return `${Math.max(payouts, s.unfinishedPayouts)} payout(s) unfinished`
  const accepted = new Set(deliveries.filter((d) => d.answer === 200).map((d) => d.eventId))
  const waiting = s.feed.filter((e) => !accepted.has(e.eventId)).length
  if (waiting > 0) return `${waiting} webhook event(s) not delivered`
  return undefined
}

async function replayKeyedCreates(stores: readonly CampaignStore[], server: CampaignServer, load: CampaignLoad, random: SeededRandom) {
  const keyed = load.records.creates.filter((c) => c.outcome === 'answered' && c.idempotencyKey !== undefined)
  const chosen = keyed.filter(() => random.chance(Math.min(1, 100 / Math.max(1, keyed.length))))
  const replays: ReplayRecord[] = []
  for (const c of chosen) {
    const store = stores.find((s) => s.name === c.store)!
    const o = await merchantRequest(server.baseUrl, store, 'POST', '/api/v1/payment/create', c.body, {
      'Idempotency-Key': c.idempotencyKey!,
    })
    const ok = o.kind === 'answer' && o.status >= 200 && o.status < 300
    replays.push({
      orderId: c.orderId,
      paymentId: c.paymentId!,
      replayPaymentId: ok ? o.json?.data?.payment_id : undefined,
      detail: o.kind === 'answer' ? `HTTP ${o.status}` : o.kind,
    })
  }
  return replays
}

async function runDoctor(server: CampaignServer): Promise<DoctorResult> {
  const r = await runCli(['doctor', '--json'], server.env)
  let report: { ok: boolean; checks: { name: string; findings: { detail: string }[] }[] } | undefined
  try {
    report = JSON.parse(r.stdout)
  } catch {
    report = undefined
  }
  return {
    exitCode: r.code,
    ok: report?.ok === true,
    findings: report ? report.checks.flatMap((c) => c.findings.map((f) => `${c.name}: ${f.detail}`)) : [`no report: ${r.stderr.trim()}`],
  }
}

/**
 * The crash campaign (issue 16): a real `kassa serve` under load (creates, payments, webhooks
 * to a failing receiver, withdrawals) killed with SIGKILL at seeded random moments and restarted
 * each time; then the queue drains with the receiver healthy, and the end state is checked
 * against the campaign's own records, the simulated chain and `kassa doctor`.
 */
export async function runCrashCampaign(partial: Partial<CampaignOptions> = {}): Promise<CampaignReport> {
  const o: CampaignOptions = { ...DEFAULT_OPTIONS, ...partial }
  const { log } = o
  const began = performance.now()
  const variant = (await databaseVariants()).find((v) => v.name === o.db)!
  if (variant.skip) throw new Error(variant.skip)
  let db: VariantDatabase | undefined
  let dataDir: string | undefined
  let receiver: FlakyReceiver | undefined
  let server: CampaignServer | undefined
  try {
    db = await variant.create()
    dataDir = await makeDataDir()
    receiver = await FlakyReceiver.start(o.seed)
    const operatorToken = randomBytes(24).toString('hex')
    server = new CampaignServer(await freePort(), serverSettings(dataDir, db.databaseUrl, operatorToken))
    const restartMs: number[] = [await server.start()]
    const stores = await createStores(server, receiver.url)
    log(`${o.db}: server at ${server.baseUrl}, data in ${dataDir}; stores ${stores.map((s) => s.storeId).join(', ')}`)

    const load = new CampaignLoad({
      server,
      stores,
      operatorToken,
      concurrency: o.concurrency,
      createRate: o.createRate,
      payIntervalMs: 800,
      withdrawIntervalMs: 1500,
      random: new SeededRandom(o.seed, 'load'),
    })
    const kills = new SeededRandom(o.seed, 'kills')
    const loadBegan = performance.now()
    load.start()
    for (let i = 1; i <= o.kills; i++) {
      const up = kills.int(o.minUpMs, o.maxUpMs)
      const down = kills.int(0, o.maxDownMs)
      await sleep(up)
      await server.kill()
      await sleep(down)
      restartMs.push(await server.start())
      log(
        `kill ${i}/${o.kills} after ${up} ms up, ${down} ms down; ready again in ${Math.round(restartMs.at(-1)!)} ms; ${load.records.creates.length} creates so far`,
      )
    }
    await sleep(kills.int(o.minUpMs, o.maxUpMs))
    await load.stop()
    const loadMs = performance.now() - loadBegan

    receiver.heal()
    const drainBegan = performance.now()
    let snapshot = await readSnapshot(server, stores, operatorToken, load.records.withdrawals)
    let chain = await readChainTransfers({ dataDir, databaseUrl: db.databaseUrl })
    for (let reason = unsettled(snapshot, chain, receiver.deliveries); reason !== undefined; ) {
      if (performance.now() - drainBegan > o.drainTimeoutMs) {
        log(`drain: still ${reason} after ${o.drainTimeoutMs} ms; checking what there is`)
        break
      }
      await sleep(1000)
      snapshot = await readSnapshot(server, stores, operatorToken, load.records.withdrawals)
      chain = await readChainTransfers({ dataDir, databaseUrl: db.databaseUrl })
      reason = unsettled(snapshot, chain, receiver.deliveries)
    }
    const drainMs = performance.now() - drainBegan
    log(`drained in ${Math.round(drainMs)} ms`)

    const replays = await replayKeyedCreates(stores, server, load, new SeededRandom(o.seed, 'replays'))
    // Two equal reads in a row: nothing the checks compare moved in between (an expiry, say).
    for (let i = 0; i < 10; i++) {
      const again = await readSnapshot(server, stores, operatorToken, load.records.withdrawals)
      const same = snapshotFingerprint(again) === snapshotFingerprint(snapshot)
      snapshot = again
      if (same) break
    }
    chain = await readChainTransfers({ dataDir, databaseUrl: db.databaseUrl })
    const doctor = await runDoctor(server)
    const stopped = await server.stop()

    const facts: CampaignFacts = {
      stores,
      creates: load.records.creates,
      withdrawals: load.records.withdrawals,
      replays,
      snapshot,
      chain,
      deliveries: receiver.deliveries,
      doctor,
      refusals: load.records.refusals,
    }
    const checks = runChecks(facts)
    checks.push({
      name: 'graceful-stop',
      title: 'after the campaign the server stops on SIGTERM with exit 0 within 5 s',
      findings:
        stopped.code === 0 && !stopped.timedOut ? [] : [`exit ${stopped.code}, signal ${stopped.signal}, timed out ${stopped.timedOut}`],
    })
    const figures = campaignFigures(facts, load.records, {
      kills: server.exits.filter((e) => e.signal === 'SIGKILL').length,
      restartMs,
      loadMs,
      drainMs,
      totalMs: performance.now() - began,
    })
    figures.checksFailed = checks.filter((c) => c.findings.length > 0).length
    const { log: _log, ...options } = o
    return { options, ok: checks.every((c) => c.findings.length === 0), checks, figures }
  } catch (err) {
    if (server) (err as Error).message += `\n--- server output (tail) ---\n${server.output().slice(-4000)}`
    throw err
  } finally {
    await server?.kill()
    await receiver?.close()
    if (!o.keep) {
      await db?.drop()
      if (dataDir) await removeDataDir(dataDir)
    }
  }
}
