export {
  BITCOIN_LIKE_NETWORK_NAMES, bitcoinLikeNetwork, isBitcoinLikeNetworkName,
} from './bitcoin-networks.js'
export type { BitcoinLikeNetworkName } from './bitcoin-networks.js'
export {
  p2wpkhAddressFromHash, bitcoinLikeAddressType, isValidBitcoinLikeAddress,
} from './bitcoin-address.js'
export type { BitcoinLikeAddressType } from './bitcoin-address.js'
export { bip21Uri } from './bip21.js'
export type { Bip21Scheme } from './bip21.js'
