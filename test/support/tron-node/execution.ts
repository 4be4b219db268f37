/**
 * What executing a TransferContract or a USDT transfer(address,uint256) does to accounts, with
 * TRON's resource rules (java-tron's BandwidthProcessor, TransferActuator and VMActuator):
 *
 * - bandwidth: the transaction's size (without ret, plus 64 bytes reserved for the result) is
 *   taken from staked bandwidth, else from the free daily allowance (getFreeNetLimit), else
 *   burned at getTransactionFee sun per byte; creating an account uses staked bandwidth or burns
 *   getCreateAccountFee. No TRX to burn → BANDWITH_ERROR.
 * - a TRX transfer to an account that does not exist yet also pays
 *   getCreateNewAccountFeeInSystemContract.
 * - a contract call may use at most min(account energy left + balance / getEnergyFee,
 *   fee_limit / getEnergyFee) energy; it uses its own energy first and burns TRX for the rest.
 *   Needing more fails OUT_OF_ENERGY (all of that limit is spent, no token moves); a transfer of
 *   more USDT than the sender holds fails REVERT.
 *
 * The energy a USDT transfer needs is configuration (EnergyCosts), not computed: the double has
 * no TVM. Usage of energy and bandwidth does not recover over time here.
 */
import type { AccountState, Accounts, Effect } from './accounts.js'
import { hexToBase58, utf8Hex, word } from './bytes.js'
import { encodeTransaction, type DecodedContract, type DecodedTransaction } from './transaction-codec.js'

export const TRANSFER_SELECTOR = 'a9059cbb'
export const TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'
/** Bytes java-tron adds to a transaction's size for its result when the VM is on (Constant.MAX_RESULT_SIZE_IN_TX). */
const MAX_RESULT_SIZE_IN_TX = 64n

export interface EnergyCosts {
  /** A USDT transfer to an address that already holds USDT. */
  transferToHolder: bigint
  /** A USDT transfer to an address holding none (a new storage slot costs more). */
  transferToNewHolder: bigint
  /** A transfer the token refuses (more than the sender holds). */
  revert: bigint
}

export interface FeeParameters {
  energyFee: bigint
  transactionFee: bigint
  freeNetLimit: bigint
  createAccountFee: bigint
  createNewAccountFeeInSystemContract: bigint
  maxFeeLimit: bigint
}

export type ContractRet = 'SUCCESS' | 'REVERT' | 'OUT_OF_ENERGY'

export interface Receipt {
  energy_usage?: bigint
  energy_fee?: bigint
  energy_usage_total?: bigint
  net_usage?: bigint
  net_fee?: bigint
  result?: ContractRet
}

export interface TransferLog {
  address: string
  topics: string[]
  data: string
}

/** What a transaction did; `effects` are already applied when a caller gets this. */
export interface Execution {
  contractRet: ContractRet
  effects: Effect[]
  /** TRX burned in total (sun): TransactionInfo.fee. */
  fee: bigint
  receipt: Receipt
  contractResult: string
  log?: TransferLog
  resMessage?: string
  /** What moved, for `node.broadcasts` and the block: TRX (token null) or USDT. */
  owner: string
  to: string
  amount: bigint
  token: 'USDT' | null
}

export interface Refusal {
  code: 'CONTRACT_VALIDATE_ERROR' | 'BANDWITH_ERROR' | 'OTHER_ERROR'
  /** The text java-tron puts in Return.message. */
  message: string
  /** Why the double refuses something TRON would accept (it cannot execute it): a violation either way. */
  unsupported?: boolean
}

export interface ExecutionContext {
  accounts: Accounts
  fees: FeeParameters
  energy: EnergyCosts
  usdtContract: string
  timestamp: bigint
}

export function isRefusal<T extends object>(x: T | Refusal): x is Refusal {
  return 'code' in x
}

const validateError = (message: string): Refusal => ({ code: 'CONTRACT_VALIDATE_ERROR', message: `Contract validate error : ${message}` })

function bandwidthBytes(tx: DecodedTransaction): bigint {
  return BigInt(encodeTransaction(tx.rawBytes, tx.signatures).length) + MAX_RESULT_SIZE_IN_TX
}

