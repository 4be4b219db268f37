/**
 * TRON's Transaction protobuf (core/Tron.proto in java-tron) decoded by hand, and printed the
 * way java-tron's HTTP API prints it. Only what a payment platform sends is decoded in full
 * (TransferContract and TriggerSmartContract); other contract types keep their name and raw
 * bytes, which is enough to reject them with the node's own wording.
 *
 * Field numbers (Tron.proto): Transaction { raw raw_data = 1; repeated bytes signature = 2;
 * repeated Result ret = 5 }, Transaction.raw { bytes ref_block_bytes = 1; int64 ref_block_num = 3;
 * bytes ref_block_hash = 4; int64 expiration = 8; repeated authority auths = 9; bytes data = 10;
 * repeated Contract contract = 11; bytes scripts = 12; int64 timestamp = 14; int64 fee_limit = 18 },
 * Contract { ContractType type = 1; google.protobuf.Any parameter = 2; bytes provider = 3;
 * bytes ContractName = 4; int32 Permission_id = 5 }, Any { string type_url = 1; bytes value = 2 }.
 */
import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, hexToBytes, printAddress } from './bytes.js'
import { InvalidProtobufError, ProtoWriter, readFields, toInt64 } from './protobuf.js'

/** ContractType enum of Tron.proto, number → name. */
export const CONTRACT_TYPES: Readonly<Record<number, string>> = {
  0: 'AccountCreateContract',
  1: 'TransferContract',
  2: 'TransferAssetContract',
  3: 'VoteAssetContract',
  4: 'VoteWitnessContract',
  5: 'WitnessCreateContract',
  6: 'AssetIssueContract',
  8: 'WitnessUpdateContract',
  9: 'ParticipateAssetIssueContract',
  10: 'AccountUpdateContract',
  11: 'FreezeBalanceContract',
  12: 'UnfreezeBalanceContract',
  13: 'WithdrawBalanceContract',
  14: 'UnfreezeAssetContract',
  15: 'UpdateAssetContract',
  16: 'ProposalCreateContract',
  17: 'ProposalApproveContract',
  18: 'ProposalDeleteContract',
  19: 'SetAccountIdContract',
  20: 'CustomContract',
  30: 'CreateSmartContract',
  31: 'TriggerSmartContract',
  32: 'GetContract',
  33: 'UpdateSettingContract',
  41: 'ExchangeCreateContract',
  42: 'ExchangeInjectContract',
  43: 'ExchangeWithdrawContract',
  44: 'ExchangeTransactionContract',
  45: 'UpdateEnergyLimitContract',
  46: 'AccountPermissionUpdateContract',
  48: 'ClearABIContract',
  49: 'UpdateBrokerageContract',
  51: 'ShieldedTransferContract',
  52: 'MarketSellAssetContract',
  53: 'MarketCancelOrderContract',
  54: 'FreezeBalanceV2Contract',
  55: 'UnfreezeBalanceV2Contract',
  56: 'WithdrawExpireUnfreezeContract',
  57: 'DelegateResourceContract',
  58: 'UnDelegateResourceContract',
  59: 'CancelAllUnfreezeV2Contract',
}

export const TRANSFER_CONTRACT = 1
export const TRIGGER_SMART_CONTRACT = 31

export interface TransferValue {
  owner_address: string
  to_address: string
  amount: bigint
}

export interface TriggerValue {
  owner_address: string
  contract_address: string
  call_value: bigint
  /** Call data, hex ('' when absent). */
  data: string
  call_token_value: bigint
  token_id: bigint
}

export interface DecodedContract {
  typeNumber: number
  /** The ContractType name, or `UNKNOWN(<n>)` for a number Tron.proto does not define. */
  type: string
  typeUrl: string
  permissionId: number
  value: Uint8Array
  transfer?: TransferValue
  trigger?: TriggerValue
}

export interface DecodedRaw {
  refBlockBytes: string
  refBlockNum: bigint
  refBlockHash: string
  expiration: bigint
  /** The memo (raw.data), hex. */
  data: string
  contracts: DecodedContract[]
  timestamp: bigint
  feeLimit: bigint
  /** auths / scripts: never sent by wallets; kept only so they can be refused. */
  hasAuthsOrScripts: boolean
}

