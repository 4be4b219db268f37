import { encodeFunctionData, erc20Abi, keccak256 } from 'viem'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { EvmNetworkConfig } from '../../../config/index.js'
import type { ChainCurrencyCode } from '../../../money/index.js'
import { ChainRpcError, ChainUnavailableError } from '../../../errors/index.js'
import { AddressMatcher } from '../../address-matcher.js'
import type {
  BlockRef,
  ChainAdapter,
  ChainBlock,
  PayoutReceipt,
  PayoutRequest,
  ReceiveCapability,
  SendCapability,
  SignedPayout,
  StoredTransaction,
  WatchCapability,
} from '../../adapter.js'
import { paymentUri } from '../../payment-uri.js'
import { checksumEvmAddress, isValidEvmAddress } from './evm-address.js'
import type { EvmDepositKeys } from './evm-keys.js'
import { nativeTransfers, normaliseEvmAddress, toChainBlock, tokenTransfers, TRANSFER_TOPIC } from './evm-mapping.js'
import type { RpcBlock, RpcLog } from './evm-mapping.js'
import { toChainError } from './evm-rpc.js'
import type { EvmRpc } from './evm-rpc.js'

/** How nodes and providers say a log query's answer would be too big. */
const TOO_LARGE =
  /exceeded the size limit|more than \d+ results|query returned more than|response size|too many|limit exceeded|range too large/i
/** A native transfer to an account without code always costs exactly this much gas. */
const NATIVE_TRANSFER_GAS = 21_000n

export interface EvmAdapterOptions {
  config: EvmNetworkConfig
  rpc: EvmRpc
  depositKeys: EvmDepositKeys
  /** The hot wallet's key, opened from its sealed form; without it the network only receives. */
  hotWalletKey: Hex | undefined
}

/** A node that does not match its configuration: Kassa refuses to follow it at all. */
export class EvmSetupError extends Error {}

export interface EvmAdapter extends ChainAdapter {
  /** Checks the node is the configured chain and every token is an ERC-20 with the configured decimals. */
  verify(): Promise<void>
}

/**
 * A real EVM chain (Ethereum or any other by config) over JSON-RPC: deposit addresses from the
 * operator's HD key, transfers found by scanning blocks (native coin) and Transfer logs
 * (ERC-20), payouts signed here with EIP-1559 fees and broadcast by the payout engine.
 */
