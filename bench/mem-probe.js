// Preloaded into the server by bench/profile.js (node --import ./bench/mem-probe.js): on SIGUSR2
// it writes process.memoryUsage() and V8 heap-space sizes to $BENCH_MEM_FILE. Not used by run.js.
import { writeFileSync } from 'node:fs'
import v8 from 'node:v8'

const file = process.env.BENCH_MEM_FILE
if (file) {
  process.on('SIGUSR2', () => {
    const mb = (b) => Math.round((b / 1048576) * 10) / 10
    const mem = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)]))
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)]))
    const heap = v8.getHeapStatistics()
    writeFileSync(file, JSON.stringify({ memoryUsageMb: mem, heapSpacesUsedMb: spaces, heapSizeLimitMb: mb(heap.heap_size_limit), mallocedMb: mb(heap.malloced_memory), peakMallocedMb: mb(heap.peak_malloced_memory) }, null, 2))
  })
}
