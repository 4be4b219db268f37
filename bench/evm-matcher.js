// The EVM matcher targets: 1,000,000 watched addresses under 300 MB, per-transfer matching under 2 µs.
// Run: npm run build && node --expose-gc bench/evm-matcher.js [addresses=1000000]
// Builds the AddressMatcher the EVM watcher uses with random EIP-55 addresses, then runs the
// real block mapping (nativeTransfers / tokenTransfers) over blocks of 500 transfers, 1 % ours.
import { randomBytes } from 'node:crypto'
import { AddressMatcher } from '../dist/chains/address-matcher.js'
import { evmAddressFromHash } from '../dist/chains/evm/evm-address.js'
import { nativeTransfers, normaliseEvmAddress, tokenTransfers, TRANSFER_TOPIC } from '../dist/chains/evm/evm-mapping.js'

const N = Number(process.argv[2] ?? 1_000_000)
if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc')
const mb = (b) => (b / 1048576).toFixed(1)
// Flat strings, as SQLite hands them over (evmAddressFromHash builds its text char by char).
const addr = () => evmAddressFromHash(randomBytes(20)).split('').join('')

// Addresses arrive as the watcher loads them: database rows in batches, dropped once added.
// Only a sample is kept, for the blocks below to pay.
global.gc()
const before = process.memoryUsage()
const matcher = new AddressMatcher(normaliseEvmAddress)
const sample = []
for (let made = 0; made < N; made += 10_000) {
  const batch = Array.from({ length: Math.min(10_000, N - made) }, addr)
  matcher.add(batch)
  if (sample.length < 10_000) sample.push(...batch.slice(0, 100))
}
global.gc()
const afterAdd = process.memoryUsage()
const matcherHeap = afterAdd.heapUsed - before.heapUsed

// Blocks of 500 transfers in the node's wire format: 250 native, 250 token logs; 1 % to watched addresses.
const TOKEN = addr()
const tokens = new Map([[TOKEN.toLowerCase(), 'USDT_ERC20']])
const word = (n) => `0x${n.toString(16).padStart(64, '0')}`
function block(i) {
  const pick = (k) => (k % 100 === 0 ? sample[(i * 5 + k / 100) % sample.length] : addr())
  const transactions = Array.from({ length: 250 }, (_, k) => ({ hash: `0x${i}${k}`, to: pick(k).toLowerCase(), value: '0x2386f26fc10000' }))
  const logs = Array.from({ length: 250 }, (_, k) => ({
    address: TOKEN.toLowerCase(),
    topics: [
      TRANSFER_TOPIC,
      word(1n),
      `0x${'0'.repeat(24)}${pick(k + 250)
        .slice(2)
        .toLowerCase()}`,
    ],
    data: word(1_000_000n),
    blockNumber: `0x${i.toString(16)}`,
    blockHash: '0x0',
    transactionHash: `0x${i}${k}`,
    logIndex: `0x${k.toString(16)}`,
  }))
  return { block: { number: `0x${i.toString(16)}`, hash: '0x0', parentHash: '0x0', transactions }, logs }
}
const blocks = Array.from({ length: 200 }, (_, i) => block(i))
let found = 0
const run = () => {
  for (const b of blocks) found += nativeTransfers(b.block, 'ETH', matcher).length + tokenTransfers(b.logs, tokens, matcher).length
}
run() // warm-up
found = 0
const rounds = 10
const t0 = process.hrtime.bigint()
for (let r = 0; r < rounds; r++) run()
const ns = Number(process.hrtime.bigint() - t0)
const transfers = rounds * blocks.length * 500
const perTransferUs = ns / transfers / 1000
global.gc()
const end = process.memoryUsage()

const result = {
  date: new Date().toISOString(),
  node: process.version,
  addresses: matcher.size,
  matcherHeapMb: Number(mb(matcherHeap)),
  bytesPerAddress: Math.round(matcherHeap / N),
  processRssMb: Number(mb(end.rss)),
  processHeapUsedMb: Number(mb(end.heapUsed)),
  transfersMatched: transfers,
  matchedOurs: found / rounds,
  perTransferUs: Number(perTransferUs.toFixed(3)),
  targets: { rssUnder300Mb: end.rss < 300 * 1048576, perTransferUnder2us: perTransferUs < 2 },
}
console.log(JSON.stringify(result, null, 2))
process.exit(result.targets.rssUnder300Mb && result.targets.perTransferUnder2us ? 0 : 2)
