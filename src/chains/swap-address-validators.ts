import { isValidBitcoinLikeAddress } from './codecs/bitcoin/bitcoin-address.js'
import { isValidDogecoinAddress } from './codecs/dogecoin/dogecoin-address.js'
import { isValidEvmAddress } from './adapters/evm/evm-address.js'
import { isValidSolanaAddress } from './codecs/solana/solana-address.js'
import { isValidTonAddress } from './codecs/ton/ton-address.js'
import { isValidTronAddress } from './adapters/tron/tron-address.js'
import { isValidXrpAddress, parseXrpAddress } from './codecs/xrp/xrp-address.js'

/**
 * Destination address checks for the Swap API's networks (by its network codes), each with
 * the ecosystem's own library. Destinations are real-network addresses even in test mode: the
 * seed's samples pay mainnet addresses, and a simulated payout only records the transfer.
 */
export const SWAP_ADDRESS_VALIDATORS: Readonly<Record<string, (address: string) => boolean>> = {
  btc: (a) => isValidBitcoinLikeAddress(a, 'bitcoin'),
  ltc: (a) => isValidBitcoinLikeAddress(a, 'litecoin'),
  doge: isValidDogecoinAddress,
  eth: isValidEvmAddress,
  erc20: isValidEvmAddress,
  trx: isValidTronAddress,
  xrp: isValidXrpAddress,
  ton: isValidTonAddress,
  sol: isValidSolanaAddress,
}

/** The destination tag packed inside an address (an XRP X-address), as text; null if none. */
export function embeddedDestinationTag(network: string, address: string): string | null {
  if (network !== 'xrp') return null
  const x = parseXrpAddress(address)
  return x && x.tag !== false ? String(x.tag) : null
}
