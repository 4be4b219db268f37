export { tronAddressFromHash, isValidTronAddress, tronAddressToHex } from './tron-address.js'
export { tronUri } from './tron-uri.js'
