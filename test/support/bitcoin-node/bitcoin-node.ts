import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Network } from 'bitcoinjs-lib'
import type { Coin } from './binaries.js'
import { Funder } from './funder.js'
import { funderKeys } from './funder-keys.js'
import type { LaunchSettings, LaunchedNode } from './launch.js'
import { launchNode } from './launch.js'
import { REGTEST_NETWORK } from './networks.js'
import type { PreparedChain } from './prepared-chain.js'
import { preparedChain } from './prepared-chain.js'

// Data dirs of live nodes, removed if the process exits without stop() (a failed test); the
// nodes themselves are killed by their watchdog (node-process.ts).
const liveDirs = new Set<string>()
process.once('exit', () => {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true })
})

export interface StartBitcoinNodeOptions {
  coin: Coin
  /** More btcd/ltcd flags, e.g. `--rejectreplacement` or `--minrelaytxfee=…`. */
  extraArgs?: string[]
}

/**
 * A real btcd (BTC) or ltcd (LTC) on regtest, started at the run's prepared chain (segwit
 * active, ~330 mature coinbases owned by `funder`). See README.md in this folder.
 */
export class BitcoinNode {
  readonly coin: Coin
  /** Kassa's address encoding for this coin (bcrt / rltc). */
  readonly network: Network
  readonly funder: Funder
  readonly dataDir: string
  #node: LaunchedNode
  #chain: PreparedChain
  #stopped = false

  /** @internal use startBitcoinNode */
  constructor(coin: Coin, dataDir: string, node: LaunchedNode, chain: PreparedChain) {
    this.coin = coin
    this.network = REGTEST_NETWORK[coin]
    this.dataDir = dataDir
    this.#node = node
    this.#chain = chain
    liveDirs.add(dataDir)
    this.funder = new Funder(this, funderKeys(coin, chain.funderPrivateKey), chain.blocks)
  }

  get rpcUrl(): string {
    return this.#node.rpcUrl
  }
  get rpcUser(): string {
    return this.#node.settings.rpcUser
  }
  get rpcPassword(): string {
    return this.#node.settings.rpcPassword
  }
  get rpcPort(): number {
    return this.#node.settings.rpcPort
  }
  get p2pPort(): number {
    return this.#node.settings.p2pPort
  }

