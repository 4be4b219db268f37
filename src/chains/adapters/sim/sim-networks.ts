import type { ChainCurrencyCode, NetworkFamily } from '../../../money/index.js'
import { p2wpkhAddressFromHash } from '../../codecs/bitcoin/bitcoin-address.js'
import { isValidBitcoinLikeAddress } from '../../codecs/bitcoin/bitcoin-address.js'
import { dogecoinAddressFromHash, isValidDogecoinAddress } from '../../codecs/dogecoin/dogecoin-address.js'
import { evmAddressFromHash, isValidEvmAddress } from '../evm/evm-address.js'
import { isValidSolanaAddress, solanaAddressFromHash } from '../../codecs/solana/solana-address.js'
import { isValidTonTestAddress, tonTestAddressFromHash } from '../../codecs/ton/ton-address.js'
import { isValidTronAddress, tronAddressFromHash } from '../tron/tron-address.js'
import { isValidXrpTestAddress, xrpTestAddressFromHash } from '../../codecs/xrp/xrp-address.js'

/**
 * The simulated networks, one per family, as data. Their addresses use the families' test
 * formats where one exists (tb1…, tltc1…, Dogecoin testnet n…, XRP test X-addresses T…, TON
 * test-only 0Q…) so a sim address pasted into a real wallet is refused rather than paid; EVM,
 * TRON and Solana have no separate test format, so pages and API responses say "test mode"
 * instead. DOGE, XRP, TON and SOL are swap-only coins (src/money/currencies.ts): their
 * networks serve Swap API orders, never a store.
 */
export interface SimNetworkSpec {
  network: string
  family: NetworkFamily
  currencies: readonly ChainCurrencyCode[]
  /** The address for a 32-byte digest; families with 20-byte account ids take its first 20 bytes. */
  encodeAddress(digest: Uint8Array): string
  validateAddress(address: string): boolean
  /** Payouts carry a destination tag / comment (XRP, TON), recorded on the simulated transaction. */
  supportsPayoutMemo?: boolean
  /** EVM chain id used in EIP-681 URIs: 1337, the conventional local development chain. */
  chainId?: number
}

const first20 = (d: Uint8Array): Uint8Array => d.subarray(0, 20)

export const SIM_NETWORKS: readonly SimNetworkSpec[] = [
  {
    network: 'sim-bitcoin',
    family: 'bitcoin',
    currencies: ['BTC'],
    encodeAddress: (d) => p2wpkhAddressFromHash(first20(d), 'testnet'),
    validateAddress: (a) => isValidBitcoinLikeAddress(a, 'testnet'),
  },
  {
    network: 'sim-litecoin',
    family: 'litecoin',
    currencies: ['LTC'],
    encodeAddress: (d) => p2wpkhAddressFromHash(first20(d), 'litecoin-testnet'),
    validateAddress: (a) => isValidBitcoinLikeAddress(a, 'litecoin-testnet'),
  },
  {
    network: 'sim-ethereum',
    family: 'ethereum',
    currencies: ['ETH', 'USDT_ERC20'],
    encodeAddress: (d) => evmAddressFromHash(first20(d)),
    validateAddress: isValidEvmAddress,
    chainId: 1337,
  },
  {
    network: 'sim-tron',
    family: 'tron',
    currencies: ['TRX', 'USDT_TRC20'],
    encodeAddress: (d) => tronAddressFromHash(first20(d)),
    validateAddress: isValidTronAddress,
  },
  {
    network: 'sim-dogecoin',
    family: 'dogecoin',
    currencies: ['DOGE'],
    encodeAddress: (d) => dogecoinAddressFromHash(first20(d), 'dogecoin-testnet'),
    validateAddress: (a) => isValidDogecoinAddress(a, 'dogecoin-testnet'),
  },
  {
    network: 'sim-xrp',
    family: 'xrp',
    currencies: ['XRP'],
    encodeAddress: (d) => xrpTestAddressFromHash(first20(d)),
    validateAddress: isValidXrpTestAddress,
    supportsPayoutMemo: true,
  },
  {
    network: 'sim-ton',
    family: 'ton',
    currencies: ['TON'],
    encodeAddress: tonTestAddressFromHash,
    validateAddress: isValidTonTestAddress,
    supportsPayoutMemo: true,
  },
  {
    network: 'sim-solana',
    family: 'solana',
    currencies: ['SOL'],
    encodeAddress: solanaAddressFromHash,
    validateAddress: isValidSolanaAddress,
  },
]
