import { hexToBytes } from '@noble/hashes/utils'
import type { TronNetworkConfig } from '../../../config/index.js'
import { ChainRpcError } from '../../../errors/index.js'
import type { ChainCurrencyCode } from '../../../money/index.js'
import { formatAmount } from '../../../money/index.js'
import type { PayoutReceipt, PayoutRequest, SendCapability, SignedPayout, StoredTransaction } from '../../adapter.js'
import { tronAddressToHex } from './tron-address.js'
import type { TronApi } from './tron-api.js'
import type { TronDepositKeys } from './tron-keys.js'
import { tronAddressOfPrivateKey } from './tron-keys.js'
import { isEmpty, parseBlock, strip0x } from './tron-mapping.js'
import { buildTransaction, readSignedTransaction, signTransaction, trc20TransferData } from './tron-transaction.js'
import type { TronTransfer } from './tron-transaction.js'

/**
 * Bandwidth a TRX transfer uses, in bytes, with room to spare: the signed transaction (about
 * 200 bytes) plus the 64 bytes java-tron adds for its result. What a sweep keeps back for its fee.
 */
const TRX_TRANSFER_BYTES = 300n

/** The wallet cannot pay this payout now (TRX, USDT, energy): it waits, and its reason is shown. */
export class TronFundsError extends Error {}

interface Account {
  balance?: number
}

interface AccountResources {
  freeNetLimit?: number
  freeNetUsed?: number
  NetLimit?: number
  NetUsed?: number
  EnergyLimit?: number
  EnergyUsed?: number
}

interface BroadcastAnswer {
  result?: boolean
  code?: string
  message?: string
  txid?: string
}

interface TransactionInfo {
  id?: string
  blockNumber?: number
  result?: string
  resMessage?: string
  receipt?: { result?: string }
}

/** Broadcast answers that mean "the receipt will tell": already there, or no longer acceptable. */
const RECEIPT_DECIDES = new Set(['DUP_TRANSACTION_ERROR', 'TRANSACTION_EXPIRATION_ERROR', 'TAPOS_ERROR'])

export interface TronSendOptions {
  config: TronNetworkConfig
  api: TronApi
  depositKeys: TronDepositKeys
  hotWalletKey: Uint8Array
}

/**
 * Payouts on TRON: transactions built and signed here (never bytes the node built), with a
 * reference to a recent block and an expiration instead of a nonce. A transaction that expired
 * unmined can never be mined, which `receipt` proves against the solidified chain before the
 * payout engine signs the payout anew. Energy and bandwidth are checked before signing, so a
 * payout the hot wallet cannot fund waits with a reason rather than burning a failed call.
 */
