// Preloaded into the server by bench/profile.js (node --import ./bench/mem-probe.js): on SIGUSR2
// it writes process.memoryUsage() and V8 heap-space sizes to $BENCH_MEM_FILE. Not used by run.js.
// With --expose-gc the figures are also taken after a full GC; with BENCH_HEAP_SNAPSHOT=<file>
// a heap snapshot is written too (summarise it with bench/heap-summary.js).
import { writeFileSync } from 'node:fs'
import v8 from 'node:v8'

const file = process.env.BENCH_MEM_FILE
if (file) {
  process.on('SIGUSR2', () => {
    const mb = (b) => Math.round((b / 1048576) * 10) / 10
    const before = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)]))
    if (typeof globalThis.gc === 'function') globalThis.gc()
    if (process.env.BENCH_HEAP_SNAPSHOT) v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT)
    const mem = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)]))
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)]))
    const heap = v8.getHeapStatistics()
    writeFileSync(
      file,
      JSON.stringify(
        {
          memoryUsageMbBeforeGc: before,
          fullGc: typeof globalThis.gc === 'function',
          memoryUsageMb: mem,
          heapSpacesUsedMb: spaces,
          heapSizeLimitMb: mb(heap.heap_size_limit),
          mallocedMb: mb(heap.malloced_memory),
          peakMallocedMb: mb(heap.peak_malloced_memory),
        },
        null,
        2,
      ),
    )
  })
}
