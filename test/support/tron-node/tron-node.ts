/**
 * A TRON full node for tests, in process: java-tron's HTTP API and JSON-RPC on 127.0.0.1 over a
 * chain the test drives. Answers have the shapes of the recorded real answers in
 * test/fixtures/tron/ (README there); every broadcast transaction is decoded and verified as
 * java-tron would (verification.ts), accepted ones move balances when mined.
 *
 *   const node = await startTronNode({ network: 'nile', clock })
 *   node.setAccount(wallet, { trx: 50_000_000n, usdt: 10_000_000n })
 *   node.payUsdt({ to: depositAddress, amount: 1_500_000n })   // a third party pays
 *   node.mine()
 *   … node.broadcasts, node.violations …
 *   await node.stop()
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sha256 } from '@noble/hashes/sha2'
import { base58ToHex, bytesToHex, hexToBase58, hexToBytes, isHex, strip0x, stringifyJson, word } from './bytes.js'
import { BLOCK_INTERVAL_MS, type ChainBlock, ChainState, type ChainTx } from './chain-state.js'
import type { EnergyCosts, FeeParameters } from './execution.js'
import { parseTransferCall } from './execution.js'
import { HTTP_ROUTES } from './http-api.js'
import { jsonRpcCall, RpcError } from './json-rpc.js'
import { type ChainParameter, networkFacts, recordedChainParameters, type TronNetwork, USDT_CONTRACTS } from './networks.js'
import { type DecodedTransaction, decodeTransaction, encodeRaw, encodeTransaction } from './transaction-codec.js'
import { addressOfPrivateKey, signTxid } from './signing.js'
import { verifyBroadcast } from './verification.js'

export type { TronNetwork }

export interface Clock {
  now(): number
  /** When present (ManualClock), mining moves the clock up to the new block's time. */
  set?(ms: number): void
}

export interface TronNodeOptions {
  network?: TronNetwork
  clock?: Clock
  /** The USDT contract, base58 or hex; defaults to the network's real USDT address. */
  usdtContract?: string
  /** Number of the first block the node has (older ones answer {} like a lite node). */
  startHeight?: number
  /** Blocks made at start, the last one at the clock's current 3-second slot. */
  initialBlocks?: number
  /** Solidified head = head − solidityLag (java-tron: 19). */
  solidityLag?: number
  fees?: Partial<FeeParameters>
  energy?: Partial<EnergyCosts>
}

export interface AccountSetup {
  trx?: bigint
  usdt?: bigint
  energyLimit?: bigint
  energyUsed?: bigint
  netLimit?: bigint
  netUsed?: bigint
  freeNetUsed?: bigint
}

export interface AccountView extends Required<AccountSetup> {
  exists: boolean
}

/** A transaction TRON would refuse (or the double cannot execute), as the test should see it fail. */
export interface Violation {
  path: string
  txid: string
  code: string
  message: string
}

/** An accepted broadcast, decoded: what the adapter actually sent. */
export interface Broadcast {
  txid: string
  path: string
  /** base58 */
  owner: string
  /** base58: the TRX recipient, or the USDT recipient read from the transfer call. */
  to: string
  amount: bigint
  token: 'USDT' | null
  feeLimit: bigint
  expiration: number
  state: 'pending' | 'mined' | 'expired' | 'dropped' | 'reorged-out'
  blockNumber?: number
  contractRet?: string
}

export interface Fault {
  /** An HTTP path ('/wallet/getnowblock') or a JSON-RPC method ('eth_getBlockByNumber'). */
  match: string
  /** Given the real answer, what to send instead: an object is sent as JSON, a string as raw text. */
  respond: (real: unknown) => unknown
  times?: number
  status?: number
}

const DEFAULT_FEES: FeeParameters = {
  energyFee: 420n,
  transactionFee: 1000n,
  freeNetLimit: 600n,
  createAccountFee: 100_000n,
  createNewAccountFeeInSystemContract: 1_000_000n,
  maxFeeLimit: 15_000_000_000n,
}

/** Chain parameter keys the double's fees answer for; the rest of the recorded list is served as recorded. */
const FEE_KEYS: Record<string, keyof FeeParameters> = {
  getEnergyFee: 'energyFee',
  getTransactionFee: 'transactionFee',
  getFreeNetLimit: 'freeNetLimit',
  getCreateAccountFee: 'createAccountFee',
  getCreateNewAccountFeeInSystemContract: 'createNewAccountFeeInSystemContract',
  getMaxFeeLimit: 'maxFeeLimit',
}

