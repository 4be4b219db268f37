/**
 * The real signed transactions of the recorded answers in test/fixtures/tron/: every
 * transaction of the recorded mainnet blocks, the signed Shasta transactions of the recorded
 * broadcasts, and the signed ones in transactions/ (collected separately, see SOURCES.md there),
 * with the raw_data JSON printed for them. The double's own tests check its decoder and
 * signature recovery against these.
 */
import { readFixture } from './networks.js'

export interface RecordedTransaction {
  source: string
  visible: boolean
  txID: string
  raw_data: Record<string, unknown> & {
    contract: Array<{ type: string; Permission_id?: number; parameter: { value: Record<string, unknown> } }>
  }
  raw_data_hex: string
  signature: string[]
}

const BLOCKS: Array<[string, boolean]> = [
  ['blocks/mainnet-61132092-getnowblock.json', false],
  ['blocks/mainnet-60954080-getnowblock.json', false],
  ['blocks/mainnet-47964392-getnowblock.json', false],
  ['blocks/mainnet-30864544-getblockbynum.json', false],
  ['blocks/mainnet-60836289-getblockbynum-visible.json', true],
]

const EXCHANGES = ['recorded-exchanges/shasta-send-trx.json', 'recorded-exchanges/shasta-test-send-trc20-token.json']

/** Files of transactions/ holding a node's JSON print of a signed transaction, and whether it is the base58 form. */
const TRANSACTION_FILES: Array<[string, boolean]> = [
  ['transactions/trx-transfer-nile-http-c558bd35.json', false],
  ['transactions/trx-transfer-nile-wallet-cli-21851bcf.json', true],
  ['transactions/trc20-transfer-nile-gotron-c70b20da.json', false],
]

/** A whole signed Transaction as hex (what /wallet/broadcasthex carries), with the txID its source states. */
export interface RecordedSignedHex {
  source: string
  hex: string
  txID: string
  /** The contract type the source states, when it states one. */
  type?: string
}

export function recordedSignedHex(): RecordedSignedHex[] {
  const cli = readFixture<{ signed_transaction_hex: string; txID: string }>('transactions/trx-transfer-nile-wallet-cli-21851bcf.json')
  const bitquery = readFixture<{ Transaction_Data: string; Transaction_Hash: string }>(
    'transactions/trc20-usdt-mainnet-bitquery-e122cba6.transaction.json',
  )
  const asset = readFixture<{ transaction: string }>('transactions/trc10-transfer-asset-docs-broadcasthex.json')
  return [
    { source: 'wallet-cli', hex: cli.signed_transaction_hex, txID: cli.txID, type: 'TransferContract' },
    { source: 'bitquery', hex: bitquery.Transaction_Data, txID: bitquery.Transaction_Hash, type: 'TriggerSmartContract' },
    // documentation-en's broadcasthex example; its txID is not stated there.
    { source: 'docs broadcasthex', hex: asset.transaction.toLowerCase(), txID: '', type: 'TransferAssetContract' },
  ]
}

export function recordedTransactions(): RecordedTransaction[] {
  const out: RecordedTransaction[] = []
  for (const [file, visible] of BLOCKS) {
    const block = readFixture<{ transactions?: Omit<RecordedTransaction, 'source' | 'visible'>[] }>(file)
    for (const t of block.transactions ?? []) out.push({ ...t, source: file, visible })
  }
  for (const file of EXCHANGES) {
    const exchanges = readFixture<Array<{ url: string; request: Record<string, unknown> | null }>>(file)
    for (const e of exchanges) {
      if (!e.url.endsWith('/wallet/broadcasttransaction') || !e.request) continue
      const r = e.request as unknown as Omit<RecordedTransaction, 'source'>
      out.push({
        txID: r.txID,
        raw_data: r.raw_data,
        raw_data_hex: r.raw_data_hex,
        signature: r.signature,
        source: file,
        visible: r.visible,
      })
    }
  }
  for (const [file, visible] of TRANSACTION_FILES) {
    const t = readFixture<Omit<RecordedTransaction, 'source' | 'visible'>>(file)
    out.push({ txID: t.txID, raw_data: t.raw_data, raw_data_hex: t.raw_data_hex, signature: t.signature, source: file, visible })
  }
  return out
}