export interface DecodedTransaction {
  raw: DecodedRaw
  rawBytes: Uint8Array
  signatures: Uint8Array[]
  /** txID = sha256(raw_data bytes), hex. */
  txid: string
}

const hex = (b: Uint8Array) => bytesToHex(b)

function decodeTransfer(b: Uint8Array): TransferValue {
  const v: TransferValue = { owner_address: '', to_address: '', amount: 0n }
  for (const f of readFields(b)) {
    if (f.no === 1) v.owner_address = hex(f.bytes)
    else if (f.no === 2) v.to_address = hex(f.bytes)
    else if (f.no === 3) v.amount = toInt64(f.int)
  }
  return v
}

function decodeTrigger(b: Uint8Array): TriggerValue {
  const v: TriggerValue = { owner_address: '', contract_address: '', call_value: 0n, data: '', call_token_value: 0n, token_id: 0n }
  for (const f of readFields(b)) {
    if (f.no === 1) v.owner_address = hex(f.bytes)
    else if (f.no === 2) v.contract_address = hex(f.bytes)
    else if (f.no === 3) v.call_value = toInt64(f.int)
    else if (f.no === 4) v.data = hex(f.bytes)
    else if (f.no === 5) v.call_token_value = toInt64(f.int)
    else if (f.no === 6) v.token_id = toInt64(f.int)
  }
  return v
}

function decodeContract(b: Uint8Array): DecodedContract {
  const c: DecodedContract = { typeNumber: 0, type: CONTRACT_TYPES[0]!, typeUrl: '', permissionId: 0, value: new Uint8Array(0) }
  for (const f of readFields(b)) {
    if (f.no === 1) c.typeNumber = Number(f.int)
    else if (f.no === 2) {
      for (const a of readFields(f.bytes)) {
        if (a.no === 1) c.typeUrl = new TextDecoder().decode(a.bytes)
        else if (a.no === 2) c.value = a.bytes
      }
    } else if (f.no === 5) c.permissionId = Number(toInt64(f.int))
  }
  c.type = CONTRACT_TYPES[c.typeNumber] ?? `UNKNOWN(${c.typeNumber})`
  if (c.typeNumber === TRANSFER_CONTRACT) c.transfer = decodeTransfer(c.value)
  if (c.typeNumber === TRIGGER_SMART_CONTRACT) c.trigger = decodeTrigger(c.value)
  return c
}

export function decodeRaw(b: Uint8Array): DecodedRaw {
  const r: DecodedRaw = {
    refBlockBytes: '',
    refBlockNum: 0n,
    refBlockHash: '',
    expiration: 0n,
    data: '',
    contracts: [],
    timestamp: 0n,
    feeLimit: 0n,
    hasAuthsOrScripts: false,
  }
  for (const f of readFields(b)) {
    if (f.no === 1) r.refBlockBytes = hex(f.bytes)
    else if (f.no === 3) r.refBlockNum = toInt64(f.int)
    else if (f.no === 4) r.refBlockHash = hex(f.bytes)
    else if (f.no === 8) r.expiration = toInt64(f.int)
    else if (f.no === 9 || f.no === 12) r.hasAuthsOrScripts = true
    else if (f.no === 10) r.data = hex(f.bytes)
    else if (f.no === 11) r.contracts.push(decodeContract(f.bytes))
    else if (f.no === 14) r.timestamp = toInt64(f.int)
    else if (f.no === 18) r.feeLimit = toInt64(f.int)
  }
  return r
}

/** A whole signed Transaction (what /wallet/broadcasthex carries). Throws InvalidProtobufError. */
export function decodeTransaction(b: Uint8Array): DecodedTransaction {
  let rawBytes: Uint8Array = new Uint8Array(0)
  const signatures: Uint8Array[] = []
  for (const f of readFields(b)) {
    if (f.no === 1) {
      if (f.wire !== 2) throw new InvalidProtobufError('Protocol message tag had invalid wire type.')
      rawBytes = f.bytes
    } else if (f.no === 2) signatures.push(f.bytes)
  }
  return { raw: decodeRaw(rawBytes), rawBytes, signatures, txid: bytesToHex(sha256(rawBytes)) }
}

// --- printing, as java-tron's JsonFormat does for the HTTP API -------------------------------