/**
 * Energy of a USDT transfer: 64,285 to a holder is a recorded mainnet transfer
 * (b69c51db…, transaction-info fixture); to a new holder the double assumes about twice that
 * (a recorded mainnet transfer ran OUT_OF_ENERGY at 78,572 storing a new balance slot); a
 * refused transfer's cost is an assumption. Tests that care set their own.
 */
const DEFAULT_ENERGY: EnergyCosts = { transferToHolder: 64_285n, transferToNewHolder: 130_285n, revert: 8_624n }

function toHex(address: string): string {
  const h = /^41[0-9a-fA-F]{40}$/.test(address) ? address.toLowerCase() : base58ToHex(address)
  if (!h) throw new TypeError(`not a TRON address: ${address}`)
  return h
}

export class TronNode {
  readonly network: TronNetwork
  readonly chain: ChainState
  readonly genesisBlockId: string
  readonly jsonRpcChainId: string
  readonly violations: Violation[] = []
  /** Every refused broadcast, DUP_TRANSACTION_ERROR included (a re-send of the same bytes is not a violation). */
  readonly rejections: Violation[] = []
  readonly broadcasts: Broadcast[] = []
  readonly usdtOrigin: string
  url = ''
  jsonRpcUrl = ''
  readonly #clock: Clock
  readonly #faults: Fault[] = []
  #server: Server | undefined

