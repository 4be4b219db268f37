import { currencyInfo, formatAmount } from '../money/index.js'
import type { ChainCurrencyCode, NetworkFamily } from '../money/index.js'
import { bip21Uri } from './codecs/bitcoin/bip21.js'
import { eip681NativeUri, eip681TokenUri } from './adapters/evm/eip681.js'
import { tronUri } from './adapters/tron/tron-uri.js'

export interface PaymentUriParams {
  family: NetworkFamily
  currency: ChainCurrencyCode
  address: string
  amount: bigint
  /** EVM only. */
  chainId?: number | undefined
  /** Token contract for ERC-20 / TRC-20 currencies. */
  tokenContract?: string | undefined
}

/**
 * The URI a wallet opens to pay: BIP21 for bitcoin and litecoin, EIP-681 for Ethereum and its
 * tokens, and TRON's de-facto `tron:` form. One function for every adapter, sim or real, so
 * that the checkout page shows the same kind of QR code whatever serves the network.
 *
 * The Swap API's own coins use their ecosystems' conventions: `dogecoin:` in BIP21's shape
 * (Dogecoin Core reads it); `xrpl://` with the amount in XRP (XLS-2d / Xaman's universal
 * handler); TON's `ton://transfer/` deep link, whose amount is in nanotons (Tonkeeper,
 * TON Connect); Solana Pay's `solana:` transfer request, amount in SOL.
 */
export function paymentUri(p: PaymentUriParams): string {
  const info = currencyInfo(p.currency)
  const amountText = formatAmount(p.amount, info.decimals)
  switch (p.family) {
    case 'bitcoin':
      return bip21Uri('bitcoin', p.address, amountText)
    case 'litecoin':
      return bip21Uri('litecoin', p.address, amountText)
    case 'ethereum': {
      const chainId = p.chainId ?? 1
      return p.tokenContract ? eip681TokenUri(p.tokenContract, chainId, p.address, p.amount) : eip681NativeUri(p.address, chainId, p.amount)
    }
    case 'tron':
      return tronUri(p.address, amountText, p.tokenContract)
    case 'dogecoin':
      return `dogecoin:${p.address}?amount=${amountText}`
    case 'xrp':
      return `xrpl://${p.address}?amount=${amountText}`
    case 'ton':
      return `ton://transfer/${p.address}?amount=${p.amount}`
    case 'solana':
      return `solana:${p.address}?amount=${amountText}`
  }
}