/** The contract's `parameter.value` as java-tron prints it; only the two decoded types have one. */
function contractValueJson(c: DecodedContract, visible: boolean): Record<string, unknown> | undefined {
  const a = (h: string) => printAddress(h, visible)
  if (c.transfer) {
    const v = c.transfer
    return { ...(v.amount !== 0n && { amount: v.amount }), owner_address: a(v.owner_address), to_address: a(v.to_address) }
  }
  if (c.trigger) {
    const v = c.trigger
    return {
      ...(v.data && { data: v.data }),
      owner_address: a(v.owner_address),
      contract_address: a(v.contract_address),
      ...(v.call_value !== 0n && { call_value: v.call_value }),
      ...(v.call_token_value !== 0n && { call_token_value: v.call_token_value }),
      ...(v.token_id !== 0n && { token_id: v.token_id }),
    }
  }
  return undefined
}

/** `raw_data` as the HTTP API prints it (int64s stay bigint; stringifyJson writes them as numbers). */
export function rawDataJson(r: DecodedRaw, visible = false): Record<string, unknown> {
  return {
    ...(r.data && { data: r.data }),
    contract: r.contracts.map((c) => ({
      parameter: { value: contractValueJson(c, visible), type_url: c.typeUrl },
      type: c.type,
      ...(c.permissionId !== 0 && { Permission_id: c.permissionId }),
    })),
    ref_block_bytes: r.refBlockBytes,
    ref_block_hash: r.refBlockHash,
    ...(r.expiration !== 0n && { expiration: r.expiration }),
    ...(r.feeLimit !== 0n && { fee_limit: r.feeLimit }),
    ...(r.timestamp !== 0n && { timestamp: r.timestamp }),
  }
}

// --- encoding, for the transactions the double itself makes (third parties, fillers) --------

export interface RawSpec {
  refBlockBytes: string
  refBlockHash: string
  expiration: bigint
  timestamp: bigint
  feeLimit?: bigint
  data?: string
  contract:
    | { transfer: TransferValue }
    | { trigger: Pick<TriggerValue, 'owner_address' | 'contract_address' | 'data'> & { call_value?: bigint } }
}

export function encodeRaw(s: RawSpec): Uint8Array {
  let type: number
  let typeUrl: string
  let value: Uint8Array
  if ('transfer' in s.contract) {
    const v = s.contract.transfer
    type = TRANSFER_CONTRACT
    typeUrl = 'type.googleapis.com/protocol.TransferContract'
    value = new ProtoWriter().bytes(1, hexToBytes(v.owner_address)).bytes(2, hexToBytes(v.to_address)).int(3, v.amount).finish()
  } else {
    const v = s.contract.trigger
    type = TRIGGER_SMART_CONTRACT
    typeUrl = 'type.googleapis.com/protocol.TriggerSmartContract'
    value = new ProtoWriter()
      .bytes(1, hexToBytes(v.owner_address))
      .bytes(2, hexToBytes(v.contract_address))
      .int(3, v.call_value ?? 0n)
      .bytes(4, hexToBytes(v.data))
      .finish()
  }
  const any = new ProtoWriter().string(1, typeUrl).bytes(2, value).finish()
  const contract = new ProtoWriter().int(1, type).bytes(2, any).finish()
  return new ProtoWriter()
    .bytes(1, hexToBytes(s.refBlockBytes))
    .bytes(4, hexToBytes(s.refBlockHash))
    .int(8, s.expiration)
    .bytes(10, hexToBytes(s.data ?? ''))
    .bytes(11, contract)
    .int(14, s.timestamp)
    .int(18, s.feeLimit ?? 0n)
    .finish()
}

/** Transaction.Result.contractResult enum (Tron.proto). */
export const CONTRACT_RESULT_CODES: Readonly<Record<string, number>> = {
  DEFAULT: 0,
  SUCCESS: 1,
  REVERT: 2,
  OUT_OF_ENERGY: 10,
}

/** A whole Transaction: raw_data, signatures and, when given, its Result (ret) as a block stores it. */
export function encodeTransaction(rawBytes: Uint8Array, signatures: Uint8Array[], contractRet?: string): Uint8Array {
  const w = new ProtoWriter().bytes(1, rawBytes)
  for (const s of signatures) w.bytes(2, s)
  if (contractRet !== undefined) w.bytes(5, new ProtoWriter().int(3, CONTRACT_RESULT_CODES[contractRet] ?? 0).finish())
  return w.finish()
}
