import { ChainRpcError, ChainUnavailableError } from '../../../errors/index.js'

/** Per request; a node that takes longer is treated as down for this pass. */
const TIMEOUT_MS = 10_000

export interface TronApiOptions {
  network: string
  httpUrl: string
  jsonRpcUrl: string
  /** TronGrid's TRON-PRO-API-KEY. */
  apiKey?: string | undefined
}

/**
 * The one way Kassa talks to a TRON node: its HTTP API (java-tron's /wallet/… paths, JSON in
 * and out) and its Ethereum-compatible JSON-RPC, and the one place where their failures become
 * Kassa errors. Transport failures and 5xx answers are "unavailable" (the next pass retries);
 * an answer that is an error is the node's refusal (CHAIN_RPC_ERROR). Node's fetch keeps
 * connections alive, so a pass's few requests share one socket.
 */
export class TronApi {
  readonly network: string
  readonly #opts: TronApiOptions
  readonly #headers: Record<string, string>
  #rpcId = 0

  constructor(opts: TronApiOptions) {
    this.network = opts.network
    this.#opts = opts
    this.#headers = { 'content-type': 'application/json', ...(opts.apiKey && { 'TRON-PRO-API-KEY': opts.apiKey }) }
  }

  /**
   * POST to the HTTP API. java-tron answers a refused request with 200 and `{"Error": "…"}`,
   * which is turned into a ChainRpcError here; `{}` (its "not found") is returned as is.
   */
  async post<T>(path: string, body: Record<string, unknown> = {}): Promise<T> {
    const answer = await this.#send(path, `${this.#opts.httpUrl}${path}`, body)
    if (isObject(answer) && typeof answer.Error === 'string') throw new ChainRpcError(this.network, path, answer.Error)
    return answer as T
  }

  async rpc<T>(method: string, params: unknown[] = []): Promise<T> {
    const answer = await this.#send(method, this.#opts.jsonRpcUrl, { jsonrpc: '2.0', id: ++this.#rpcId, method, params })
    if (!isObject(answer)) throw new ChainRpcError(this.network, method, 'the answer is not a JSON-RPC response')
    if (isObject(answer.error)) throw new ChainRpcError(this.network, method, String(answer.error.message ?? 'error'))
    if (!('result' in answer)) throw new ChainRpcError(this.network, method, 'the answer has neither result nor error')
    return answer.result as T
  }

  async #send(what: string, url: string, body: unknown): Promise<unknown> {
    let res: Response
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: this.#headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    } catch (err) {
      const reason = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name
      throw new ChainUnavailableError(this.network, `${what}: ${reason}`, err)
    }
    let text: string
    try {
      text = await res.text()
    } catch (err) {
      throw new ChainUnavailableError(this.network, `${what}: the answer was cut off`, err)
    }
    if (res.status >= 500 || res.status === 429) throw new ChainUnavailableError(this.network, `${what}: HTTP ${res.status}`)
    if (res.status !== 200) throw new ChainRpcError(this.network, what, `HTTP ${res.status}: ${text.slice(0, 200)}`)
    try {
      return JSON.parse(text)
    } catch {
      throw new ChainRpcError(this.network, what, `the answer is not JSON: ${text.slice(0, 100)}`)
    }
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