interface BandwidthUse {
  effects: Effect[]
  netUsage: bigint
  netFee: bigint
}

function consumeBandwidth(owner: AccountState, bytes: bigint, createsAccount: boolean, fees: FeeParameters): BandwidthUse | Refusal {
  const a = owner.address
  const insufficient: Refusal = { code: 'BANDWITH_ERROR', message: 'Account resource insufficient error.' }
  if (owner.netLimit - owner.netUsed >= bytes)
    return { effects: [{ address: a, field: 'netUsed', delta: bytes }], netUsage: bytes, netFee: 0n }
  if (createsAccount) {
    if (owner.balance < fees.createAccountFee) return insufficient
    return { effects: [{ address: a, field: 'balance', delta: -fees.createAccountFee }], netUsage: 0n, netFee: fees.createAccountFee }
  }
  if (fees.freeNetLimit - owner.freeNetUsed >= bytes)
    return { effects: [{ address: a, field: 'freeNetUsed', delta: bytes }], netUsage: bytes, netFee: 0n }
  const burn = bytes * fees.transactionFee
  if (owner.balance < burn) return insufficient
  return { effects: [{ address: a, field: 'balance', delta: -burn }], netUsage: 0n, netFee: burn }
}

function netReceipt(bw: BandwidthUse): Receipt {
  return { ...(bw.netUsage > 0n && { net_usage: bw.netUsage }), ...(bw.netFee > 0n && { net_fee: bw.netFee }) }
}

/** Validates and executes `tx`; on success its effects are applied to ctx.accounts. */
export function execute(tx: DecodedTransaction, ctx: ExecutionContext): Execution | Refusal {
  const contract = tx.raw.contracts[0] as DecodedContract
  if (contract.transfer) return executeTransfer(tx, contract, ctx)
  if (contract.trigger) return executeTrigger(tx, contract, ctx)
  return { code: 'OTHER_ERROR', message: `Error: the TRON test double does not execute ${contract.type}`, unsupported: true }
}

function executeTransfer(tx: DecodedTransaction, c: DecodedContract, ctx: ExecutionContext): Execution | Refusal {
  const v = c.transfer!
  const { accounts, fees } = ctx
  if (!/^41[0-9a-f]{40}$/.test(v.owner_address)) return validateError('Invalid ownerAddress!')
  if (!/^41[0-9a-f]{40}$/.test(v.to_address)) return validateError('Invalid toAddress!')
  if (v.owner_address === v.to_address) return validateError('Cannot transfer TRX to yourself.')
  const owner = accounts.get(v.owner_address)
  if (!owner.exists) return validateError(`account [${hexToBase58(v.owner_address)}] does not exist`)
  const to = accounts.get(v.to_address)
  const createsAccount = !to.exists
  const bw = consumeBandwidth(owner, bandwidthBytes(tx), createsAccount, fees)
  if (isRefusal(bw)) return bw
  if (v.amount <= 0n) return validateError('Amount must be greater than 0.')
  const createFee = createsAccount ? fees.createNewAccountFeeInSystemContract : 0n
  if (v.to_address === ctx.usdtContract) return validateError('Cannot transfer TRX to a smartContract.')
  const burnedForBandwidth = bw.netFee
  if (owner.balance - burnedForBandwidth < v.amount + createFee)
    return validateError('Validate TransferContract error, balance is not sufficient.')
  const effects: Effect[] = [
    ...bw.effects,
    ...(createsAccount ? [{ address: v.to_address, created: ctx.timestamp }] : []),
    { address: v.owner_address, field: 'balance', delta: -(v.amount + createFee) },
    { address: v.to_address, field: 'balance', delta: v.amount },
  ]
  accounts.apply(effects)
  return {
    contractRet: 'SUCCESS',
    effects,
    fee: bw.netFee + createFee,
    receipt: netReceipt(bw),
    contractResult: '',
    owner: v.owner_address,
    to: v.to_address,
    amount: v.amount,
    token: null,
  }
}

