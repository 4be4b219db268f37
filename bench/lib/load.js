// autocannon runs with the CPU each side spent: the servers under test, the database's
// backends, the load generator (this process) and the rest of the machine. One run may load
// several servers at once (one autocannon per server, started together).
import autocannon from 'autocannon'
import os from 'node:os'
import { CLK_TCK, machineTicks, pidsWithCmdline, round, ticksOf } from './machine.js'
import { HOST } from './processes.js'

export class InvalidBenchmark extends Error {}

/**
 * One measured run. `sampler` (optional, pg-activity.js) watches the database meanwhile. `targets`: [{ port, connections, makeRequest }] where makeRequest returns
 * an autocannon request (with setupRequest); `serverPids`: the processes whose CPU is "server";
 * `dbNeedle`: a text of the database backends' command lines (their database name), whose CPU
 * is reported apart. `amount` stops each autocannon after that many requests instead of time.
 */
export async function cannon({ targets, seconds, amount, serverPids, dbNeedle, sampler }) {
  const samples = []
  const stopSampler = sampler ? await sampler.start() : undefined
  const dbPids = () => (dbNeedle ? pidsWithCmdline(dbNeedle) : [])
  const dbPids0 = dbPids()
  const m0 = machineTicks()
  const s0 = ticksOf(serverPids)
  const d0 = ticksOf(dbPids0)
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const results = await Promise.all(
    targets.map(({ port, connections, makeRequest }) => {
      const request = makeRequest()
      request.onResponse = (status, body) => {
        if ((status < 200 || status > 299) && samples.length < 5) samples.push(`${status} ${String(body).slice(0, 300)}`)
      }
      return autocannon({
        url: `http://${HOST}:${port}`,
        connections,
        pipelining: 1,
        ...(amount ? { amount } : { duration: seconds }),
        timeout: 10,
        requests: [request],
      })
    }),
  )
  const wallS = (performance.now() - t0) / 1000
  const c = process.cpuUsage(c0)
  const activity = stopSampler ? await stopSampler() : undefined
  const serverS = (ticksOf(serverPids) - s0) / CLK_TCK
  // Backends that were there at the start (the pools keep theirs) plus any opened since.
  const dbS = (ticksOf([...new Set([...dbPids0, ...dbPids()])]) - d0) / CLK_TCK
  const clientS = (c.user + c.system) / 1e6
  const m1 = machineTicks()
  const busyS = (m1.busy - m0.busy) / CLK_TCK
  const capacityS = (m1.total - m0.total) / CLK_TCK || wallS * os.cpus().length
  const total = results.reduce((n, r) => n + r.requests.total, 0)
  const cpu = {
    wallS: round(wallS, 2),
    serverCpuS: round(serverS, 2),
    serverCorePct: round((serverS / wallS) * 100, 1),
    dbCpuS: round(dbS, 2),
    dbCorePct: round((dbS / wallS) * 100, 1),
    clientCpuS: round(clientS, 2),
    clientCorePct: round((clientS / wallS) * 100, 1),
    machineBusyPct: round((busyS / capacityS) * 100, 1),
    otherProcessesPctOfMachine: round((Math.max(0, busyS - serverS - dbS - clientS) / capacityS) * 100, 1),
    stealPct: round(((m1.steal - m0.steal) / CLK_TCK / capacityS) * 100, 1),
    serverCpuUsPerRequest: total > 0 ? round((serverS * 1e6) / total, 1) : null,
    dbCpuUsPerRequest: total > 0 && dbNeedle ? round((dbS * 1e6) / total, 1) : null,
  }
  return { results, samples, cpu, wallS, activity }
}

function latency(r) {
  return { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, avg: round(r.latency.average, 2), max: r.latency.max }
}