  constructor(opts: TronNodeOptions = {}) {
    this.network = opts.network ?? 'nile'
    this.#clock = opts.clock ?? { now: () => Date.now() }
    const facts = networkFacts(this.network)
    this.genesisBlockId = facts.genesisBlockId
    this.jsonRpcChainId = facts.jsonRpcChainId
    const slot = (BigInt(this.#clock.now()) / BLOCK_INTERVAL_MS) * BLOCK_INTERVAL_MS
    this.chain = new ChainState(
      {
        usdtContract: opts.usdtContract ? toHex(opts.usdtContract) : USDT_CONTRACTS[this.network],
        fees: { ...DEFAULT_FEES, ...opts.fees },
        energy: { ...DEFAULT_ENERGY, ...opts.energy },
        startHeight: BigInt(opts.startHeight ?? 60_000_000),
        startTimestamp: slot,
        solidityLag: opts.solidityLag ?? 19,
        blockVersion: 32,
      },
      Math.max(opts.initialBlocks ?? 30, (opts.solidityLag ?? 19) + 1),
    )
    this.usdtOrigin = this.chain.newStranger(0n).address
  }

  now(): number {
    return this.#clock.now()
  }

  // --- controls -------------------------------------------------------------------------------

  /** Creates (activates) the account if needed and sets what is given. Amounts in sun / USDT atomic units. */
  setAccount(address: string, s: AccountSetup): void {
    const a = this.chain.accounts.get(toHex(address))
    if (!a.exists) {
      a.exists = true
      a.createTime = this.chain.head.timestamp
    }
    if (s.trx !== undefined) a.balance = s.trx
    if (s.usdt !== undefined) a.usdt = s.usdt
    if (s.energyLimit !== undefined) a.energyLimit = s.energyLimit
    if (s.energyUsed !== undefined) a.energyUsed = s.energyUsed
    if (s.netLimit !== undefined) a.netLimit = s.netLimit
    if (s.netUsed !== undefined) a.netUsed = s.netUsed
    if (s.freeNetUsed !== undefined) a.freeNetUsed = s.freeNetUsed
  }

  account(address: string): AccountView {
    const a = this.chain.accounts.get(toHex(address))
    const { balance: trx, usdt, energyLimit, energyUsed, netLimit, netUsed, freeNetUsed, exists } = a
    return { trx, usdt, energyLimit, energyUsed, netLimit, netUsed, freeNetUsed, exists }
  }

  /** A third party pays TRX to `to` in the next block (a stranger unless `from` is one made by this node). */
  payTrx(p: { to: string; amount: bigint }): void {
    const from = this.chain.newStranger(p.amount + 10_000_000n)
    this.chain.holdKey(from)
    this.chain.queue.push({ kind: 'trx', from: from.address, to: toHex(p.to), amount: p.amount, source: 'third-party' })
  }

  /**
   * A third party pays USDT to `to` in the next block. `outcome` makes it fail the way real
   * transfers fail: REVERT (the sender holds less than it sends) or OUT_OF_ENERGY (fee_limit too
   * low); either way no token moves and no Transfer log is written.
   */
  payUsdt(p: { to: string; amount: bigint; outcome?: 'SUCCESS' | 'REVERT' | 'OUT_OF_ENERGY' }): void {
    const outcome = p.outcome ?? 'SUCCESS'
    const from = this.chain.newStranger(100_000_000n, outcome === 'REVERT' ? 0n : p.amount)
    this.chain.holdKey(from)
    const feeLimit = outcome === 'OUT_OF_ENERGY' ? this.chain.config.fees.energyFee * 1000n : 100_000_000n
    this.chain.queue.push({ kind: 'usdt', from: from.address, to: toHex(p.to), amount: p.amount, feeLimit, source: 'third-party' })
  }

  /** `count` TRX transfers between strangers in the next block (a full block is ~300 in a busy hour). */
  addFiller(count: number): void {
    const pool = Array.from({ length: Math.min(count, 50) }, () => {
      const s = this.chain.newStranger(1_000_000_000_000n)
      this.chain.holdKey(s)
      return s
    })
    for (let i = 0; i < count; i++) {
      const from = pool[i % pool.length]!
      const to = pool[(i + 1) % pool.length]!
      this.chain.queue.push({
        kind: 'trx',
        from: from.address,
        to: to.address === from.address ? this.usdtOrigin : to.address,
        amount: BigInt(1 + i),
        source: 'filler',
      })
    }
  }

  /** Produces `n` blocks, 3 s apart (or at the clock's slot if the clock ran ahead), and moves a ManualClock along. */
  mine(n = 1): ChainBlock[] {
    const made: ChainBlock[] = []
    for (let i = 0; i < n; i++) {
      const slot = (BigInt(this.#clock.now()) / BLOCK_INTERVAL_MS) * BLOCK_INTERVAL_MS
      const next = this.chain.head.timestamp + BLOCK_INTERVAL_MS
      const ts = slot > next ? slot : next
      if (this.#clock.set && this.#clock.now() < Number(ts)) this.#clock.set(Number(ts))
      made.push(this.chain.mine(ts))
    }
    this.#refreshBroadcasts()
    return made
  }

  /** Replaces the last `depth` blocks (see ChainState.reorg). */
  reorg(depth: number, opts: { drop?: readonly string[]; length?: number; requeue?: boolean } = {}): void {
    this.chain.reorg(depth, opts)
    this.#refreshBroadcasts()
  }

  /** The node loses an accepted broadcast before it is mined. */
  dropBroadcast(txid: string): boolean {
    const ok = this.chain.dropPending(txid)
    if (ok) {
      const b = this.broadcasts.find((x) => x.txid === txid)
      if (b) b.state = 'dropped'
    }
    return ok
  }

  /** The next matching call(s) get `respond(real)` instead of the real answer. */
  injectFault(f: Fault): void {
    this.#faults.push({ times: 1, ...f })
  }

  // --- used by the API handlers ------------------------------------------------------------------

  receiveBroadcast(tx: DecodedTransaction, path: string): { accepted: boolean; code: string; message: string } {
    const v = verifyBroadcast(this.chain, tx)
    if (!v.accepted) {
      const record = { path, txid: tx.txid, code: v.code, message: v.message }
      this.rejections.push(record)
      if (v.code !== 'DUP_TRANSACTION_ERROR') this.violations.push(record)
      return { accepted: false, code: v.code, message: v.message }
    }
    const chainTx: ChainTx = { tx, execution: v.execution, source: 'broadcast' }
    this.chain.pending.push(chainTx)
    const ex = v.execution
    this.broadcasts.push({
      txid: tx.txid,
      path,
      owner: hexToBase58(ex.owner),
      to: hexToBase58(ex.to),
      amount: ex.amount,
      token: ex.token,
      feeLimit: tx.raw.feeLimit,
      expiration: Number(tx.raw.expiration),
      state: 'pending',
    })
    return { accepted: true, code: 'SUCCESS', message: '' }
  }

  /** /wallet/broadcasttransaction's body → the Transaction java-tron would build from raw_data. */
  transactionFromJson(body: Record<string, unknown>, visible: boolean): DecodedTransaction | { Error: string } {
    const npe = { Error: 'class java.lang.NullPointerException : null' }
    const raw = body.raw_data as Record<string, unknown> | undefined
    const sigs = body.signature
    if (!raw || !Array.isArray(raw.contract) || (sigs !== undefined && !Array.isArray(sigs))) return npe
    const addr = (v: unknown) =>
      typeof v !== 'string' ? undefined : visible ? base58ToHex(v) : /^41[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : undefined
    const c = raw.contract[0] as { type?: string; parameter?: { value?: Record<string, unknown> } } | undefined
    const value = c?.parameter?.value ?? {}
    let contract: Parameters<typeof encodeRaw>[0]['contract']
    if (c?.type === 'TransferContract') {
      const owner = addr(value.owner_address)
      const to = addr(value.to_address)
      if (!owner || !to) return npe
      contract = { transfer: { owner_address: owner, to_address: to, amount: BigInt(String(value.amount ?? 0)) } }
    } else if (c?.type === 'TriggerSmartContract') {
      const owner = addr(value.owner_address)
      const target = addr(value.contract_address)
      if (!owner || !target) return npe
      contract = {
        trigger: {
          owner_address: owner,
          contract_address: target,
          data: strip0x(String(value.data ?? '')),
          call_value: BigInt(String(value.call_value ?? 0)),
        },
      }
    } else
      return {
        Error: `class java.lang.UnsupportedOperationException : the TRON test double builds only TransferContract and TriggerSmartContract`,
      }
    const bytes = encodeRaw({
      refBlockBytes: String(raw.ref_block_bytes ?? ''),
      refBlockHash: String(raw.ref_block_hash ?? ''),
      expiration: BigInt(String(raw.expiration ?? 0)),
      timestamp: BigInt(String(raw.timestamp ?? 0)),
      feeLimit: BigInt(String(raw.fee_limit ?? 0)),
      data: typeof raw.data === 'string' ? raw.data : '',
      contract,
    })
    const signatures = ((sigs as unknown[]) ?? []).map((s) => (typeof s === 'string' && isHex(s) ? hexToBytes(s) : new Uint8Array(0)))
    return decodeTransaction(encodeTransaction(bytes, signatures))
  }

  /** balanceOf / decimals / transfer as a constant call of the USDT contract. */
  constantCall(owner: string, data: string): { output: string; energy: number; reverted: boolean } {
    const selector = data.slice(0, 8)
    if (selector === '70a08231' && data.length === 72) {
      // 935 energy: the recorded Nile balanceOf answer.
      return { output: word(this.chain.accounts.get(`41${data.slice(32, 72)}`).usdt), energy: 935, reverted: false }
    }
    if (selector === '313ce567') return { output: word(6n), energy: 0, reverted: false }
    const call = parseTransferCall(data)
    if (call) {
      const e = this.chain.config.energy
      if (this.chain.accounts.get(owner).usdt < call.amount) return { output: '', energy: Number(e.revert), reverted: true }
      const holder = this.chain.accounts.get(call.to).usdt > 0n
      return { output: word(0n), energy: Number(holder ? e.transferToHolder : e.transferToNewHolder), reverted: false }
    }
    return { output: '', energy: 0, reverted: true }
  }

  chainParameters(): ChainParameter[] {
    const fees = this.chain.config.fees
    return recordedChainParameters().map((p) => {
      const k = FEE_KEYS[p.key]
      return k ? { key: p.key, value: Number(fees[k]) } : p
    })
  }

  /**
   * Block 0 as java-tron prints it: number and timestamp are 0, so proto3 printing leaves them
   * out (TronWeb's getBlock documentation shows Shasta's block 0 so). Only Shasta's header fields
   * are recorded (same example); for mainnet and Nile only the id is, so their header is empty.
   */
  genesisBlockJson(): Record<string, unknown> {
    const raw =
      this.network === 'shasta'
        ? {
            txTrieRoot: 'ea97ca7ac977cf2765093fa0e4732e561dc4ff8871c17e35fd2bcabb8b5f821d',
            witness_address:
              '41206e65772073797374656d206d75737420616c6c6f77206578697374696e672073797374656d7320746f206265206c696e6b656420746f67657468657220776974686f757420726571756972696e6720616e792063656e7472616c20636f6e74726f6c206f7220636f6f7264696e6174696f6e',
            parentHash: '957dc2d350daecc7bb6a38f3938ebde0a0c1cedafe15f0edae4256a2907449f6',
          }
        : {}
    return { blockID: this.genesisBlockId, block_header: { raw_data: raw } }
  }

  genesisRpcBlock(): Record<string, unknown> {
    return { hash: `0x${this.genesisBlockId}`, number: '0x0', parentHash: `0x${'00'.repeat(32)}`, timestamp: '0x0', transactions: [] }
  }

  blockSize(b: ChainBlock): number {
    return b.txs.reduce((s, t) => s + encodeTransaction(t.tx.rawBytes, t.tx.signatures, t.execution.contractRet).length + 3, 200)
  }

  #refreshBroadcasts(): void {
    const expired = new Set(this.chain.expired.map((e) => e.tx.txid))
    const pending = new Set(this.chain.pending.map((p) => p.tx.txid))
    for (const b of this.broadcasts) {
      if (b.state === 'dropped') continue
      const found = this.chain.findTx(b.txid)
      if (found) {
        b.state = 'mined'
        b.blockNumber = Number(found.block.number)
        b.contractRet = found.chainTx.execution.contractRet
      } else if (pending.has(b.txid)) b.state = 'pending'
      else if (expired.has(b.txid)) b.state = 'expired'
      else {
        b.state = 'reorged-out'
        delete b.blockNumber
        delete b.contractRet
      }
    }
  }

  // --- HTTP ------------------------------------------------------------------------------------

  async listen(): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    this.#server = server
    const port = (server.address() as AddressInfo).port
    this.url = `http://127.0.0.1:${port}`
    this.jsonRpcUrl = `${this.url}/jsonrpc`
  }

  get port(): number {
    return Number(new URL(this.url).port)
  }

  async stop(): Promise<void> {
    const s = this.#server
    this.#server = undefined
    if (!s) return
    s.closeAllConnections()
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const u = new URL(req.url ?? '/', 'http://x')
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
      res.end(body)
    }
    if (u.pathname === '/jsonrpc') return send(200, this.#jsonRpc(text))
    const route = HTTP_ROUTES[u.pathname]
    if (!route) return send(404, `{"Error":"no such path ${u.pathname}"}`)
    let body: Record<string, unknown> = {}
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as Record<string, unknown>
      } catch {
        return send(200, `${stringifyJson({ Error: `class org.tron.json.JSONException : syntax error, ${text.slice(0, 40)}` })}\n`)
      }
    }
    const real = route(this, { body, query: u.searchParams })
    const fault = this.#takeFault(u.pathname)
    if (fault) {
      const out = fault.respond(real)
      return send(fault.status ?? 200, typeof out === 'string' ? out : stringifyJson(out))
    }
    send(200, `${stringifyJson(real)}\n`)
  }

  #jsonRpc(text: string): string {
    let call: { id?: unknown; method?: unknown; params?: unknown }
    try {
      call = JSON.parse(text)
    } catch {
      return stringifyJson({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'JSON parse error' } })
    }
    const id = call.id ?? null
    const method = String(call.method)
    let answer: Record<string, unknown>
    try {
      answer = { jsonrpc: '2.0', id, result: jsonRpcCall(this, method, Array.isArray(call.params) ? call.params : []) }
    } catch (err) {
      if (!(err instanceof RpcError)) throw err
      answer = { jsonrpc: '2.0', id, error: { code: err.code, message: err.message, data: '{}' } }
    }
    const fault = this.#takeFault(method)
    if (fault) {
      const out = fault.respond(answer)
      return typeof out === 'string' ? out : stringifyJson(out)
    }
    return stringifyJson(answer)
  }

