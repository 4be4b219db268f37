/**
 * java-tron's HTTP API (/wallet/… and /walletsolidity/…) over the double's chain, for the
 * calls a payment platform makes. Each handler returns what the servlet would print; {} is
 * java-tron's "not found", {"Error": "…"} its answer to a request it cannot parse.
 */
import { addressFromRequest, bytesToHex, hexToBytes, isHex, printAddress, strip0x, utf8Hex } from './bytes.js'
import type { ChainBlock } from './chain-state.js'
import { keccak_256 } from '@noble/hashes/sha3'
import { sha256 } from '@noble/hashes/sha2'
import { accountJson, accountResourceJson, blockJson, transactionInfoJson, transactionJson } from './printing.js'
import { InvalidProtobufError } from './protobuf.js'
import { decodeRaw, decodeTransaction, encodeRaw, rawDataJson } from './transaction-codec.js'
import type { TronNode } from './tron-node.js'

export interface HttpRequest {
  body: Record<string, unknown>
  query: URLSearchParams
}

type Handler = (node: TronNode, req: HttpRequest) => unknown

const truthy = (v: unknown) => v === true || v === 'true'
/** POST servlets read `visible` from the JSON body, GET ones (and getnowblock / getchainparameters) from the query. */
const visibleOf = (req: HttpRequest) => truthy(req.body.visible) || truthy(req.query.get('visible'))
const param = (req: HttpRequest, name: string): unknown => req.body[name] ?? req.query.get(name) ?? undefined

function hexValue(req: HttpRequest): string | { Error: string } {
  const v = param(req, 'value')
  if (v === undefined) return ''
  if (typeof v !== 'string' || !isHex(strip0x(v))) {
    return { Error: `class org.tron.core.services.http.JsonFormat$ParseException : INVALID hex String` }
  }
  return strip0x(v)
}

function blockByNum(node: TronNode, req: HttpRequest, solidOnly: boolean): unknown {
  const raw = param(req, 'num') ?? 0
  if (!/^\d+$/.test(String(raw))) return { Error: `class java.lang.NumberFormatException : For input string: "${String(raw)}"` }
  const num = BigInt(String(raw))
  if (num === 0n) return node.genesisBlockJson()
  const b = node.chain.blockByNumber(num)
  if (!b || (solidOnly && b.number > node.chain.solidified.number)) return {}
  return blockJson(b, visibleOf(req))
}

function txLookup(
  node: TronNode,
  req: HttpRequest,
  solidOnly: boolean,
): { found: ReturnType<TronNode['chain']['findTx']> } | { Error: string } {
  const id = hexValue(req)
  if (typeof id !== 'string') return id
  const found = node.chain.findTx(id)
  if (found && solidOnly && found.block.number > node.chain.solidified.number) return { found: undefined }
  return { found }
}

const getTransactionById =
  (solidOnly: boolean): Handler =>
  (node, req) => {
    const r = txLookup(node, req, solidOnly)
    if ('Error' in r) return r
    return r.found ? transactionJson(r.found.chainTx, visibleOf(req)) : {}
  }

const getTransactionInfoById =
  (solidOnly: boolean): Handler =>
  (node, req) => {
    const r = txLookup(node, req, solidOnly)
    if ('Error' in r) return r
    return r.found ? transactionInfoJson(r.found.chainTx, r.found.block, visibleOf(req)) : {}
  }

function accountOf(node: TronNode, req: HttpRequest): ReturnType<TronNode['chain']['accounts']['get']> | undefined | { Error: string } {
  const visible = visibleOf(req)
  const raw = param(req, 'address')
  if (raw === undefined || raw === '') return undefined
  const address = addressFromRequest(raw, visible)
  if (!address) {
    return visible
      ? { Error: 'class java.lang.NullPointerException : null' }
      : { Error: 'class org.tron.core.services.http.JsonFormat$ParseException : INVALID hex String' }
  }
  const a = node.chain.accounts.get(address)
  return a.exists ? a : undefined
}

