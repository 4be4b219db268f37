import type { ChainAdapter } from './adapter.js'

/** The explorer page of `txHash` on the adapter's network, or null when none is configured. */
export function explorerTxLink(adapter: Pick<ChainAdapter, 'explorerTxUrl'> | undefined, txHash: string): string | null {
  const template = adapter?.explorerTxUrl
  if (template === undefined) return null
  // A hash is hex (with 0x on EVM); encoding anyway keeps a stored oddity from reshaping the URL.
  return template.replaceAll('{tx}', encodeURIComponent(txHash))
}
