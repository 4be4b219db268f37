import type { ChainAdapter } from '../../chains/adapter.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import { currencyInfo, formatAmount } from '../../money/index.js'
import type { ChainCurrencyCode } from '../../money/index.js'

/** One network as the operator's Networks page shows it. */
export interface NetworkStatus {
  network: string
  family: string
  mode: 'test' | 'live'
  /** Height the watcher has applied, or null before its first block. */
  cursorHeight: number | null
  /** When the watcher last moved its cursor (epoch ms). */
  cursorUpdatedAt: number | null
  /** The chain's newest block, when the node answered within the time limit. */
  headHeight: number | null
  /** headHeight − cursorHeight, when both are known. */
  lag: number | null
  /** Why the head is unknown (node down, timed out). */
  headError: string | null
  /** Only for networks that can send: the hot wallet and what it holds per currency. */
  hotWallet: { address: string; balances: { currency: ChainCurrencyCode; amount: string | null }[] } | null
}

/** A page must render even when a node hangs: each chain call gets this long. */
const CALL_TIMEOUT_MS = 3_000

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CALL_TIMEOUT_MS / 1000} s`)), CALL_TIMEOUT_MS)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err)
}

async function hotWalletOf(repos: Repositories, adapter: ChainAdapter): Promise<NetworkStatus['hotWallet']> {
  const send = adapter.send
  if (!adapter.capabilities.supportsSend || !send) return null
  const address = send.hotWalletAddress()
  const received = () => repos.chain.receivedBy(adapter.network, address)
  const balances = await Promise.all(
    adapter.currencies.map(async (currency) => {
      const amount = await withTimeout(send.balance(address, currency, received)).then(
        (a) => formatAmount(a, currencyInfo(currency).decimals),
        () => null,
      )
      return { currency, amount }
    }),
  )
  return { address, balances }
}

/**
 * Every chain adapter's state: the watcher's cursor (from the database, so it is right whichever
 * instance watches), the node's head, the lag between them, and the hot wallet's balances.
 * Read-only: the adapters are asked only what the watcher and payout engine ask anyway.
 */
export async function networkStatuses(repos: Repositories, adapters: readonly ChainAdapter[]): Promise<NetworkStatus[]> {
  const cursors = new Map((await repos.chain.cursors()).map((c) => [c.network, c]))
  return Promise.all(
    adapters.map(async (adapter): Promise<NetworkStatus> => {
      const cursor = cursors.get(adapter.network)
      let headHeight: number | null = null
      let headError: string | null = null
      try {
        headHeight = (await withTimeout(adapter.watch.getTip()))?.height ?? null
      } catch (err) {
        headError = reasonOf(err)
      }
      const cursorHeight = cursor ? cursor.height : null
      return {
        network: adapter.network,
        family: adapter.family,
        mode: adapter.testMode ? 'test' : 'live',
        cursorHeight,
        cursorUpdatedAt: cursor ? cursor.updatedAt : null,
        headHeight,
        lag: headHeight !== null && cursorHeight !== null ? Math.max(0, headHeight - cursorHeight) : null,
        headError,
        hotWallet: await hotWalletOf(repos, adapter),
      }
    }),
  )
}
