/**
 * EIP-681 payment request URIs (https://eips.ethereum.org/EIPS/eip-681), the text behind the
 * QR code on an ETH or ERC-20 checkout:
 *
 *   request = "ethereum:" target_address [ "@" chain_id ] [ "/" function_name ] [ "?" parameters ]
 *
 * The chain id is always included so that a wallet on another EVM chain asks to switch
 * instead of sending on the chain it happens to be on.
 */
import { checksumEvmAddress } from './evm-address.js'

/**
 * `ethereum:<address>@<chainId>?value=<wei>` for a native-coin payment.
 *
 * `value` is the plain integer wei count (1.5 ETH is `value=1500000000000000000`), never the
 * scientific notation EIP-681 encourages (`1.5e18`). The integer form is valid under the same
 * `number` grammar, is exact by construction, and is the form wallet parsers handle most
 * reliably; exponent handling varies between wallets, and a misread exponent changes the
 * amount by orders of magnitude.
 *
 * Addresses are written in EIP-55 form. Throws a TypeError for an invalid address (including a
 * mixed-case one with a wrong checksum) and a RangeError for a chain id that is not a positive
 * safe integer or an amount outside 0…2^256-1 (the EVM word size).
 */
export function eip681NativeUri(address: string, chainId: number, wei: bigint): string {
  const target = checksumEvmAddress(address)
  assertChainId(chainId)
  assertAtomic(wei)
  return `ethereum:${target}@${chainId}?value=${wei.toString(10)}`
}

/**
 * `ethereum:<token>@<chainId>/transfer?address=<recipient>&uint256=<atomic>`: a call to the
 * token contract's ERC-20 `transfer(address,uint256)`, as in EIP-681's own token example.
 * `atomicAmount` is in the token's smallest unit (USDT has 6 decimals, so 12.5 USDT is
 * 12500000). Validation and errors as for eip681NativeUri.
 */
export function eip681TokenUri(token: string, chainId: number, recipient: string, atomicAmount: bigint): string {
  const contract = checksumEvmAddress(token)
  const to = checksumEvmAddress(recipient)
  assertChainId(chainId)
  assertAtomic(atomicAmount)
  return `ethereum:${contract}@${chainId}/transfer?address=${to}&uint256=${atomicAmount.toString(10)}`
}

function assertChainId(chainId: number): void {
  if (!Number.isSafeInteger(chainId) || chainId < 1) throw new RangeError(`Not a chain id: ${chainId}`)
}

const MAX_UINT256 = 2n ** 256n - 1n

function assertAtomic(amount: bigint): void {
  if (typeof amount !== 'bigint' || amount < 0n || amount > MAX_UINT256) {
    throw new RangeError(`Not an atomic amount: ${String(amount)}`)
  }
}
