import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from '../../samples/server-process.js'
import type { Coin } from './binaries.js'
import { nodeBinary } from './binaries.js'
import type { JsonRpcClient } from './json-rpc.js'
import { jsonRpcClient } from './json-rpc.js'
import type { NodeProcess } from './node-process.js'
import { spawnNode } from './node-process.js'

export interface LaunchSettings {
  miningAddress: string
  rpcPort?: number
  p2pPort?: number
  rpcUser?: string
  rpcPassword?: string
  extraArgs?: string[]
}

export interface LaunchedNode {
  rpc: JsonRpcClient
  process: NodeProcess
  settings: Required<LaunchSettings>
  rpcUrl: string
  /** SIGINT (btcd's graceful shutdown), SIGKILL after 15 s. */
  stop(): Promise<void>
  kill(): Promise<void>
}

/**
 * One btcd/ltcd process on loopback only: RPC and p2p bound to 127.0.0.1, no DNS seeds, no
 * onion, no TLS, a config file of its own (else btcd writes ~/.btcd/btcd.conf), and a short
 * trickle interval so transactions reach a connected peer in milliseconds, not up to 10 s.
 * Peers on 127.0.0.1 are never stored in the address manager (not routable), so a node
 * connects only where a test tells it to.
 */
export async function launchNode(coin: Coin, dataDir: string, opts: LaunchSettings): Promise<LaunchedNode> {
  const binary = nodeBinary(coin)
  if (!binary) throw new Error(`no ${coin} node binary (set KASSA_${coin === 'BTC' ? 'BTCD' : 'LTCD'})`)
  const settings: Required<LaunchSettings> = {
    miningAddress: opts.miningAddress,
    rpcPort: opts.rpcPort ?? (await freePort()),
    p2pPort: opts.p2pPort ?? (await freePort()),
    rpcUser: opts.rpcUser ?? 'kassa',
    rpcPassword: opts.rpcPassword ?? randomBytes(12).toString('hex'),
    extraArgs: opts.extraArgs ?? [],
  }
  const configFile = join(dataDir, 'node.conf')
  writeFileSync(configFile, '')
  const args = [
    '--regtest',
    `--configfile=${configFile}`,
    `--datadir=${join(dataDir, 'data')}`,
    `--logdir=${join(dataDir, 'logs')}`,
    `--rpcuser=${settings.rpcUser}`,
    `--rpcpass=${settings.rpcPassword}`,
    `--rpclisten=127.0.0.1:${settings.rpcPort}`,
    `--listen=127.0.0.1:${settings.p2pPort}`,
    '--notls',
    '--txindex',
    '--nodnsseed',
    '--noonion',
    '--nocfilters',
    '--nobanning',
    // Without it a zero-fee spend of old coinbases relays on "priority", which Bitcoin Core dropped in 0.15.
    '--norelaypriority',
    '--trickleinterval=20ms',
    `--miningaddr=${settings.miningAddress}`,
    ...(coin === 'BTC' ? ['--nostalldetect', '--utxocachemaxsize=16'] : []),
    ...settings.extraArgs,
  ]
  const proc = await spawnNode(binary, args)
  const rpcUrl = `http://127.0.0.1:${settings.rpcPort}/`
  const rpc = jsonRpcClient(rpcUrl, settings.rpcUser, settings.rpcPassword)
  const deadline = Date.now() + 20_000
  for (;;) {
    try {
      // A short wait per try: a starting node that takes the connection but never answers it
      // once hung a CI run for half an hour; the next try gets an answer.
      await rpc.call('getblockcount', [], 2_000)
      break
    } catch (e) {
      const exited = await Promise.race([proc.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))])
      if (exited || Date.now() > deadline) {
        rpc.close()
        proc.signal('SIGKILL')
        throw new Error(`${binary} did not answer RPC (${(e as Error).message}):\n${proc.logTail()}`)
      }
    }
  }
  const end = async (sig: NodeJS.Signals) => {
    rpc.close()
    proc.signal(sig)
    const timer = setTimeout(() => proc.signal('SIGKILL'), 15_000)
    await proc.exited
    clearTimeout(timer)
  }
  return { rpc, process: proc, settings, rpcUrl, stop: () => end('SIGINT'), kill: () => end('SIGKILL') }
}