  #takeFault(match: string): Fault | undefined {
    const i = this.#faults.findIndex((f) => f.match === match)
    if (i < 0) return undefined
    const f = this.#faults[i]!
    f.times = (f.times ?? 1) - 1
    if (f.times <= 0) this.#faults.splice(i, 1)
    return f
  }
}

export async function startTronNode(opts: TronNodeOptions = {}): Promise<TronNode> {
  const node = new TronNode(opts)
  await node.listen()
  return node
}

/** Signs and encodes a transfer as a wallet would, with a key the test holds (for tests of the double itself). */
export function signedTransfer(
  node: TronNode,
  key: Uint8Array,
  t: { to: string; amount: bigint; token?: 'USDT'; feeLimit?: bigint; expiration?: bigint; refBlock?: ChainBlock },
): { hex: string; txid: string } {
  const ref = t.refBlock ?? node.chain.head
  const owner = addressOfPrivateKey(key)
  const to = toHex(t.to)
  const raw = encodeRaw({
    refBlockBytes: ref.number.toString(16).padStart(16, '0').slice(12),
    refBlockHash: ref.id.slice(16, 32),
    expiration: t.expiration ?? node.chain.head.timestamp + 60_000n,
    timestamp: node.chain.head.timestamp,
    ...(t.token && { feeLimit: t.feeLimit ?? 30_000_000n }),
    contract: t.token
      ? {
          trigger: {
            owner_address: owner,
            contract_address: node.chain.config.usdtContract,
            data: `a9059cbb${word(BigInt(`0x${to.slice(2)}`))}${word(t.amount)}`,
          },
        }
      : { transfer: { owner_address: owner, to_address: to, amount: t.amount } },
  })
  const txid = bytesToHex(sha256(raw))
  return { hex: bytesToHex(encodeTransaction(raw, [signTxid(txid, key)])), txid }
}
