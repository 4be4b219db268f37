/**
 * The double's state printed as java-tron's HTTP API and JSON-RPC print it: field names, hex
 * without 0x and 21-byte addresses for visible=false (base58 for visible=true), proto3 defaults
 * (0, "", false, empty lists) left out, int64 as JSON numbers (bigint here; see stringifyJson),
 * and JSON-RPC quantities as 0x-hex with 20-byte addresses. Key order follows the recorded
 * answers in test/fixtures/tron/.
 */
import type { AccountState } from './accounts.js'
import { bytesToHex, hexToBase58, printAddress, strip0x } from './bytes.js'
import type { ChainBlock, ChainTx } from './chain-state.js'
import { rawDataJson } from './transaction-codec.js'

type Json = Record<string, unknown>

export function transactionJson(t: ChainTx, visible: boolean): Json {
  return {
    ret: [{ contractRet: t.execution.contractRet }],
    signature: t.tx.signatures.map((s) => bytesToHex(s)),
    txID: t.tx.txid,
    raw_data: rawDataJson(t.tx.raw, visible),
    raw_data_hex: bytesToHex(t.tx.rawBytes),
  }
}

export function blockJson(b: ChainBlock, visible: boolean, withTransactions = true): Json {
  return {
    blockID: b.id,
    block_header: {
      raw_data: {
        number: b.number,
        txTrieRoot: b.txTrieRoot,
        witness_address: printAddress(b.witnessAddress, visible),
        parentHash: b.parentHash,
        version: b.version,
        timestamp: b.timestamp,
      },
      witness_signature: b.witnessSignature,
    },
    // An empty repeated field is not printed: a block without transactions has no key at all.
    ...(withTransactions && b.txs.length > 0 && { transactions: b.txs.map((t) => transactionJson(t, visible)) }),
  }
}

export function transactionInfoJson(t: ChainTx, b: ChainBlock, visible: boolean): Json {
  const ex = t.execution
  const isCall = ex.token !== null
  const contract = t.tx.raw.contracts[0]!
  return {
    id: t.tx.txid,
    ...(ex.fee > 0n && { fee: ex.fee }),
    blockNumber: b.number,
    blockTimeStamp: b.timestamp,
    contractResult: [ex.contractResult],
    ...(isCall && { contract_address: printAddress(contract.trigger!.contract_address, visible) }),
    receipt: ex.receipt,
    ...(ex.log && {
      log: [{ address: visible ? hexToBase58(`41${ex.log.address}`) : ex.log.address, topics: ex.log.topics, data: ex.log.data }],
    }),
    ...(ex.contractRet !== 'SUCCESS' && { result: 'FAILED' }),
    ...(ex.resMessage && { resMessage: ex.resMessage }),
  }
}

const ACTIVE_OPERATIONS = '7fff1fc0033efb0f000000000000000000000000000000000000000000000000'
const WINDOW = 28_800_000

export function accountJson(a: AccountState, visible: boolean): Json {
  const key = { address: printAddress(a.address, visible), weight: 1 }
  return {
    address: printAddress(a.address, visible),
    ...(a.balance !== 0n && { balance: a.balance }),
    create_time: a.createTime,
    ...(a.freeNetUsed !== 0n && { free_net_usage: a.freeNetUsed }),
    ...(a.netUsed !== 0n && { net_usage: a.netUsed }),
    net_window_size: WINDOW,
    net_window_optimized: true,
    account_resource: {
      ...(a.energyUsed !== 0n && { energy_usage: a.energyUsed }),
      energy_window_size: WINDOW,
      energy_window_optimized: true,
    },
    owner_permission: { permission_name: 'owner', threshold: 1, keys: [key] },
    active_permission: [{ type: 'Active', id: 2, permission_name: 'active', threshold: 1, operations: ACTIVE_OPERATIONS, keys: [key] }],
    frozenV2: [{}, { type: 'ENERGY' }, { type: 'TRON_POWER' }],
  }
}

/** Network-wide totals as a recorded Nile getaccountresource answered them. */
const TOTALS = {
  TotalNetLimit: 43_200_000_000n,
  TotalNetWeight: 26_514_583_140n,
  TotalEnergyLimit: 180_000_000_000n,
  TotalEnergyWeight: 16_551_109_184n,
}