/** The TRC-20 functions of TetherToken, in the ABI form /wallet/getcontract prints. */
function tetherAbi() {
  const fn = (name: string, inputs: [string, string][], outputs: string[], view: boolean) => ({
    ...(view && { constant: true }),
    ...(inputs.length > 0 && { inputs: inputs.map(([n, type]) => ({ name: n, type })) }),
    name,
    outputs: outputs.map((type) => ({ type })),
    stateMutability: view ? 'View' : 'Nonpayable',
    type: 'Function',
  })
  return {
    entrys: [
      fn('name', [], ['string'], true),
      fn('symbol', [], ['string'], true),
      fn('decimals', [], ['uint8'], true),
      fn('totalSupply', [], ['uint256'], true),
      fn('balanceOf', [['who', 'address']], ['uint256'], true),
      fn(
        'transfer',
        [
          ['_to', 'address'],
          ['_value', 'uint256'],
        ],
        [],
        false,
      ),
      {
        anonymous: false,
        inputs: [
          { indexed: true, name: 'from', type: 'address' },
          { indexed: true, name: 'to', type: 'address' },
          { name: 'value', type: 'uint256' },
        ],
        name: 'Transfer',
        type: 'Event',
      },
    ],
  }
}

const selectorOf = (signature: string) => bytesToHex(keccak_256(new TextEncoder().encode(signature))).slice(0, 8)

function triggerConstant(node: TronNode, req: HttpRequest): unknown {
  const visible = visibleOf(req)
  const otherError = (m: string) => ({ result: { code: 'OTHER_ERROR', message: visible ? m : utf8Hex(m) } })
  const owner = addressFromRequest(req.body.owner_address, visible)
  if (!req.body.owner_address) return otherError("class java.security.InvalidParameterException : owner_address isn't set.")
  if (!req.body.contract_address && !req.body.data)
    return otherError("class java.security.InvalidParameterException : contract_address isn't set.")
  const contract = addressFromRequest(req.body.contract_address, visible)
  if (!owner || !contract) return otherError('class java.lang.NullPointerException : null')
  if (contract !== node.chain.config.usdtContract) {
    const m = 'Smart contract is not exist.'
    return { result: { code: 'CONTRACT_VALIDATE_ERROR', message: visible ? m : utf8Hex(m) } }
  }
  const selector = typeof req.body.function_selector === 'string' ? req.body.function_selector.replace(/\s/g, '') : undefined
  const data = selector ? selectorOf(selector) + strip0x(String(req.body.parameter ?? '')) : strip0x(String(req.body.data ?? ''))
  const answer = node.constantCall(owner, data)
  const head = node.chain.head
  const raw = encodeRaw({
    refBlockBytes: head.number.toString(16).padStart(16, '0').slice(12),
    refBlockHash: head.id.slice(16, 32),
    expiration: head.timestamp + 60_000n,
    timestamp: BigInt(node.now()),
    contract: { trigger: { owner_address: owner, contract_address: contract, data } },
  })
  const reverted = answer.reverted
  return {
    result: { result: true, ...(reverted && { message: visible ? 'REVERT opcode executed' : utf8Hex('REVERT opcode executed') }) },
    energy_used: answer.energy,
    constant_result: [answer.output],
    transaction: {
      ret: [reverted ? { ret: 'FAILED' } : {}],
      visible,
      txID: bytesToHex(sha256(raw)),
      raw_data: rawDataJson(decodeRaw(raw), visible),
      raw_data_hex: bytesToHex(raw),
    },
  }
}

function getContract(node: TronNode, req: HttpRequest): unknown {
  const visible = visibleOf(req)
  const address = addressFromRequest(param(req, 'value'), visible)
  if (!address || address !== node.chain.config.usdtContract) return {}
  return {
    origin_address: printAddress(node.usdtOrigin, visible),
    contract_address: printAddress(address, visible),
    abi: tetherAbi(),
    // The first bytes of TetherToken's creation code as the recorded Nile getcontract answer
    // shows them; the double has no TVM, so the rest is not there.
    bytecode: '60806040526000600260146101000a81548160ff02191690831515021790555060',
    name: 'TetherToken',
    origin_energy_limit: 1_000_000_000,
    code_hash: bytesToHex(sha256(hexToBytes(address))),
  }
}

