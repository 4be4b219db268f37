import type { Repositories } from '../../db/repositories/repositories.js'

export interface AddressGap {
  network: string
  /** Addresses handed out, and how many of them were ever paid. */
  handedOut: number
  used: number
  /** The longest run of consecutive unpaid indexes before the last paid one. */
  longestUnusedRun: number
  /** The gap limit a wallet restored from the xpub needs to find every paid address. */
  neededGapLimit: number
}

/**
 * BIP44 wallets restored from an xpub stop looking after `gap limit` unused addresses in a row
 * (20 by default in Electrum and Sparrow). Kassa hands out a fresh address per payment and many
 * payments are never paid, so runs of unused addresses grow; Kassa itself misses nothing (it
 * watches every address it handed out), but a merchant checking the same xpub in a wallet must
 * set that wallet's gap limit to at least `neededGapLimit`. `kassa deposits gap` prints it.
 */
export async function addressGap(repos: Repositories, network: string): Promise<AddressGap> {
  const indexes = await repos.depositAddresses.indexUse(network)
  let lastUsed = -1
  let longest = 0
  let used = 0
  for (const { index, used: paid } of indexes) {
    if (!paid) continue
    used++
    longest = Math.max(longest, index - lastUsed - 1)
    lastUsed = index
  }
  return { network, handedOut: indexes.length, used, longestUnusedRun: longest, neededGapLimit: longest + 1 }
}
