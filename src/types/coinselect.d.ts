// coinselect (bitcoinjs' coin selection) ships no types; these are the parts Kassa calls.
declare module 'coinselect' {
  export interface CoinSelectUtxo {
    txId: string
    vout: number
    value: number
    /** Only its length is read: the input's size in bytes beyond its 41-byte base. */
    script?: { length: number }
  }
  export interface CoinSelectTarget {
    address?: string
    value?: number
    script?: { length: number }
  }
  export interface CoinSelectResult<U, T> {
    inputs?: U[]
    outputs?: Array<T | { value: number; address?: undefined }>
    fee: number
  }
  export default function coinSelect<U extends CoinSelectUtxo, T extends CoinSelectTarget>(
    utxos: U[],
    outputs: T[],
    feeRate: number,
  ): CoinSelectResult<U, T>
}
