import type { ChainAdapter } from '../../chains/adapter.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import { pickFreeAmount, uniqueAmountCandidates } from '../../domain/payments/unique-amount.js'
import type { CurrencyCode } from '../../money/index.js'
import { currencyInfo } from '../../money/index.js'

/**
 * A fresh deposit address from the adapter's next derivation index: per network for an
 * operator key (`indexScope: 'network'`, one sequence for every store, or two stores would
 * share an address), per store and network otherwise. Runs in the caller's unit of work.
 */
export async function deriveDepositAddress(
  tx: Repositories,
  adapter: ChainAdapter,
  storeId: string,
  paymentId: string | null,
  now: number,
): Promise<string> {
  const index =
    adapter.receive.indexScope === 'network'
      ? await tx.depositAddresses.nextNetworkIndex(adapter.network)
      : await tx.depositAddresses.nextStoreIndex(storeId, adapter.network)
  const address = adapter.receive.deriveAddress(storeId, index)
  await tx.depositAddresses.insert({ network: adapter.network, address, storeId, derivationIndex: index, paymentId, now })
  return address
}

/** The store's one receiving address on this network for unique-amount payments. */
export async function sharedDepositAddress(tx: Repositories, adapter: ChainAdapter, storeId: string, now: number): Promise<string> {
  const existing = await tx.depositAddresses.sharedAddress(storeId, adapter.network)
  return existing ?? deriveDepositAddress(tx, adapter, storeId, null, now)
}

/**
 * Takes a free unique amount for `base` at `address`, or returns null when every candidate is
 * held (the payment is then `queued`). The slot's primary key is the final amount, so two
 * concurrent payments can never hold the same one: a lost race just tries the next candidate.
 */
export async function takeUniqueAmount(
  tx: Repositories,
  currency: CurrencyCode,
  address: string,
  base: bigint,
  paymentId: string,
  slots: number,
): Promise<bigint | null> {
  const candidates = uniqueAmountCandidates(base, currencyInfo(currency).uniqueStep, slots)
  const [first, last] = [candidates[0], candidates.at(-1)] // ascending
  if (first === undefined || last === undefined) return null
  const held = await tx.payments.heldAmountsBetween(currency, address, first, last)
  for (;;) {
    const amount = pickFreeAmount(candidates, held)
    if (amount === null) return null
    if (await tx.payments.claimAmount(currency, address, amount, paymentId)) return amount
    held.add(amount)
  }
}