export function createTronSend(opts: TronSendOptions): SendCapability {
  const { config, api, depositKeys, hotWalletKey } = opts
  const net = config.network
  const hotWallet = tronAddressOfPrivateKey(hotWalletKey)
  const usdt = config.usdt

  /** The network's prices, asked once per payout: a lookup that throws for a key the node does not list. */
  async function chainParameters(): Promise<(key: string) => bigint> {
    const answer = await api.post<{ chainParameter?: Array<{ key: string; value?: number }> }>('/wallet/getchainparameters')
    return (key) => {
      const p = answer.chainParameter?.find((x) => x.key === key)
      if (!p) throw new ChainRpcError(net, 'getchainparameters', `no ${key}`)
      return BigInt(p.value ?? 0)
    }
  }

  async function account(address: string): Promise<Account | null> {
    const a = await api.post<Account>('/wallet/getaccount', { address: tronAddressToHex(address), visible: false })
    return isEmpty(a) ? null : a
  }

  async function trxBalance(address: string): Promise<bigint> {
    return BigInt((await account(address))?.balance ?? 0)
  }

  async function resources(address: string): Promise<{ bandwidth: bigint; energy: bigint }> {
    const r = await api.post<AccountResources>('/wallet/getaccountresource', { address: tronAddressToHex(address), visible: false })
    const n = (v: number | undefined) => BigInt(v ?? 0)
    return {
      bandwidth: max0(n(r.freeNetLimit) - n(r.freeNetUsed)) + max0(n(r.NetLimit) - n(r.NetUsed)),
      energy: max0(n(r.EnergyLimit) - n(r.EnergyUsed)),
    }
  }

  /** A constant call of the USDT contract: its result, or what the call would use in energy. */
  async function constantCall(owner: string, selector: string, parameter: string): Promise<{ result: string; energyUsed: bigint }> {
    const a = await api.post<{ result?: { result?: boolean; message?: string }; constant_result?: string[]; energy_used?: number }>(
      '/wallet/triggerconstantcontract',
      {
        owner_address: tronAddressToHex(owner),
        contract_address: tronAddressToHex(usdt!.contract),
        function_selector: selector,
        parameter,
        visible: false,
      },
    )
    if (!a.result?.result || !Array.isArray(a.constant_result))
      throw new ChainRpcError(net, selector, a.result?.message ? decodeMessage(a.result.message) : 'the call failed')
    return { result: a.constant_result[0] ?? '', energyUsed: BigInt(a.energy_used ?? 0) }
  }

  async function usdtBalance(address: string): Promise<bigint> {
    const { result } = await constantCall(address, 'balanceOf(address)', tronAddressToHex(address).slice(2).padStart(64, '0'))
    if (!/^[0-9a-f]{64}$/i.test(result)) throw new ChainRpcError(net, 'balanceOf', 'not a uint256')
    return BigInt(`0x${result}`)
  }

  /** TRX burnt for a transaction of `bytes` when the account's free and staked bandwidth do not cover it. */
  async function bandwidthFee(address: string, bytes: bigint, param: (key: string) => bigint): Promise<bigint> {
    const { bandwidth } = await resources(address)
    return bandwidth >= bytes ? 0n : bytes * param('getTransactionFee')
  }

  /** Sending TRX to an account that does not exist yet creates it, at a price in TRX. */
  async function activationFee(to: string, param: (key: string) => bigint): Promise<bigint> {
    if (await account(to)) return 0n
    return param('getCreateAccountFee') + param('getCreateNewAccountFeeInSystemContract')
  }

  async function latestBlock(): Promise<{ number: number; blockId: string; timestamp: number }> {
    const b = await api.rpc<{ number: string; hash: string; timestamp: string } | null>('eth_getBlockByNumber', ['latest', false])
    if (!b || typeof b.hash !== 'string') throw new ChainRpcError(net, 'eth_getBlockByNumber', 'no latest block')
    // JSON-RPC gives TRON's block time in seconds (blocks come every 3 s, on the second).
    return { number: Number(b.number), blockId: strip0x(b.hash), timestamp: Number(b.timestamp) * 1000 }
  }

  const trx = (sun: bigint) => `${formatAmount(sun, 6)} TRX`

  return {
    hotWalletAddress: () => hotWallet,
    canSweep: depositKeys.canSign,
    depositAddress: (index) => depositKeys.address(index),
    async balance(address, currency: ChainCurrencyCode) {
      if (currency === 'TRX') return trxBalance(address)
      if (currency === 'USDT_TRC20' && usdt) return usdtBalance(address)
      throw new ChainRpcError(net, 'balance', `${currency} is not a currency of this network`)
    },
    async maxNativeTransferFee() {
      return TRX_TRANSFER_BYTES * (await chainParameters())('getTransactionFee')
    },
    async sign(req: PayoutRequest): Promise<SignedPayout> {
      const key = req.from.kind === 'hot-wallet' ? hotWalletKey : depositKeys.privateKey(req.from.index)
      const from = tronAddressOfPrivateKey(key)
      const ref = await latestBlock()
      const balance = await trxBalance(from)
      const param = await chainParameters()
      let transfer: TronTransfer
      let maxFee: bigint
      if (req.currency === 'TRX') {
        const fee = (await bandwidthFee(from, TRX_TRANSFER_BYTES, param)) + (await activationFee(req.to, param))
        const amount = req.amount === 'all' ? balance - fee : req.amount
        if (amount <= 0n) throw new TronFundsError(`${from} holds ${trx(balance)}, not more than the ${trx(fee)} fee of a transfer`)
        if (amount + fee > balance)
          throw new TronFundsError(
            `the hot wallet ${from} holds ${trx(balance)}; this payout needs ${trx(amount)} and up to ${trx(fee)} in fees`,
          )
        transfer = { kind: 'trx', owner: from, to: req.to, amount }
        maxFee = fee
      } else if (req.currency === 'USDT_TRC20' && usdt && req.amount !== 'all') {
        const held = await usdtBalance(from)
        if (held < req.amount)
          throw new TronFundsError(
            `the hot wallet ${from} holds ${formatAmount(held, 6)} USDT; this payout needs ${formatAmount(req.amount, 6)}`,
          )
        // What the call would use, asked of the node; energy the wallet has (staked) is free,
        // the rest is burnt in TRX at the network's price, within fee_limit.
        const estimate = await constantCall(from, 'transfer(address,uint256)', trc20TransferData(req.to, req.amount).slice(8))
        const { energy } = await resources(from)
        const burn = max0(estimate.energyUsed - energy) * param('getEnergyFee')
        const fee = burn + (await bandwidthFee(from, TRX_TRANSFER_BYTES + 100n, param))
        if (burn > config.feeLimitSun)
          throw new TronFundsError(
            `a USDT transfer now needs about ${estimate.energyUsed} energy (${trx(burn)} burnt), more than the network's feeLimit of ${trx(config.feeLimitSun)}`,
          )
        if (fee > balance)
          throw new TronFundsError(
            `the hot wallet ${from} has ${energy} energy and ${trx(balance)}; this USDT transfer needs about ${estimate.energyUsed} energy (${trx(fee)}): stake TRX for energy or send TRX to it`,
          )
        transfer = { kind: 'trc20', owner: from, contract: usdt.contract, to: req.to, amount: req.amount, feeLimit: config.feeLimitSun }
        maxFee = config.feeLimitSun
      } else {
        throw new ChainRpcError(net, 'sign', `cannot send ${req.currency} this way on this network`)
      }
      const unsigned = buildTransaction(transfer, ref, { now: ref.timestamp, expirationMs: config.expirationSeconds * 1000 })
      const signed = signTransaction(unsigned, key)
      return { txHash: signed.txId, rawTransaction: signed.hex, fromAddress: from, nonce: null, amount: transfer.amount, maxFee }
    },
    async broadcast(tx: StoredTransaction) {
      const a = await api.post<BroadcastAnswer>('/wallet/broadcasthex', { transaction: tx.rawTransaction })
      if (a.result === true || (a.code && RECEIPT_DECIDES.has(a.code))) return
      throw new ChainRpcError(net, 'broadcasthex', `${a.code ?? 'refused'}: ${a.message ? decodeMessage(a.message) : 'no message'}`)
    },
    async receipt(tx: StoredTransaction): Promise<PayoutReceipt> {
      const mined = await minedReceipt(tx.txHash)
      if (mined) return mined
      // Not in a block. Its expiration is in the signed bytes; once the solidified chain is
      // past it and the transaction is in none of its blocks, no block can ever hold it. The
      // solidified head is read first and the transaction looked up after, so a transaction
      // mined in between is found rather than called expired.
      const { expiration } = readSignedTransaction(tx.rawTransaction)
      const solid = parseBlock(net, await api.post('/walletsolidity/getnowblock'))
      if (solid && solid.timestamp > expiration) {
        const again = await minedReceipt(tx.txHash)
        if (again) return again
        return { state: 'expired', reason: `expired at ${new Date(expiration).toISOString()}, solidified block ${solid.height} is past it` }
      }
      const known = await api.post<Record<string, unknown>>('/wallet/gettransactionbyid', { value: tx.txHash })
      if (!isEmpty(known)) return { state: 'pending' }
      // Past its expiration at the tip but not yet at the solidified head: sending it again
      // is pointless (the node refuses it), so it waits for the chain to prove it expired.
      return (await latestBlock()).timestamp > expiration ? { state: 'pending' } : { state: 'unknown' }
    },
  }

  async function minedReceipt(txHash: string): Promise<PayoutReceipt | null> {
    const info = await api.post<TransactionInfo>('/wallet/gettransactioninfobyid', { value: txHash })
    if (isEmpty(info) || !Number.isSafeInteger(info.blockNumber)) return null
    if (info.id !== undefined && info.id !== txHash)
      throw new ChainRpcError(net, 'gettransactioninfobyid', `asked for ${txHash}, got ${info.id}`)
    const tip = await api.rpc<string>('eth_blockNumber')
    const blockHeight = info.blockNumber!
    // A TRX transfer's receipt has no result; a contract call's says SUCCESS, REVERT, OUT_OF_ENERGY…
    const success = info.result !== 'FAILED' && (info.receipt?.result === undefined || info.receipt.result === 'SUCCESS')
    return { state: 'mined', blockHeight, confirmations: Math.max(0, Number(tip) - blockHeight + 1), success }
  }
}

/** java-tron sends error messages hex-encoded. */
export function decodeMessage(message: string): string {
  if (!/^([0-9a-f]{2})+$/i.test(message)) return message
  return Buffer.from(hexToBytes(message)).toString('utf8')
}

function max0(v: bigint): bigint {
  return v > 0n ? v : 0n
}
