import type { ChainRegistry } from '../../chains/registry.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { Payout } from '../../domain/payouts/payout.js'
import { PayoutNotBumpableError } from '../../errors/index.js'
import { getPayout } from './payout-queries.js'

/**
 * `kassa payouts bump <id>`: a payout stuck in the mempool gets a replacement transaction at a
 * higher fee rate (BIP125). The replacement is stored before anything is sent, in place of the
 * old transaction, for every payout that transaction pays, and those payouts go back to
 * `signed`: the worker broadcasts it on its next pass. The old transaction is kept: if it is
 * mined after all, the worker takes it back (payout-worker.ts), so the payout is never paid
 * twice and never failed for a transaction that paid it.
 */
export async function bumpPayout(
  deps: { repos: Repositories; chains: ChainRegistry; now: () => number },
  payoutId: string,
  rate?: bigint,
): Promise<Payout> {
  const p = await getPayout(deps, payoutId)
  if (p.status !== 'broadcast' && p.status !== 'signed')
    throw new PayoutNotBumpableError(p.id, `it is ${p.status}, with no transaction waiting`)
  if (p.fromIndex !== null) throw new PayoutNotBumpableError(p.id, 'a sweep pays its fee from the swept coins; it is not bumped')
  const send = deps.chains.byNetwork(p.network)?.send
  if (!send?.bump) throw new PayoutNotBumpableError(p.id, `${p.network} cannot replace a transaction by a higher fee`)
  const current = { txHash: p.txHash!, rawTransaction: p.signedTx!, fromAddress: p.fromAddress!, nonce: p.nonce }
  const receipt = await send.receipt(current)
  if (receipt.state === 'mined')
    throw new PayoutNotBumpableError(p.id, `its transaction ${p.txHash} is already in block ${receipt.blockHeight}`)
  const next = await send.bump(current, rate)
  const moved = await deps.repos.transaction((tx) => tx.payouts.replaceTransaction(current.txHash, next, deps.now()))
  if (moved === 0) throw new PayoutNotBumpableError(p.id, 'it moved on while the replacement was signed; try again')
  return getPayout(deps, p.id)
}