export function accountResourceJson(a: AccountState, freeNetLimit: bigint): Json {
  const nz = (k: string, v: bigint) => (v !== 0n ? { [k]: v } : {})
  return {
    ...nz('freeNetUsed', a.freeNetUsed),
    freeNetLimit,
    ...nz('NetUsed', a.netUsed),
    ...nz('NetLimit', a.netLimit),
    TotalNetLimit: TOTALS.TotalNetLimit,
    TotalNetWeight: TOTALS.TotalNetWeight,
    ...nz('EnergyUsed', a.energyUsed),
    ...nz('EnergyLimit', a.energyLimit),
    TotalEnergyLimit: TOTALS.TotalEnergyLimit,
    TotalEnergyWeight: TOTALS.TotalEnergyWeight,
  }
}

// --- JSON-RPC ---------------------------------------------------------------------------------

export const quantity = (v: bigint | number): string => `0x${BigInt(v).toString(16)}`
const evmAddress = (hex41: string): string => `0x${hex41.slice(2)}`
const ZERO32 = `0x${'00'.repeat(32)}`

function rpcTransaction(t: ChainTx, b: ChainBlock, index: number, energyFee: bigint): Json {
  const c = t.tx.raw.contracts[0]!
  const sig = t.tx.signatures[0] ?? new Uint8Array(65)
  const v = sig[64]! >= 27 ? sig[64]! : sig[64]! + 27
  return {
    blockHash: `0x${b.id}`,
    blockNumber: quantity(b.number),
    from: evmAddress(c.transfer?.owner_address ?? c.trigger!.owner_address),
    gas: quantity(t.execution.receipt.energy_usage_total ?? 0n),
    gasPrice: quantity(energyFee),
    hash: `0x${t.tx.txid}`,
    input: c.trigger ? `0x${c.trigger.data}` : '0x',
    nonce: '0x0000000000000000',
    r: `0x${bytesToHex(sig.subarray(0, 32))}`,
    s: `0x${bytesToHex(sig.subarray(32, 64))}`,
    to: evmAddress(c.transfer?.to_address ?? c.trigger!.contract_address),
    transactionIndex: quantity(index),
    type: '0x0',
    v: quantity(v),
    value: quantity(c.transfer?.amount ?? c.trigger?.call_value ?? 0n),
  }
}

/** eth_getBlockByNumber / eth_getBlockByHash: keys in the (alphabetical) order TronGrid answered them. */
export function rpcBlockJson(b: ChainBlock, fullTransactions: boolean, energyFee: bigint, size: number): Json {
  const gasLimit = b.txs.reduce((s, t) => s + t.tx.raw.feeLimit, 0n)
  const gasUsed = b.txs.reduce((s, t) => s + (t.execution.receipt.energy_usage_total ?? 0n), 0n)
  return {
    baseFeePerGas: '0x0',
    difficulty: '0x0',
    extraData: '0x',
    gasLimit: quantity(gasLimit),
    gasUsed: quantity(gasUsed),
    hash: `0x${b.id}`,
    logsBloom: `0x${'00'.repeat(256)}`,
    miner: evmAddress(b.witnessAddress),
    mixHash: ZERO32,
    nonce: '0x0000000000000000',
    number: quantity(b.number),
    parentHash: `0x${b.parentHash}`,
    receiptsRoot: ZERO32,
    sha3Uncles: ZERO32,
    size: quantity(size),
    stateRoot: '0x',
    timestamp: quantity(b.timestamp / 1000n),
    totalDifficulty: '0x0',
    transactions: b.txs.map((t, i) => (fullTransactions ? rpcTransaction(t, b, i, energyFee) : `0x${t.tx.txid}`)),
    transactionsRoot: `0x${b.txTrieRoot}`,
    uncles: [],
  }
}

export interface RpcLog {
  address: string
  blockHash: string
  blockNumber: string
  blockTimestamp: string
  transactionHash: string
  transactionIndex: string
  logIndex: string
  removed: boolean
  topics: string[]
  data: string
}

/** The logs of a block, in the shape (and key order) of the recorded Nile eth_getLogs answer. */
export function rpcLogsOf(b: ChainBlock): RpcLog[] {
  const out: RpcLog[] = []
  b.txs.forEach((t, i) => {
    const log = t.execution.log
    if (!log) return
    out.push({
      address: `0x${log.address}`,
      blockHash: `0x${b.id}`,
      blockNumber: quantity(b.number),
      blockTimestamp: quantity(b.timestamp / 1000n),
      transactionHash: `0x${t.tx.txid}`,
      transactionIndex: quantity(i),
      logIndex: quantity(out.length),
      removed: false,
      topics: log.topics.map((x) => `0x${x}`),
      data: `0x${strip0x(log.data)}`,
    })
  })
  return out
}