  /** JSON-RPC 1.0 call; a node error throws BitcoinRpcError with the node's code and message. */
  rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return this.#node.rpc.call<T>(method, params)
  }

  /**
   * Mines n blocks (btcd/ltcd `generate`, both have it on regtest) paying the funder, whose new
   * coinbases spendable after 100 more blocks. Returns the block hashes.
   */
  async mine(n = 1): Promise<string[]> {
    const hashes = await this.rpc<string[]>('generate', [n])
    for (const hash of hashes) this.funder.learnBlock(await this.rawBlock(hash))
    return hashes
  }

  /** Raw block hex: btcd 0.24 takes verbosity 0, ltcd 2019 only the boolean `verbose` false. */
  rawBlock(hash: string): Promise<string> {
    return this.rpc<string>('getblock', [hash, this.coin === 'LTC' ? false : 0])
  }

  tipHeight(): Promise<number> {
    return this.rpc<number>('getblockcount')
  }

  tipHash(): Promise<string> {
    return this.rpc<string>('getbestblockhash')
  }

  mempool(): Promise<string[]> {
    return this.rpc<string[]>('getrawmempool')
  }

  /** The last lines the node logged, for a failing test's message. */
  log(lines = 60): string {
    return this.#node.process.logTail(lines)
  }

  /** Graceful stop (SIGINT), then the data dir is removed. */
  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    await this.#node.stop()
    rmSync(this.dataDir, { recursive: true, force: true })
    liveDirs.delete(this.dataDir)
  }

  /** SIGKILL, as a crash; the data dir is removed. */
  async kill(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    await this.#node.kill()
    rmSync(this.dataDir, { recursive: true, force: true })
    liveDirs.delete(this.dataDir)
  }

  /**
   * Stops the node and starts it again on the same ports and credentials with the same active
   * chain and an EMPTY mempool (neither btcd nor ltcd persists its mempool). Because both wipe
   * their regtest database at start, the chain is replayed: the blocks above the prepared chain
   * are read before the stop and submitted after. Peers are not reconnected.
   */
  async restart(): Promise<void> {
    const extra = await this.#blocksAbovePrepared()
    await this.#node.stop()
    const { miningAddress, rpcPort, p2pPort, rpcUser, rpcPassword, extraArgs } = this.#node.settings
    this.#node = await launchNode(this.coin, this.dataDir, { miningAddress, rpcPort, p2pPort, rpcUser, rpcPassword, extraArgs })
    await replay(this.#node, [...this.#chain.blocks, ...extra])
  }

  async #blocksAbovePrepared(): Promise<string[]> {
    const tip = await this.tipHeight()
    const base = this.#chain.blocks.length
    const same = tip >= base && (await this.rpc<string>('getblockhash', [base])) === this.#chain.tipHash
    if (!same) throw new Error('the node left the prepared chain below its tip; restart cannot rebuild it')
    const out: string[] = []
    for (let h = base + 1; h <= tip; h++) out.push(await this.rawBlock(await this.rpc<string>('getblockhash', [h])))
    return out
  }

  /** Opens a p2p connection to `other` (btcd/ltcd `node connect … perm`); blocks and transactions then relay both ways. */
  async connect(other: BitcoinNode): Promise<void> {
    await this.rpc('node', ['connect', `127.0.0.1:${other.p2pPort}`, 'perm'])
    await waitFor(async () => (await this.#peerAddrs()).includes(`127.0.0.1:${other.p2pPort}`), 5000, 'peer connection')
  }

  /** Closes every connection between the two nodes, whichever side opened it. */
  async disconnect(other: BitcoinNode): Promise<void> {
    const target = `127.0.0.1:${other.p2pPort}`
    if ((await this.#peerAddrs()).includes(target)) await this.rpc('node', ['remove', target]).catch(() => undefined)
    if ((await other.#peerAddrs()).includes(`127.0.0.1:${this.p2pPort}`))
      await other.rpc('node', ['remove', `127.0.0.1:${this.p2pPort}`]).catch(() => undefined)
    await waitFor(async () => (await this.rpc<unknown[]>('getpeerinfo')).length === 0 || !(await this.#linkedTo(other)), 5000, 'disconnect')
  }

  async #peerAddrs(): Promise<string[]> {
    return (await this.rpc<{ addr: string }[]>('getpeerinfo')).map((p) => p.addr)
  }

  async #linkedTo(other: BitcoinNode): Promise<boolean> {
    const mine = await this.rpc<{ addr: string; addrlocal?: string }[]>('getpeerinfo')
    const port = (a: string | undefined) => a?.split(':').pop()
    const theirs = await other.rpc<{ addr: string; addrlocal?: string }[]>('getpeerinfo')
    // An inbound peer shows its ephemeral port; match it against the other side's local address.
    const theirLocalPorts = new Set(theirs.map((p) => port(p.addrlocal)))
    return mine.some((p) => port(p.addr) === String(other.p2pPort) || theirLocalPorts.has(port(p.addr)))
  }

  /** Waits until this node's tip is `hash` (after a connect, a relay or a reorg). */
  async waitForTip(hash: string, timeoutMs = 10_000): Promise<void> {
    await waitFor(
      async () => (await this.tipHash()) === hash,
      timeoutMs,
      `tip ${hash}`,
      () => this.log(20),
    )
  }

  /** Waits until txid is (or is no longer) in this node's mempool. */
  async waitForMempool(txid: string, present = true, timeoutMs = 10_000): Promise<void> {
    await waitFor(async () => (await this.mempool()).includes(txid) === present, timeoutMs, `mempool ${present ? 'has' : 'lacks'} ${txid}`)
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, debug?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${debug ? `\n${debug()}` : ''}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

async function replay(node: LaunchedNode, blocks: string[]): Promise<void> {
  for (const [i, hex] of blocks.entries()) {
    // submitblock answers null when accepted and a reason string ("rejected: …") when not.
    const res = await node.rpc.call<string | null>('submitblock', [hex])
    if (res !== null) throw new Error(`replaying block ${i + 1}: ${res}`)
  }
}

export async function startBitcoinNode(opts: StartBitcoinNodeOptions): Promise<BitcoinNode> {
  const chain = await preparedChain(opts.coin)
  const dataDir = mkdtempSync(join(tmpdir(), `kassa-${opts.coin.toLowerCase()}d-`))
  const settings: LaunchSettings = { miningAddress: funderKeys(opts.coin, chain.funderPrivateKey).nodeAddress }
  if (opts.extraArgs) settings.extraArgs = opts.extraArgs
  const node = await launchNode(opts.coin, dataDir, settings)
  try {
    await replay(node, chain.blocks)
  } catch (e) {
    await node.kill()
    rmSync(dataDir, { recursive: true, force: true })
    throw e
  }
  return new BitcoinNode(opts.coin, dataDir, node, chain)
}
