import { createPublicClient, http } from 'viem'
import type { PublicClient } from 'viem'
import { ChainRpcError, ChainUnavailableError } from '../../../errors/index.js'

/** Per request; a node that takes longer is treated as down for this pass. */
const TIMEOUT_MS = 10_000

/**
 * The one way Kassa talks JSON-RPC to an EVM node: viem's HTTP transport (timeouts, retries
 * with back-off, and JSON-RPC batching of the requests made in one tick, which is what lets
 * the watcher fetch a range of blocks in one round trip), and one place where the node's and
 * the transport's failures become Kassa errors, with the original kept as `cause`.
 */
export class EvmRpc {
  readonly network: string
  readonly client: PublicClient

  constructor(network: string, rpcUrl: string, opts: { retryCount?: number } = {}) {
    this.network = network
    this.client = createPublicClient({
      transport: http(rpcUrl, {
        timeout: TIMEOUT_MS,
        retryCount: opts.retryCount ?? 2,
        retryDelay: 150,
        // Small batches: a batch is one HTTP answer, and a few full blocks (500 transactions
        // each) already weigh megabytes, against viem's 10 MiB cap on an answer.
        batch: { batchSize: 8, wait: 0 },
      }),
    })
  }

  async request<T>(method: string, params: unknown[] = []): Promise<T> {
    try {
      return (await this.client.request({ method, params } as never)) as T
    } catch (err) {
      throw toChainError(this.network, method, err)
    }
  }

  /** Runs a viem action (readContract, estimateFeesPerGas, …) with the same error mapping. */
  async call<T>(method: string, action: (client: PublicClient) => Promise<T>): Promise<T> {
    try {
      return await action(this.client)
    } catch (err) {
      throw toChainError(this.network, method, err)
    }
  }
}

/** Transport failures (refused, reset, timed out) are "unavailable"; an answer that is an error is the node's refusal. */
export function toChainError(network: string, method: string, err: unknown): Error {
  if (err instanceof ChainUnavailableError || err instanceof ChainRpcError) return err
  const e = err as { name?: string; shortMessage?: string; details?: string; message?: string }
  const names = causeNames(err)
  if (names.some((n) => n === 'HttpRequestError' || n === 'TimeoutError' || n === 'WebSocketRequestError' || n === 'SocketClosedError')) {
    return new ChainUnavailableError(network, e.details ?? e.shortMessage ?? 'no answer', err)
  }
  return new ChainRpcError(network, method, e.details ?? e.shortMessage ?? e.message ?? String(err), err)
}

function causeNames(err: unknown): string[] {
  const names: string[] = []
  for (let e = err as { name?: string; cause?: unknown } | undefined, i = 0; e && i < 8; e = e.cause as typeof e, i++) {
    if (typeof e.name === 'string') names.push(e.name)
  }
  return names
}
