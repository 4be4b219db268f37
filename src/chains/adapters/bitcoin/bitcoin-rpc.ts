import { readFile } from 'node:fs/promises'
import { ChainRpcError, ChainUnavailableError } from '../../../errors/index.js'

/** Per request; a node that takes longer is treated as down for this pass. */
const TIMEOUT_MS = 15_000

/** RPC_INVALID_ADDRESS_OR_KEY: "No such mempool or blockchain transaction" (btcd, ltcd: the same code). */
export const RPC_NO_SUCH_TRANSACTION = -5

/** Bitcoin Core's "still starting" (-28, loading the block index, verifying blocks): down, not refusing. */
const RPC_IN_WARMUP = -28

export type BitcoinRpcAuth = { cookieFile: string } | { user: string; password: string }

/** A refusal by the node, with Bitcoin Core's numeric code (btcd and ltcd use the same codes). */
export class BitcoinRpcError extends ChainRpcError {
  readonly rpcCode: number
  readonly rpcMessage: string
  constructor(network: string, method: string, code: number, message: string) {
    super(network, method, `${message} (${code})`)
    this.rpcCode = code
    this.rpcMessage = message
  }
}

/** The node refused the credentials (HTTP 401): a set-up mistake, not an outage. */
export class BitcoinAuthError extends Error {}

/**
 * JSON-RPC 1.0 to a Bitcoin Core-compatible node. Bitcoin Core answers a refused call with
 * HTTP 500 (404 for an unknown method) and the error in the body; btcd and ltcd answer 200 with
 * the error: both become a BitcoinRpcError here. A cookie file is read again after a 401,
 * because Bitcoin Core writes a new cookie each time it starts.
 */
export class BitcoinRpc {
  readonly network: string
  readonly #url: string
  readonly #auth: BitcoinRpcAuth
  #authorization: string | undefined
  #id = 0

  constructor(network: string, url: string, auth: BitcoinRpcAuth) {
    this.network = network
    this.#url = url
    this.#auth = auth
  }

  async call<T>(method: string, params: unknown[] = []): Promise<T> {
    let res = await this.#post(method, params, await this.#authorizationHeader(false))
    if (res.status === 401 && 'cookieFile' in this.#auth) res = await this.#post(method, params, await this.#authorizationHeader(true))
    if (res.status === 401) throw new BitcoinAuthError(`${this.#url} refused the RPC credentials (HTTP 401)`)
    if (res.status === 403) throw new BitcoinAuthError(`${this.#url} refused this client (HTTP 403: rpcallowip, or a limited user)`)
    let text: string
    try {
      text = await res.text()
    } catch (err) {
      throw new ChainUnavailableError(this.network, `${method}: the answer was cut off`, err)
    }
    let answer: { result?: unknown; error?: { code?: number; message?: string } | null }
    try {
      answer = JSON.parse(text)
    } catch {
      if (res.status >= 500 || res.status === 429) throw new ChainUnavailableError(this.network, `${method}: HTTP ${res.status}`)
      throw new ChainRpcError(this.network, method, `HTTP ${res.status}, not JSON: ${text.slice(0, 100)}`)
    }
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer))
      throw new ChainRpcError(this.network, method, `HTTP ${res.status}, not a JSON-RPC answer: ${text.slice(0, 100)}`)
    // An object, as every JSON-RPC node sends it; a web API's `"error": "Not Found"` is no node's answer (its status says more).
    if (answer.error && typeof answer.error === 'object') {
      const code = Number(answer.error.code ?? 0)
      const message = String(answer.error.message ?? 'error')
      if (code === RPC_IN_WARMUP) throw new ChainUnavailableError(this.network, `${method}: the node is starting (${message})`)
      throw new BitcoinRpcError(this.network, method, code, message)
    }
    if (res.status !== 200) throw new ChainRpcError(this.network, method, `HTTP ${res.status}`)
    if (!('result' in answer)) throw new ChainRpcError(this.network, method, 'the answer has neither result nor error')
    return answer.result as T
  }

  async #post(method: string, params: unknown[], authorization: string): Promise<Response> {
    try {
      return await fetch(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization },
        body: JSON.stringify({ jsonrpc: '1.0', id: ++this.#id, method, params }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    } catch (err) {
      const reason = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name
      throw new ChainUnavailableError(this.network, `${method}: ${reason}`, err)
    }
  }

  async #authorizationHeader(fresh: boolean): Promise<string> {
    if (this.#authorization !== undefined && !fresh) return this.#authorization
    let pair: string
    if ('cookieFile' in this.#auth) {
      try {
        pair = (await readFile(this.#auth.cookieFile, 'utf8')).trim()
      } catch (err) {
        // Bitcoin Core removes its cookie while it is stopped: the node is down, not misconfigured.
        throw new ChainUnavailableError(this.network, `cannot read the cookie file ${this.#auth.cookieFile}`, err)
      }
    } else {
      pair = `${this.#auth.user}:${this.#auth.password}`
    }
    this.#authorization = `Basic ${Buffer.from(pair).toString('base64')}`
    return this.#authorization
  }
}

/** Where a transaction is, as `getrawtransaction <txid> 1` tells it (txindex): in a block with its depth, or in the pool. */
export interface TransactionWhere {
  confirmations?: number
  blockhash?: string
}

/** The transaction by id, or null when the node knows none (-5: neither in a block nor in the pool). */
export async function findTransaction(rpc: BitcoinRpc, txid: string): Promise<TransactionWhere | null> {
  try {
    return await rpc.call<TransactionWhere>('getrawtransaction', [txid, 1])
  } catch (err) {
    if (err instanceof BitcoinRpcError && err.rpcCode === RPC_NO_SUCH_TRANSACTION) return null
    throw err
  }
}

/** Whether output `vout` of `txid` is unspent (`gettxout`; with `includeMempool`, Core also counts pool spends). */
export async function isUnspent(rpc: BitcoinRpc, txid: string, vout: number, includeMempool: boolean): Promise<boolean> {
  return (await rpc.call<unknown>('gettxout', [txid, vout, includeMempool])) !== null
}
