/**
 * The real signed transactions of the recorded answers in test/fixtures/tron/: every
 * transaction of the recorded mainnet blocks and the signed Shasta transactions of the
 * recorded broadcasts, with the raw_data JSON the node printed for them. The double's own
 * tests check its decoder and signature recovery against these.
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
  return out
}
