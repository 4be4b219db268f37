// Summarises a V8 .cpuprofile: top functions by self time, and self time per package/area.
// Usage: node bench/cpuprofile-summary.js <file.cpuprofile> [topN=30]
import { readFileSync } from 'node:fs'

const [file, topArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: node bench/cpuprofile-summary.js <file.cpuprofile> [topN]')
  process.exit(1)
}
const top = Number(topArg ?? 30)
const profile = JSON.parse(readFileSync(file, 'utf8'))

// Self time per node = samples hitting it × their time deltas.
const selfUs = new Map()
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0)

const byFn = new Map()
const byArea = new Map()
const nodeById = new Map(profile.nodes.map((n) => [n.id, n]))
for (const [id, us] of selfUs) {
  const n = nodeById.get(id)
  const cf = n.callFrame
  const url = cf.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '')
  const key = `${cf.functionName || '(anonymous)'}  ${url ? `${url}:${cf.lineNumber + 1}` : ''}`
  byFn.set(key, (byFn.get(key) ?? 0) + us)
  byArea.set(area(url, cf.functionName), (byArea.get(area(url, cf.functionName)) ?? 0) + us)
}

function area(url, fn) {
  if (!url) return fn.startsWith('(') ? fn : '(native/builtin)'
  const nm = url.lastIndexOf('node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/')
    return 'npm:' + (rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0])
  }
  if (url.startsWith('node:')) return url
  const m = url.match(/dist\/([^/]+\/[^/]+)/)
  return m ? `kassa:${m[1]}` : url
}

const ms = (us) => (us / 1000).toFixed(1).padStart(9)
const pc = (us) => ((us / total) * 100).toFixed(1).padStart(5) + ' %'
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${profile.samples.length} samples\n`)
console.log('Self time by area:')
for (const [k, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms(us)} ms ${pc(us)}  ${k}`)
console.log(`\nTop ${top} functions by self time:`)
for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms ${pc(us)}  ${k}`)

// Inclusive time for Kassa's own functions (dist/), to see which of our frames the cost sits under.
const children = new Map(profile.nodes.map((n) => [n.id, n.children ?? []]))
const inclusiveCache = new Map()
function inclusive(id) {
  if (inclusiveCache.has(id)) return inclusiveCache.get(id)
  let t = selfUs.get(id) ?? 0
  for (const c of children.get(id)) t += inclusive(c)
  inclusiveCache.set(id, t)
  return t
}
const inclByFn = new Map()
function walk(id, seen) {
  const n = nodeById.get(id)
  const cf = n.callFrame
  const url = cf.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '')
  const key = `${cf.functionName || '(anonymous)'}  ${url}:${cf.lineNumber + 1}`
  const own = url.includes('dist/') && !url.includes('node_modules')
  let nextSeen = seen
  if (own && !seen.has(key)) {
    inclByFn.set(key, (inclByFn.get(key) ?? 0) + inclusive(id))
    nextSeen = new Set(seen).add(key)
  }
  for (const c of children.get(id)) walk(c, nextSeen)
}
walk(profile.nodes[0].id, new Set())
console.log(`\nKassa functions (dist/) by inclusive time (top ${top}):`)
for (const [k, us] of [...inclByFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms ${pc(us)}  ${k}`)
