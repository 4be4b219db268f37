// What a benchmark records about where it ran and how busy the machine was: CPU ticks of a
// process and of the whole machine from /proc, the machine's description, and which code ran.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { ROOT } from './processes.js'

export const CLK_TCK = 100 // USER_HZ; Linux reports /proc times in 1/100 s on every common configuration

export function round(x, digits = 2) {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').trim()

/** Machine-wide CPU ticks (from /proc/stat: busy and total over all CPUs). */
export function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  // Fields 4 and 5 (idle, iowait) count as not busy, so only the total takes them.
  const [user, nice, system, , , irq, softirq, steal] = f
  return { busy: user + nice + system + irq + softirq + steal, total: f.slice(0, 8).reduce((a, b) => a + b, 0), steal }
}

/** utime + stime of a process (all its threads), in clock ticks. */
export function processTicks(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
  return Number(f[11]) + Number(f[12])
}

/** Pids of processes whose command line contains `needle` (e.g. the PostgreSQL backends of one database). */
export function pidsWithCmdline(needle) {
  const out = []
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(needle)) out.push(Number(d))
    } catch {}
  }
  return out
}

/** Sum of utime + stime over `pids`, those that still exist. */
export function ticksOf(pids) {
  let t = 0
  for (const p of pids) {
    try {
      t += processTicks(p)
    } catch {}
  }
  return t
}

export function readRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN)
  return { rssMb: round(kb('VmRSS') / 1024, 1), peakRssMb: round(kb('VmHWM') / 1024, 1) }
}

export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  return {
    cpuModel: cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    totalMemMb: Math.round(os.totalmem() / 1048576),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  }
}

/**
 * Which code was measured, without git: sha256 over the paths and contents of src/ and of
 * package.json / package-lock.json, in sorted order.
 */
export function codeDigest() {
  const files = []
  const walk = (dir) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`
      if (e.isDirectory()) walk(rel)
      else files.push(rel)
    }
  }
  walk('src')
  files.sort()
  const h = createHash('sha256')
  for (const f of [...files, 'package.json', 'package-lock.json']) {
    try {
      h.update(f)
        .update('\0')
        .update(readFileSync(join(ROOT, f)))
        .update('\0')
    } catch {}
  }
  return { srcFiles: files.length, sha256: h.digest('hex').slice(0, 16) }
}

/**
 * Whether dist/ (what `kassa serve` runs) was built after the last change to src/: a run on a
 * stale build measures other code than the digest names.
 */
export function distIsFresh() {
  let newestSrc = 0
  const walk = (dir) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`
      if (e.isDirectory()) walk(rel)
      else if (rel.endsWith('.ts') && !rel.endsWith('.test.ts')) newestSrc = Math.max(newestSrc, statSync(join(ROOT, rel)).mtimeMs)
    }
  }
  walk('src')
  try {
    // The bundle is the build's last step (scripts/bundle.js).
    return statSync(join(ROOT, 'dist', 'kassa.js')).mtimeMs >= newestSrc
  } catch {
    return false
  }
}
