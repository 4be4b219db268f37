import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Coin } from './binaries.js'
import { nodeBinary } from './binaries.js'
import type { JsonRpcClient } from './json-rpc.js'
import { funderKeys } from './funder-keys.js'
import { launchNode } from './launch.js'

/**
 * The chain every node of a run starts from: regtest mined until segwit is active (a BIP9
 * deployment on both btcd and ltcd regtest: started, locked in and active one 144-block window
 * apart, so block 432) with every coinbase paid to one funder key, so ~330 coinbases are mature.
 *
 * btcd and ltcd DELETE their regtest block database at every start (removeRegressionDB in
 * btcd.go), so a data dir cannot be copied or reused: each node gets the raw blocks replayed
 * through `submitblock` instead, which also gives every node of a run the same history (so two
 * of them can be connected, and the funder's coins are the same on both).
 *
 * The blocks and the funder key are cached in os.tmpdir() for a few hours, keyed by the
 * binary, so test files (one process each) share one mining; the age limit keeps the tip
 * younger than btcd's 24 h "current" window.
 */
export interface PreparedChain {
  coin: Coin
  funderPrivateKey: string
  /** Raw blocks from height 1 up. */
  blocks: string[]
  tipHash: string
}

const FORMAT = 1
const MAX_AGE_MS = 6 * 3600_000
const SEGWIT_WINDOW = 144

const inProcess = new Map<Coin, Promise<PreparedChain>>()

export function preparedChain(coin: Coin): Promise<PreparedChain> {
  let p = inProcess.get(coin)
  if (!p) {
    p = loadOrBuild(coin)
    inProcess.set(coin, p)
    p.catch(() => inProcess.delete(coin))
  }
  return p
}

function cacheFile(coin: Coin, binary: string): string {
  const st = statSync(binary)
  const key = createHash('sha256').update(`${FORMAT}:${binary}:${st.size}:${st.mtimeMs}`).digest('hex').slice(0, 16)
  return join(tmpdir(), 'kassa-bitcoin-node-cache', `${coin.toLowerCase()}-${key}.json`)
}

async function loadOrBuild(coin: Coin): Promise<PreparedChain> {
  const binary = nodeBinary(coin)
  if (!binary) throw new Error(`no ${coin} node binary`)
  const file = cacheFile(coin, binary)
  try {
    if (Date.now() - statSync(file).mtimeMs < MAX_AGE_MS) return JSON.parse(readFileSync(file, 'utf8')) as PreparedChain
  } catch {
    // not cached yet
  }
  const chain = await build(coin)
  mkdirSync(join(file, '..'), { recursive: true })
  const tmp = `${file}.${randomBytes(4).toString('hex')}`
  writeFileSync(tmp, JSON.stringify(chain))
  renameSync(tmp, file)
  return chain
}

async function build(coin: Coin): Promise<PreparedChain> {
  const funderPrivateKey = randomBytes(32).toString('hex')
  const keys = funderKeys(coin, funderPrivateKey)
  const dataDir = mkdtempSync(join(tmpdir(), `kassa-${coin.toLowerCase()}-prepare-`))
  const node = await launchNode(coin, dataDir, { miningAddress: keys.nodeAddress })
  try {
    while ((await segwitStatus(node.rpc)) !== 'active') await node.rpc.call('generate', [SEGWIT_WINDOW])
    const height = await node.rpc.call<number>('getblockcount')
    const blocks: string[] = []
    for (let h = 1; h <= height; h++) {
      const hash = await node.rpc.call<string>('getblockhash', [h])
      blocks.push(await node.rpc.call<string>('getblock', [hash, coin === 'LTC' ? false : 0]))
    }
    return { coin, funderPrivateKey, blocks, tipHash: await node.rpc.call<string>('getbestblockhash') }
  } finally {
    await node.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function segwitStatus(rpc: JsonRpcClient): Promise<string> {
  const info = await rpc.call<{ bip9_softforks: Record<string, { status: string }> }>('getblockchaininfo')
  return info.bip9_softforks.segwit?.status ?? 'unknown'
}