export function createEvmAdapter(opts: EvmAdapterOptions): EvmAdapter {
  const { config, rpc, depositKeys } = opts
  const matcher = new AddressMatcher(normaliseEvmAddress)
  const tokensByContract = new Map(config.tokens.map((t) => [normaliseEvmAddress(t.contract), t.currency]))
  const tokensByCurrency: ReadonlyMap<ChainCurrencyCode, (typeof config.tokens)[number]> = new Map(
    config.tokens.map((t) => [t.currency, t]),
  )
  const contracts = config.tokens.map((t) => checksumEvmAddress(t.contract))
  const currencies = [config.nativeCurrency, ...config.tokens.map((t) => t.currency)]

  const receive: ReceiveCapability = {
    indexScope: 'network',
    deriveAddress: (_storeId, index) => depositKeys.address(index),
    validateAddress: isValidEvmAddress,
    paymentUri: (currency, address, amount) =>
      paymentUri({
        family: 'ethereum',
        currency,
        address,
        amount,
        chainId: config.chainId,
        tokenContract: tokensByCurrency.get(currency)?.contract,
      }),
  }

  // Blocks fetched ahead while catching up, dropped at every new pass (getTip) so that a
  // reorg check never compares against a block fetched before the chain changed.
  let prefetched = new Map<number, Promise<ChainBlock | null>>()
  let knownTip = -1
  let fetchedUpTo = -1
  /** Blocks fetched together while catching up; at most two such ranges are in flight. */
  const PREFETCH_BLOCKS = config.logChunkBlocks

  function startFetch(from: number): void {
    const to = Math.min(knownTip, from + PREFETCH_BLOCKS - 1)
    const range = fetchRange(from, to)
    for (let h = from; h <= to; h++) {
      const one = range.then((m) => m.get(h) ?? null)
      one.catch(() => undefined) // awaited by getBlock(h) if ever asked; never an unhandled rejection
      prefetched.set(h, one)
    }
    fetchedUpTo = to
  }

  /** A block with only the transfers to watched addresses: its own ETH transfers and token logs. */
  function ourBlock(block: RpcBlock, logs: readonly RpcLog[]): ChainBlock {
    return toChainBlock(block, [
      ...nativeTransfers(block, config.nativeCurrency, matcher),
      ...tokenTransfers(logs, tokensByContract, matcher),
    ])
  }

  /** One block's Transfer logs, by its hash (EIP-234): exactly that block, whatever the chain did since. */
  async function logsOf(blockHash: string): Promise<RpcLog[]> {
    if (contracts.length === 0) return []
    return rpc.request<RpcLog[]>('eth_getLogs', [{ blockHash, address: contracts, topics: [TRANSFER_TOPIC] }])
  }

  /**
   * Transfer logs of a range of blocks. Nodes and providers cap an answer (viem: 10 MiB; many
   * providers: 10,000 logs), so a range that is refused as too large is split in halves.
   */
  async function logsInRange(from: number, to: number): Promise<RpcLog[]> {
    if (contracts.length === 0) return []
    try {
      return await rpc.request<RpcLog[]>('eth_getLogs', [
        { fromBlock: hex(from), toBlock: hex(to), address: contracts, topics: [TRANSFER_TOPIC] },
      ])
    } catch (err) {
      if (from === to || !(err instanceof ChainRpcError) || !TOO_LARGE.test(err.message)) throw err
      const mid = Math.floor((from + to) / 2)
      return [...(await logsInRange(from, mid)), ...(await logsInRange(mid + 1, to))]
    }
  }

  async function fetchRange(from: number, to: number): Promise<Map<number, ChainBlock>> {
    const heights = Array.from({ length: to - from + 1 }, (_, i) => from + i)
    const [blocks, logs] = await Promise.all([
      Promise.all(heights.map((h) => rpc.request<RpcBlock | null>('eth_getBlockByNumber', [hex(h), true]))),
      logsInRange(from, to),
    ])
    const out = new Map<number, ChainBlock>()
    for (const block of blocks) {
      if (!block) break // past the tip: the chain is shorter than it was a moment ago
      const height = Number(block.number)
      let own = logs.filter((l) => Number(l.blockNumber) === height)
      // Logs from another block at this height (the chain moved between the two requests):
      // ask again by block hash (EIP-234), which names exactly this block.
      if (own.some((l) => l.blockHash !== block.hash)) own = await logsOf(block.hash)
      out.set(height, ourBlock(block, own))
    }
    return out
  }

  const watch: WatchCapability = {
    async getTip(): Promise<BlockRef | null> {
      prefetched = new Map()
      fetchedUpTo = -1
      const b = await rpc.request<RpcBlock | null>('eth_getBlockByNumber', ['latest', false])
      if (!b) return null
      knownTip = Number(b.number)
      return { height: knownTip, hash: b.hash, parentHash: b.parentHash }
    },
    async getBlock(height: number): Promise<ChainBlock | null> {
      if (height > knownTip) {
        // Past the tip this pass began with: one block, and no log range a node would refuse.
        const block = await rpc.request<RpcBlock | null>('eth_getBlockByNumber', [hex(height), true])
        if (!block) return null
        return ourBlock(block, await logsOf(block.hash))
      }
      if (!prefetched.has(height)) startFetch(height)
      // Read ahead: the next range is fetched while this one is applied, so the node's time
      // and Kassa's overlap instead of adding up.
      if (fetchedUpTo < knownTip && fetchedUpTo - height < PREFETCH_BLOCKS) startFetch(fetchedUpTo + 1)
      const p = prefetched.get(height)!
      prefetched.delete(height)
      try {
        return await p
      } catch (err) {
        prefetched = new Map()
        fetchedUpTo = -1
        throw err
      }
    },
    async getBlockRef(height: number): Promise<BlockRef | null> {
      const b = await rpc.request<RpcBlock | null>('eth_getBlockByNumber', [hex(height), false])
      return b && { height: Number(b.number), hash: b.hash, parentHash: b.parentHash }
    },
    // Pending transactions are not followed: a payment shows `confirming` once its transfer is mined.
    getMempool: async () => [],
    watchAddresses: (addresses) => matcher.add(addresses),
  }

  const hotKey = opts.hotWalletKey
  const hotAccount = hotKey ? privateKeyToAccount(hotKey) : undefined

  const send: SendCapability | undefined = hotAccount && {
    hotWalletAddress: () => hotAccount.address,
    canSweep: depositKeys.canSign,
    depositAddress: (index) => depositKeys.address(index),
    async balance(address, currency) {
      if (currency === config.nativeCurrency) return BigInt(await rpc.request<string>('eth_getBalance', [address, 'latest']))
      const token = tokensByCurrency.get(currency)
      if (!token) throw new ChainRpcError(config.network, 'balance', `${currency} is not a token of this network`)
      return rpc.call('balanceOf', (c) =>
        c.readContract({ address: token.contract as Hex, abi: erc20Abi, functionName: 'balanceOf', args: [address as Hex] }),
      )
    },
    async maxNativeTransferFee() {
      const fees = await rpc.call('estimateFeesPerGas', (c) => c.estimateFeesPerGas())
      return fees.maxFeePerGas * NATIVE_TRANSFER_GAS
    },
    async sign(req: PayoutRequest, inFlight: readonly StoredTransaction[]): Promise<SignedPayout> {
      const account = req.from.kind === 'hot-wallet' ? hotAccount : privateKeyToAccount(depositKeys.privateKey(req.from.index))
      // The node's count of this account's transactions, pending ones included; above every
      // nonce Kassa has signed and not yet seen end, which the node may not have been sent yet.
      const nonce = Math.max(await transactionCount(account.address, 'pending'), ...inFlight.map((t) => (t.nonce ?? -1) + 1))
      const fees = await rpc.call('estimateFeesPerGas', (c) => c.estimateFeesPerGas())
      const to = checksumEvmAddress(req.to) as Hex
      let call: { to: Hex; value: bigint; data?: Hex; gas: bigint; amount: bigint }
      if (req.currency === config.nativeCurrency) {
        const gas = NATIVE_TRANSFER_GAS
        const amount =
          req.amount === 'all'
            ? BigInt(await rpc.request<string>('eth_getBalance', [account.address, 'latest'])) - gas * fees.maxFeePerGas
            : req.amount
        if (amount <= 0n) throw new ChainRpcError(config.network, 'sign', `${account.address} holds less than the fee of a transfer`)
        call = { to, value: amount, gas, amount }
      } else {
        const token = tokensByCurrency.get(req.currency)
        if (!token || req.amount === 'all')
          throw new ChainRpcError(config.network, 'sign', `cannot send ${req.currency} this way on this network`)
        const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, req.amount] })
        const estimate = await rpc.call('estimateGas', (c) => c.estimateGas({ account: account.address, to: token.contract as Hex, data }))
        // A margin over the estimate: the token's storage may change before the block is made.
        call = { to: token.contract as Hex, value: 0n, data, gas: (estimate * 12n) / 10n, amount: req.amount }
      }
      const raw = await account.signTransaction({
        chainId: config.chainId,
        type: 'eip1559',
        nonce,
        to: call.to,
        value: call.value,
        ...(call.data && { data: call.data }),
        gas: call.gas,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      })
      return {
        txHash: keccak256(raw),
        rawTransaction: raw,
        fromAddress: account.address,
        nonce,
        amount: call.amount,
        maxFee: call.gas * fees.maxFeePerGas,
      }
    },
    async broadcast(tx: StoredTransaction) {
      try {
        await rpc.request('eth_sendRawTransaction', [tx.rawTransaction])
      } catch (err) {
        // Sent before (a restart after a crash re-sends the stored transaction): the node
        // already has it, or has mined it. The payout engine follows the receipt either way.
        if (err instanceof ChainRpcError && /already known|known transaction|already imported|nonce too low/i.test(err.message)) return
        throw err
      }
    },
    async receipt(tx: StoredTransaction): Promise<PayoutReceipt> {
      const r = await receiptOf(tx.txHash)
      if (r) return r
      if (await rpc.request<unknown>('eth_getTransactionByHash', [tx.txHash])) return { state: 'pending' }
      // Unknown to the node: dropped from its pool, or replaced. Once the account's mined
      // count has passed our nonce without it, it can never be mined. The receipt is asked
      // again after the count on purpose: had ours been mined between the first look and the
      // count, the count alone would call it replaced.
      if (tx.nonce !== null && (await transactionCount(tx.fromAddress, 'latest')) > tx.nonce) {
        const again = await receiptOf(tx.txHash)
        if (again) return again
        return { state: 'replaced', reason: 'its nonce was used by another transaction; it can never be mined' }
      }
      return { state: 'unknown' }
    },
  }

  async function transactionCount(address: string, block: 'pending' | 'latest'): Promise<number> {
    return Number(await rpc.request<string>('eth_getTransactionCount', [address, block]))
  }

  async function receiptOf(txHash: string): Promise<PayoutReceipt | null> {
    const r = await rpc.request<{ blockNumber: string; status: string } | null>('eth_getTransactionReceipt', [txHash])
    if (!r) return null
    const tip = Number(await rpc.request<string>('eth_blockNumber'))
    const blockHeight = Number(r.blockNumber)
    return { state: 'mined', blockHeight, confirmations: Math.max(0, tip - blockHeight + 1), success: r.status === '0x1' }
  }

  return {
    network: config.network,
    family: 'ethereum',
    currencies,
    testMode: false,
    confirmations: config.confirmations,
    pollIntervalMs: config.pollIntervalMs,
    explorerTxUrl: config.explorerTxUrl,
    capabilities: {
      supportsTokenTransfers: config.tokens.length > 0,
      supportsMemo: false,
      supportsPayoutMemo: false,
      supportsSend: send !== undefined,
    },
    receive,
    watch,
    send,
    async verify() {
      const chainId = Number(await rpc.request<string>('eth_chainId'))
      if (chainId !== config.chainId) {
        throw new EvmSetupError(
          `${config.network}: the node at ${config.rpcUrl} serves chain id ${chainId}, but the configuration says ${config.chainId}`,
        )
      }
      for (const t of config.tokens) {
        const code = await rpc.request<string>('eth_getCode', [t.contract, 'latest'])
        if (code === '0x')
          throw new EvmSetupError(`${config.network}: ${t.currency} contract ${t.contract} has no code on chain ${chainId}`)
        let decimals: number
        try {
          decimals = await rpc.client.readContract({ address: t.contract as Hex, abi: erc20Abi, functionName: 'decimals' })
          await rpc.client.readContract({
            address: t.contract as Hex,
            abi: erc20Abi,
            functionName: 'balanceOf',
            args: [contracts[0] as Hex],
          })
        } catch (err) {
          const mapped = toChainError(config.network, 'decimals', err)
          if (mapped instanceof ChainUnavailableError) throw mapped
          throw new EvmSetupError(
            `${config.network}: ${t.currency} contract ${t.contract} is not an ERC-20 token (decimals()/balanceOf() failed: ${(err as { shortMessage?: string }).shortMessage ?? (err as Error).message})`,
          )
        }
        if (decimals !== t.decimals) {
          throw new EvmSetupError(
            `${config.network}: ${t.currency} contract ${t.contract} has ${decimals} decimals; the configuration says ${t.decimals}`,
          )
        }
      }
    },
  }
}

function hex(n: number): string {
  return `0x${n.toString(16)}`
}