/** The figures of a run; with several targets, req/s add up and each target's latency is kept. */
export function summarise({ results, samples, cpu, wallS, activity }) {
  const sum = (f) => results.reduce((n, r) => n + f(r), 0)
  const requestsTotal = sum((r) => r.requests.total)
  const one = results.length === 1 ? results[0] : undefined
  return {
    cpu,
    // Over a fixed duration autocannon's per-second mean; when stopped by a request count, total / wall time.
    reqPerSecMean: round(one && one.duration >= 1 ? one.requests.average : sum((r) => r.requests.average) || requestsTotal / wallS, 1),
    ...(one && { reqPerSecStddev: round(one.requests.stddev, 1) }),
    requestsTotal,
    latencyMs: one
      ? latency(one)
      : { p50: Math.max(...results.map((r) => r.latency.p50)), p99: Math.max(...results.map((r) => r.latency.p99)) },
    ...(one
      ? {}
      : {
          perTarget: results.map((r) => ({
            reqPerSecMean: round(r.requests.average, 1),
            requestsTotal: r.requests.total,
            latencyMs: latency(r),
          })),
        }),
    throughputBytesPerSec: Math.round(sum((r) => r.throughput.average)),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    statusCodes: statusCodes(results),
    durationS: round(wallS, 2),
    connections: sum((r) => r.connections),
    errorSamples: samples,
    ...(activity && { databaseActivity: activity }),
  }
}

/** Responses by status code, over all targets. */
function statusCodes(results) {
  const codes = {}
  for (const r of results) for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) codes[k] = (codes[k] ?? 0) + v.count
  return codes
}

export function assertClean(name, s) {
  const bad = s.errors + s.timeouts + s.non2xx
  if (bad > 0) {
    throw new InvalidBenchmark(
      `${name}: ${s.non2xx} non-2xx, ${s.errors} errors, ${s.timeouts} timeouts (status codes ${JSON.stringify(s.statusCodes)}); ` +
        `a benchmark of errors is worthless.\n${s.errorSamples.join('\n')}`,
    )
  }
}

/**
 * Warm-up (discarded) then the measured run, both with the same request generators. `record`
 * (optional) is given the measured figures before they are checked, so that a caller keeps them
 * even when they then prove unclean.
 */
export async function measure(name, opts, { seconds, warmupSeconds }, record = () => undefined) {
  if (warmupSeconds > 0) {
    process.stdout.write(`  ${name}: warm-up ${warmupSeconds} s… `)
    const w = summarise(await cannon({ ...opts, seconds: warmupSeconds }))
    process.stdout.write(`${Math.round(w.reqPerSecMean)} req/s; `)
    assertClean(`${name} warm-up`, w)
  } else process.stdout.write(`  ${name}: `)
  process.stdout.write(`measuring ${seconds} s… `)
  const s = summarise(await cannon({ ...opts, seconds }))
  const database = opts.dbNeedle ? `PostgreSQL ${s.cpu.dbCpuUsPerRequest ?? '–'} µs/request (${s.cpu.dbCorePct} %), ` : ''
  console.log(
    `${s.reqPerSecMean} req/s, p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms; server ${s.cpu.serverCpuUsPerRequest} µs CPU/request ` +
      `(${s.cpu.serverCorePct} % of a core), ${database}` +
      `load generator ${s.cpu.clientCorePct} %, other processes ${s.cpu.otherProcessesPctOfMachine} % of the machine`,
  )
  if (s.cpu.otherProcessesPctOfMachine > 10) {
    console.log(
      `  WARNING: other processes used ${s.cpu.otherProcessesPctOfMachine} % of the machine during ${name}; figures are depressed and noisy`,
    )
  }
  record(s)
  if (s.databaseActivity) {
    const top = Object.entries(s.databaseActivity.backendsPerSample).slice(0, 5)
    console.log(`    database backends (mean per sample): ${top.map(([k, n]) => `${k} ${n}`).join(', ') || 'none busy'}`)
  }
  assertClean(name, s)
  return s
}
