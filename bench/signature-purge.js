// How long the seen-signature purge holds the event loop (SQLite, as the server opens it, with
// background checkpoints): N expired signatures of one store, deleted once by one statement
// (the purge before the seventh session of issue 17) and once by SignatureReplayGuard.purgeExpired
// (batches of ~2,000 rows, a turn of the event loop between them). On SQLite a statement runs
// synchronously, so each statement's time is a stall for every request.
// Usage: npm run build && node bench/signature-purge.js [N=360000]
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openSqlite } from '../dist/db/dialect.js'
import { Repositories } from '../dist/db/repositories/repositories.js'
import { SeenSignatureRepository } from '../dist/db/repositories/seen-signature-repository.js'
import { SignatureReplayGuard } from '../dist/services/signature-replay-guard.js'
import { runFile } from './lib/processes.js'

const N = Number(process.argv[2] ?? 360_000)
if (!(Number.isInteger(N) && N > 0 && N <= 5_000_000)) {
  console.error('usage: node bench/signature-purge.js [N ≤ 5,000,000]')
  process.exit(1)
}
const dir = mkdtempSync(join(os.tmpdir(), 'kassa-purge-'))
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
// The store as a user makes one (the CLI migrates the new database too).
const printed = await runFile(['bin/kassa.js', 'store', 'create', '--name', 'Purge', '--currencies', 'BTC:unique_address', '--json'], {
  KASSA_DATA_DIR: dir,
  DATABASE_URL: '',
  KASSA_MASTER_KEY: '',
  KASSA_LOG_LEVEL: 'warn',
})
const storeId = JSON.parse(printed.trim().split('\n').at(-1)).store_id
const handle = await openSqlite(join(dir, 'kassa.sqlite'), { backgroundCheckpoints: true })
const repos = Repositories.of(handle)

// N signatures, six per timestamp second as at a few thousand creates a second spread over stores.
const EXPIRY0 = 1_000_000
const fill = async (salt) => {
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${N})
    insert into seen_signatures (store_id, signature, expires_at)
    select ${storeId}, printf('%064x', i * 2654435761 + ${salt}), ${EXPIRY0} + i / 6 from n`.execute(handle.db)
  // Let the checkpoint thread copy the fill before measuring.
  await new Promise((r) => setTimeout(r, 2000))
}
const now = EXPIRY0 + N

await fill(1)
let t = performance.now()
const one = await sql`delete from seen_signatures where store_id in (select id from stores) and expires_at < ${now}`.execute(handle.db)
console.log(`one statement: ${Number(one.numAffectedRows)} rows in ${(performance.now() - t).toFixed(1)} ms`)

await fill(2)
const stalls = []
const batch = SeenSignatureRepository.prototype.purgeExpiredBatch
SeenSignatureRepository.prototype.purgeExpiredBatch = async function (...args) {
  const t0 = performance.now()
  try {
    return await batch.apply(this, args)
  } finally {
    stalls.push(performance.now() - t0)
  }
}
t = performance.now()
const purged = await new SignatureReplayGuard(repos, () => now).purgeExpired()
const total = performance.now() - t
stalls.sort((a, b) => a - b)
console.log(
  `purgeExpired: ${purged} rows in ${total.toFixed(1)} ms, ${stalls.length} batches; per batch median ${stalls[stalls.length >> 1].toFixed(2)} ms, longest ${stalls.at(-1).toFixed(2)} ms`,
)
await handle.close()
