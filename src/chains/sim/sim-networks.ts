import type { CurrencyCode, NetworkFamily } from '../../money/index.js'
import { p2wpkhAddressFromHash } from '../bitcoin/bitcoin-address.js'
import { isValidBitcoinLikeAddress } from '../bitcoin/bitcoin-address.js'
import { evmAddressFromHash, isValidEvmAddress } from '../evm/evm-address.js'
import { isValidTronAddress, tronAddressFromHash } from '../tron/tron-address.js'

/**
 * The simulated networks, one per family, as data. Their addresses use the families' test
 * formats where one exists (tb1…, tltc1…) so a sim address pasted into a real wallet is
 * refused rather than paid; EVM and TRON have no separate test format, so pages and API
 * responses say "test mode" instead.
 */
export interface SimNetworkSpec {
  network: string
  family: NetworkFamily
  currencies: readonly CurrencyCode[]
  encodeAddress(hash20: Uint8Array): string
  validateAddress(address: string): boolean
  /** EVM chain id used in EIP-681 URIs: 1337, the conventional local development chain. */
  chainId?: number
}

export const SIM_NETWORKS: readonly SimNetworkSpec[] = [
  {
    network: 'sim-bitcoin',
    family: 'bitcoin',
    currencies: ['BTC'],
    encodeAddress: (h) => p2wpkhAddressFromHash(h, 'testnet'),
    validateAddress: (a) => isValidBitcoinLikeAddress(a, 'testnet'),
  },
  {
    network: 'sim-litecoin',
    family: 'litecoin',
    currencies: ['LTC'],
    encodeAddress: (h) => p2wpkhAddressFromHash(h, 'litecoin-testnet'),
    validateAddress: (a) => isValidBitcoinLikeAddress(a, 'litecoin-testnet'),
  },
  {
    network: 'sim-ethereum',
    family: 'ethereum',
    currencies: ['ETH', 'USDT_ERC20'],
    encodeAddress: evmAddressFromHash,
    validateAddress: isValidEvmAddress,
    chainId: 1337,
  },
  {
    network: 'sim-tron',
    family: 'tron',
    currencies: ['TRX', 'USDT_TRC20'],
    encodeAddress: tronAddressFromHash,
    validateAddress: isValidTronAddress,
  },
]
