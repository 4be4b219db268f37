// Summarises a .heapsnapshot: self size and count per constructor/type, largest first.
// Usage: node bench/heap-summary.js <file.heapsnapshot> [topN=25]
import { readFileSync } from 'node:fs'

const [file, topArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: node bench/heap-summary.js <file.heapsnapshot> [topN]')
  process.exit(1)
}
const snap = JSON.parse(readFileSync(file, 'utf8'))
const meta = snap.snapshot.meta
const F = meta.node_fields.length
const iType = meta.node_fields.indexOf('type')
const iName = meta.node_fields.indexOf('name')
const iSize = meta.node_fields.indexOf('self_size')
const types = meta.node_types[iType]
const by = new Map()
let total = 0
for (let i = 0; i < snap.nodes.length; i += F) {
  const type = types[snap.nodes[i + iType]]
  const name = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[i + iName]] : `(${type})`
  const size = snap.nodes[i + iSize]
  total += size
  const e = by.get(name) ?? { size: 0, count: 0 }
  e.size += size
  e.count++
  by.set(name, e)
}
console.log(`${file}: ${(total / 1048576).toFixed(1)} MB in ${snap.nodes.length / F} nodes`)
for (const [name, e] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, Number(topArg ?? 25))) {
  console.log(`${(e.size / 1048576).toFixed(2).padStart(8)} MB ${String(e.count).padStart(9)}  ${name.slice(0, 80)}`)
}