function broadcastHex(node: TronNode, req: HttpRequest): unknown {
  const hex = req.body.transaction
  if (typeof hex !== 'string' || !isHex(strip0x(hex))) {
    return {
      Error: `class org.bouncycastle.util.encoders.DecoderException : exception decoding Hex string: invalid characters encountered in Hex string`,
    }
  }
  let tx: ReturnType<typeof decodeTransaction>
  try {
    tx = decodeTransaction(hexToBytes(strip0x(hex)))
  } catch (err) {
    if (err instanceof InvalidProtobufError) return { Error: `class com.google.protobuf.InvalidProtocolBufferException : ${err.message}` }
    throw err
  }
  const r = node.receiveBroadcast(tx, '/wallet/broadcasthex')
  // BroadcastHexServlet prints all five fields itself; message is UTF-8 text, transaction a JSON string.
  return { result: r.accepted, code: r.code, txid: tx.txid, message: r.message, transaction: transactionString(tx) }
}

/** JsonFormat.printToString(transaction, true): field-number order, ": " after keys, the Any value as hex. */
function transactionString(tx: ReturnType<typeof decodeTransaction>): string {
  const r = tx.raw
  const q = (s: string) => JSON.stringify(s)
  const parts = [
    `${q('ref_block_bytes')}: ${q(r.refBlockBytes)}`,
    `${q('ref_block_hash')}: ${q(r.refBlockHash)}`,
    `${q('expiration')}: ${r.expiration}`,
  ]
  if (r.data) parts.push(`${q('data')}: ${q(r.data)}`)
  const contracts = r.contracts.map(
    (c) => `{${q('type')}: ${q(c.type)},${q('parameter')}: {${q('type_url')}: ${q(c.typeUrl)},${q('value')}: ${q(bytesToHex(c.value))}}}`,
  )
  parts.push(`${q('contract')}: [${contracts.join(',')}]`)
  if (r.timestamp !== 0n) parts.push(`${q('timestamp')}: ${r.timestamp}`)
  if (r.feeLimit !== 0n) parts.push(`${q('fee_limit')}: ${r.feeLimit}`)
  const sigs = tx.signatures.map((s) => q(bytesToHex(s))).join(',')
  return `{${q('raw_data')}: {${parts.join(',')}},${q('signature')}: [${sigs}]}`
}

/** /wallet/broadcasttransaction: the node rebuilds the protobuf from raw_data (raw_data_hex is ignored). */
function broadcastTransaction(node: TronNode, req: HttpRequest): unknown {
  const visible = visibleOf(req)
  const built = node.transactionFromJson(req.body, visible)
  if ('Error' in built) return built
  const r = node.receiveBroadcast(built, '/wallet/broadcasttransaction')
  if (r.accepted) return { result: true, txid: built.txid }
  return { code: r.code, message: visible ? r.message : utf8Hex(r.message), txid: built.txid }
}

export const HTTP_ROUTES: Readonly<Record<string, Handler>> = {
  '/wallet/getnowblock': (node, req) => blockJson(node.chain.head, visibleOf(req)),
  '/wallet/getblockbynum': (node, req) => blockByNum(node, req, false),
  '/wallet/getblockbyid': (node, req) => {
    const id = hexValue(req)
    if (typeof id !== 'string') return id
    const b: ChainBlock | undefined = node.chain.blockById(id)
    if (!b && id === node.genesisBlockId) return node.genesisBlockJson()
    return b ? blockJson(b, visibleOf(req)) : {}
  },
  '/walletsolidity/getnowblock': (node, req) => blockJson(node.chain.solidified, visibleOf(req)),
  '/walletsolidity/getblockbynum': (node, req) => blockByNum(node, req, true),
  '/wallet/getaccount': (node, req) => {
    const a = accountOf(node, req)
    if (a && 'Error' in a) return a
    return a ? accountJson(a, visibleOf(req)) : {}
  },
  '/wallet/getaccountresource': (node, req) => {
    const a = accountOf(node, req)
    if (a && 'Error' in a) return a
    return a ? accountResourceJson(a, node.chain.config.fees.freeNetLimit) : {}
  },
  '/wallet/getchainparameters': (node) => ({ chainParameter: node.chainParameters() }),
  '/wallet/getcontract': getContract,
  '/wallet/triggerconstantcontract': triggerConstant,
  '/wallet/broadcasthex': broadcastHex,
  '/wallet/broadcasttransaction': broadcastTransaction,
  '/wallet/gettransactionbyid': getTransactionById(false),
  '/wallet/gettransactioninfobyid': getTransactionInfoById(false),
  '/walletsolidity/gettransactionbyid': getTransactionById(true),
  '/walletsolidity/gettransactioninfobyid': getTransactionInfoById(true),
}