/** The recipient and amount of transfer(address,uint256) call data, or undefined for any other call. */
export function parseTransferCall(data: string): { to: string; amount: bigint } | undefined {
  if (data.length !== 8 + 128 || !data.startsWith(TRANSFER_SELECTOR)) return undefined
  // Wallets write the recipient's 21-byte form (41…) or the 20-byte EVM form into the word;
  // the token reads its low 20 bytes either way.
  const to = `41${data.slice(8 + 24, 8 + 64)}`
  return { to, amount: BigInt(`0x${data.slice(8 + 64)}`) }
}

function executeTrigger(tx: DecodedTransaction, c: DecodedContract, ctx: ExecutionContext): Execution | Refusal {
  const v = c.trigger!
  const { accounts, fees, energy } = ctx
  const owner = accounts.get(v.owner_address)
  if (!owner.exists) return validateError(`account [${hexToBase58(v.owner_address)}] does not exist`)
  if (v.contract_address !== ctx.usdtContract) return validateError('No contract or not a smart contract')
  const call = parseTransferCall(v.data)
  if (!call || v.call_value !== 0n || v.call_token_value !== 0n) {
    return {
      code: 'OTHER_ERROR',
      message: 'Error: the TRON test double executes only transfer(address,uint256) on its USDT contract',
      unsupported: true,
    }
  }
  const feeLimit = tx.raw.feeLimit
  if (feeLimit < 0n || feeLimit > fees.maxFeeLimit) return validateError(`feeLimit must be >= 0 and <= ${fees.maxFeeLimit}`)
  const bw = consumeBandwidth(owner, bandwidthBytes(tx), false, fees)
  if (isRefusal(bw)) return bw

  const recipient = accounts.get(call.to)
  let contractRet: ContractRet = owner.usdt < call.amount ? 'REVERT' : 'SUCCESS'
  const need = contractRet === 'REVERT' ? energy.revert : recipient.usdt > 0n ? energy.transferToHolder : energy.transferToNewHolder
  const leftFrozen = owner.energyLimit > owner.energyUsed ? owner.energyLimit - owner.energyUsed : 0n
  const fromBalance = (owner.balance - bw.netFee) / fees.energyFee
  const limit = min(leftFrozen + fromBalance, feeLimit / fees.energyFee)
  let used = need
  if (need > limit) {
    contractRet = 'OUT_OF_ENERGY'
    used = limit
  }
  const fromFrozen = min(used, leftFrozen)
  const energyFee = (used - fromFrozen) * fees.energyFee
  const effects: Effect[] = [
    ...bw.effects,
    ...(fromFrozen > 0n ? [{ address: owner.address, field: 'energyUsed' as const, delta: fromFrozen }] : []),
    ...(energyFee > 0n ? [{ address: owner.address, field: 'balance' as const, delta: -energyFee }] : []),
  ]
  let log: TransferLog | undefined
  if (contractRet === 'SUCCESS') {
    effects.push({ address: owner.address, field: 'usdt', delta: -call.amount }, { address: call.to, field: 'usdt', delta: call.amount })
    log = {
      address: ctx.usdtContract.slice(2),
      topics: [TRANSFER_TOPIC, word(BigInt(`0x${owner.address.slice(2)}`)), word(BigInt(`0x${call.to.slice(2)}`))],
      data: word(call.amount),
    }
  }
  accounts.apply(effects)
  return {
    contractRet,
    effects,
    fee: energyFee + bw.netFee,
    receipt: {
      ...(fromFrozen > 0n && { energy_usage: fromFrozen }),
      ...(energyFee > 0n && { energy_fee: energyFee }),
      energy_usage_total: used,
      ...netReceipt(bw),
      result: contractRet,
    },
    // USDT's transfer leaves one zero word as its result on mainnet (recorded transaction infos).
    contractResult: contractRet === 'SUCCESS' ? word(0n) : '',
    ...(log && { log }),
    ...(contractRet === 'REVERT' && { resMessage: utf8Hex('REVERT opcode executed') }),
    ...(contractRet === 'OUT_OF_ENERGY' && {
      resMessage: utf8Hex(
        `Not enough energy for 'SSTORE' operation executing: curInvokeEnergyLimit[${limit}], curOpEnergy[20000], usedEnergy[${used}]`,
      ),
    }),
    owner: owner.address,
    to: call.to,
    amount: call.amount,
    token: 'USDT',
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}
