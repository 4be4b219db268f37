/**
 * What java-tron does with a broadcast transaction (Wallet.broadcastTransaction, then
 * Manager.pushTransaction / processTransaction), in its order, with its answers:
 *
 *  1. no contract → CONTRACT_VALIDATE_ERROR "No contract!"
 *  2. expiration before the next block slot → TRANSACTION_EXPIRATION_ERROR
 *  3. signatures: none, unrecoverable, or not the owner's key → SIGERROR
 *  4. more than one contract → CONTRACT_VALIDATE_ERROR
 *  5. ref_block_bytes / ref_block_hash not a recent block of this chain → TAPOS_ERROR
 *  6. expiration not after the head block, or more than 24 h after it → TRANSACTION_EXPIRATION_ERROR
 *  7. already in a block or in the pool → DUP_TRANSACTION_ERROR
 *  8. execution: bandwidth (BANDWITH_ERROR), contract validation (CONTRACT_VALIDATE_ERROR)
 *
 * Messages are java-tron's texts (Wallet.java, TransactionCapsule.java, TransferActuator.java,
 * VMActuator.java at tronprotocol/java-tron 1e35f79a).
 */
import { hexToBase58 } from './bytes.js'
import { BLOCK_INTERVAL_MS, type ChainState, MAX_EXPIRATION_MS } from './chain-state.js'
import { type Execution, execute, isRefusal } from './execution.js'
import { recoverSigner } from './signing.js'
import type { DecodedTransaction } from './transaction-codec.js'

export type BroadcastCode =
  | 'SUCCESS'
  | 'SIGERROR'
  | 'CONTRACT_VALIDATE_ERROR'
  | 'CONTRACT_EXE_ERROR'
  | 'BANDWITH_ERROR'
  | 'DUP_TRANSACTION_ERROR'
  | 'TAPOS_ERROR'
  | 'TRANSACTION_EXPIRATION_ERROR'
  | 'OTHER_ERROR'

export type Verdict =
  | { accepted: true; execution: Execution }
  | { accepted: false; code: BroadcastCode; message: string; unsupported?: boolean }

/** Permission ids a wallet may sign with when the account has TRON's default permissions (owner 0, active 2). */
const DEFAULT_PERMISSIONS = new Set([0, 2])

function owner(tx: DecodedTransaction): string {
  const c = tx.raw.contracts[0]!
  return c.transfer?.owner_address ?? c.trigger?.owner_address ?? ''
}

function checkSignatures(tx: DecodedTransaction): string | undefined {
  if (tx.signatures.length === 0 || tx.raw.contracts.length === 0) return 'miss sig or contract'
  const contract = tx.raw.contracts[0]!
  if (!DEFAULT_PERMISSIONS.has(contract.permissionId)) return "permission isn't exit"
  if (tx.signatures.length > 1) return `Signature count is ${tx.signatures.length} more than key counts of permission : 1`
  const sig = tx.signatures[0]!
  if (sig.length < 65) return `Signature size is ${sig.length}`
  const signer = recoverSigner(tx.txid, sig)
  if (!signer) return 'sig error'
  if (signer !== owner(tx)) {
    return `${Buffer.from(sig).toString('hex')} is signed by ${hexToBase58(signer)} but it is not contained of permission.`
  }
  return undefined
}

/** java-tron's TAPOS: the 2 bytes name one of the last 65536 blocks, whose id bytes 8..16 must match. */
function taposHolds(chain: ChainState, tx: DecodedTransaction): boolean {
  const refBytes = tx.raw.refBlockBytes
  if (refBytes.length !== 4) return false
  const low = BigInt(`0x${refBytes}`)
  const head = chain.head.number
  const candidate = head - ((head - low) & 0xffffn)
  const block = chain.blockByNumber(candidate)
  return block !== undefined && block.id.slice(16, 32) === tx.raw.refBlockHash
}

export function verifyBroadcast(chain: ChainState, tx: DecodedTransaction): Verdict {
  const head = chain.head
  const expired = { accepted: false, code: 'TRANSACTION_EXPIRATION_ERROR', message: 'Transaction expired' } as const
  if (tx.raw.contracts.length === 0)
    return { accepted: false, code: 'CONTRACT_VALIDATE_ERROR', message: 'Contract validate error : No contract!' }
  if (tx.raw.expiration < head.timestamp + BLOCK_INTERVAL_MS) return expired
  const sigError = checkSignatures(tx)
  if (sigError) return { accepted: false, code: 'SIGERROR', message: `Validate signature error: ${sigError}` }
  if (tx.raw.contracts.length !== 1) {
    return {
      accepted: false,
      code: 'CONTRACT_VALIDATE_ERROR',
      message: `Contract validate error : tx ${tx.txid} contract size should be exactly 1, this is extend feature ,actual :${tx.raw.contracts.length}`,
    }
  }
  if (!taposHolds(chain, tx)) return { accepted: false, code: 'TAPOS_ERROR', message: 'Tapos check error.' }
  if (tx.raw.expiration <= head.timestamp || tx.raw.expiration > head.timestamp + MAX_EXPIRATION_MS) return expired
  if (chain.isKnown(tx.txid)) return { accepted: false, code: 'DUP_TRANSACTION_ERROR', message: 'Dup transaction.' }
  if (tx.raw.hasAuthsOrScripts)
    return {
      accepted: false,
      code: 'OTHER_ERROR',
      message: 'Error: the TRON test double does not accept auths or scripts',
      unsupported: true,
    }
  const ex = execute(tx, chain.executionContext(head.timestamp + BLOCK_INTERVAL_MS))
  if (isRefusal(ex)) return { accepted: false, code: ex.code, message: ex.message, ...(ex.unsupported && { unsupported: true }) }
  return { accepted: true, execution: ex }
}
