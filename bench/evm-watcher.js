// The EVM watcher target: on anvil with 500 transfers per block, the EVM watcher processes
// at least 50 blocks/s. Run: node --import tsx bench/evm-watcher.js [blocks=100] [perBlock=500]
//
// A real anvil node (test/support/anvil.ts), an ERC-20 deployed on it, and Kassa's own
// ChainWatcher over a file SQLite database, as `kassa serve` runs it. Each block carries
// perBlock transfers from the node's unlocked account: half ETH, half token Transfer calls,
// 1 in 100 to a Kassa deposit address (which the watcher must match, record and reconcile).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeFunctionData, erc20Abi } from 'viem'
import { evmAddressFromHash } from '../src/chains/adapters/evm/evm-address.ts'
import { parseStoreCurrencies } from '../src/domain/stores/store.ts'
import { createPayment } from '../src/services/payments/create-payment.ts'
import { deploy, mintTokens, startAnvil } from '../test/support/anvil.ts'
import { startEvmKassa } from '../test/support/evm-kassa.ts'

const BLOCKS = Number(process.argv[2] ?? 100)
const PER_BLOCK = Number(process.argv[3] ?? 500)
const dataDir = mkdtempSync(join(tmpdir(), 'kassa-evm-bench-'))
const anvil = await startAnvil({ gasLimit: 1_000_000_000n })
const cleanup = async () => {
  await anvil.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
try {
  const rpc = async (batch) => {
    const res = await fetch(anvil.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) })
    const out = await res.json()
    for (const r of [out].flat()) if (r.error) throw new Error(JSON.stringify(r.error))
    return out
  }
  const [sender] = (await rpc({ jsonrpc: '2.0', id: 1, method: 'eth_accounts', params: [] })).result
  const token = await deploy(anvil, 'TestToken')
  await mintTokens(anvil, token, sender, 10n ** 15n)

  // Kassa over a file database, following the node; 100 ETH payments and one USDT receiving address.
  const sqlite = {
    name: 'sqlite',
    open: async () => {
      const { openSqlite } = await import('../src/db/dialect.ts')
      const handle = await openSqlite(join(dataDir, 'kassa.sqlite'), { backgroundCheckpoints: true })
      return { handle, databaseUrl: undefined, drop: () => handle.close() }
    },
  }
  const t = await startEvmKassa(sqlite, anvil, { token, confirmations: 12 })
  const store = await t.kassa.stores.createStore({ name: 'Bench', currencies: parseStoreCurrencies('ETH,USDT_ERC20'), mode: 'live' })
  const ours = []
  for (let i = 0; i < 100; i++) {
    const r = await createPayment(t.kassa.deps, t.kassa.rates, store.store, { amount: '1', currency: 'ETH', source: 'api' })
    ours.push(r.payment.payAddress)
  }
  const usdt = await createPayment(t.kassa.deps, t.kassa.rates, store.store, { amount: '10', currency: 'USDT_ERC20', source: 'api' })
  ours.push(usdt.payment.payAddress)
  await t.watcher.runOnce()
  const startHeight = Number(
    (await t.kassa.deps.db.selectFrom('chain_cursors').select('height').where('network', '=', 'evm-anvil').executeTakeFirstOrThrow())
      .height,
  )

  // Fill the blocks.
  const t0 = performance.now()
  let id = 0
  // Explicit nonces: the node handles a batch's requests concurrently and would hand one out twice.
  let nonce = Number((await rpc({ jsonrpc: '2.0', id: 0, method: 'eth_getTransactionCount', params: [sender, 'pending'] })).result)
  for (let b = 0; b < BLOCKS; b++) {
    const batch = []
    for (let k = 0; k < PER_BLOCK; k++) {
      const to = k % 100 === 0 ? ours[(b + k) % ours.length] : evmAddressFromHash(randomBytes(20))
      const tx =
        k % 2 === 0
          ? { from: sender, to, value: '0x1' }
          : { from: sender, to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, 1_000_000n] }) }
      batch.push({
        jsonrpc: '2.0',
        id: ++id,
        method: 'eth_sendTransaction',
        params: [{ ...tx, gas: '0x186a0', nonce: `0x${(nonce++).toString(16)}` }],
      })
    }
    await rpc(batch)
    await rpc({ jsonrpc: '2.0', id: ++id, method: 'evm_mine', params: [] })
  }
  const fillS = (performance.now() - t0) / 1000
  const tip = Number((await rpc({ jsonrpc: '2.0', id: ++id, method: 'eth_blockNumber', params: [] })).result)
  const full = (await rpc({ jsonrpc: '2.0', id: ++id, method: 'eth_getBlockByNumber', params: [`0x${tip.toString(16)}`, false] })).result
    .transactions.length

  // Measure: the watcher catches up from its cursor to the tip.
  const w0 = performance.now()
  const c0 = process.cpuUsage()
  let passes = 0
  for (;;) {
    const r = await t.watcher.runOnce()
    passes++
    if (r.tip !== null && r.applied === 0 && r.rolledBack === 0) break
  }
  const seconds = (performance.now() - w0) / 1000
  const cpu = process.cpuUsage(c0)
  const blocks = tip - startHeight
  // The node's own share: the same blocks and logs fetched raw, one block at a time, no Kassa work.
  const n0 = performance.now()
  for (let h = startHeight + 1; h <= tip; h++) {
    await rpc([
      { jsonrpc: '2.0', id: ++id, method: 'eth_getBlockByNumber', params: [`0x${h.toString(16)}`, true] },
      {
        jsonrpc: '2.0',
        id: ++id,
        method: 'eth_getLogs',
        params: [{ fromBlock: `0x${h.toString(16)}`, toBlock: `0x${h.toString(16)}`, address: [token] }],
      },
    ])
  }
  const nodeMsPerBlock = (performance.now() - n0) / blocks
  const recorded = (
    await t.kassa.deps.db
      .selectFrom('chain_transfers')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    loadAverage: (await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
    blocks,
    transfersPerBlock: full,
    fillSeconds: Number(fillS.toFixed(1)),
    watcherSeconds: Number(seconds.toFixed(2)),
    passes,
    blocksPerSecond: Number((blocks / seconds).toFixed(1)),
    kassaCpuMsPerBlock: Number(((cpu.user + cpu.system) / 1000 / blocks).toFixed(2)),
    kassaCpuBoundBlocksPerSecond: Math.round(blocks / ((cpu.user + cpu.system) / 1e6)),
    nodeMsPerBlockRaw: Number(nodeMsPerBlock.toFixed(1)),
    transfersPerSecond: Math.round((blocks * full) / seconds),
    transfersRecorded: Number(recorded),
    target: { blocksPerSecondAtLeast50: blocks / seconds >= 50 },
  }
  console.log(JSON.stringify(result, null, 2))
  await t.close()
  await cleanup()
  process.exit(result.target.blocksPerSecondAtLeast50 ? 0 : 2)
} catch (err) {
  await cleanup()
  throw err
}
