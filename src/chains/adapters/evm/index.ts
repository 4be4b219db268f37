export { evmAddressFromHash, isValidEvmAddress, checksumEvmAddress } from './evm-address.js'
export { eip681NativeUri, eip681TokenUri } from './eip681.js'
