import { secp256k1 } from '@noble/curves/secp256k1'
import { Block, Psbt, type Transaction, address as addressCodec } from 'bitcoinjs-lib'
import type { BitcoinNode } from './bitcoin-node.js'
import type { FunderKeys } from './funder-keys.js'
import { NODE_ADDRESS_NETWORK, REGTEST_NETWORK } from './networks.js'

export interface Outpoint {
  txid: string
  vout: number
}

export interface FunderCoin extends Outpoint {
  sats: bigint
  coinbase: boolean
}

export interface PayOutput {
  /** Kassa's encoding (bcrt1…/rltc1…/m…/n…) or, for LTC, ltcd's own (bcrt1…). */
  address: string
  sats: bigint
}

export interface PayOptions {
  /** sat/vB; default 2 (btcd and ltcd relay from 1 sat/vB). */
  feeRate?: bigint
  /** Signal BIP125 replaceability (nSequence 0xfffffffd); default false. btcd 0.24 replaces only signalling transactions. */
  rbf?: boolean
  /** Spend exactly these coins (a conflict, or a double spend on another node); else the funder picks unspent ones. */
  inputs?: Outpoint[]
}

export interface SignedTx {
  txid: string
  hex: string
  inputs: FunderCoin[]
  fee: bigint
  vsize: number
}

const SEQUENCE_FINAL = 0xffffffff
const SEQUENCE_RBF = 0xfffffffd
const DUST = 1000n
const COINBASE_MATURITY = 100

/**
 * The run's funder key (P2WPKH) on one node: it owns every coinbase of the prepared chain and of
 * `mine()`, and the change of its own payments. It signs with bitcoinjs-lib through a @noble/curves
 * signer. Coins are checked with `gettxout … true` before use, so a coin spent by a block or
 * the mempool is never picked; a coin the funder itself signed away is not picked again
 * (pass `inputs` to spend it on purpose), even if that transaction was never broadcast or was dropped.
 */
export class Funder {
  readonly address: string
  /** The same address as the node's RPC prints it (bcrt1… for ltcd). */
  readonly nodeAddress: string
  readonly publicKey: Uint8Array
  #node: BitcoinNode
  #keys: FunderKeys
  #coins = new Map<string, FunderCoin>()
  #used = new Set<string>()
  #signed = new Map<string, SignedTx>()

  /** @internal */
  constructor(node: BitcoinNode, keys: FunderKeys, blocks: string[]) {
    this.#node = node
    this.#keys = keys
    this.address = keys.address
    this.nodeAddress = keys.nodeAddress
    this.publicKey = keys.publicKey
    for (const hex of blocks) this.learnBlock(hex)
  }

  /** @internal records the coinbase outputs paying the funder */
  learnBlock(hex: string): void {
    const coinbase = Block.fromHex(hex).transactions![0]!
    this.#learnTx(coinbase, true)
  }

  #learnTx(tx: Transaction, coinbase: boolean): void {
    const txid = tx.getId()
    tx.outs.forEach((out, vout) => {
      if (Buffer.compare(Buffer.from(out.script), Buffer.from(this.#keys.script)) === 0)
        this.#coins.set(`${txid}:${vout}`, { txid, vout, sats: BigInt(out.value), coinbase })
    })
  }

  /** Signs and broadcasts to this funder's node. */
  async pay(outputs: PayOutput[], opts: PayOptions = {}): Promise<SignedTx> {
    const tx = await this.signOnly(outputs, opts)
    await this.broadcast(tx.hex)
    return tx
  }

  /** Signs without broadcasting (send it with `broadcast(hex, node)` to any node). */
  async signOnly(outputs: PayOutput[], opts: PayOptions = {}): Promise<SignedTx> {
    const feeRate = opts.feeRate ?? 2n
    const scripts = outputs.map((o) => ({ script: this.#outputScript(o.address), sats: o.sats }))
    const want = scripts.reduce((s, o) => s + o.sats, 0n)
    const outVbytes = scripts.reduce((s, o) => s + 9 + o.script.length, 0) + 31 // + change
    const inputs = opts.inputs
      ? opts.inputs.map((o) => this.#known(o))
      : await this.#pick((n) => want + feeRate * BigInt(Math.ceil(11 + 68 * n + outVbytes)))
    // P2WPKH input: 41 bytes + (1+1+72+1+33)/4 witness = 68 vB with the longest DER signature.
    const vsizeEstimate = BigInt(11 + 68 * inputs.length + outVbytes)
    const fee = feeRate * vsizeEstimate
    const have = inputs.reduce((s, c) => s + c.sats, 0n)
    const change = have - want - fee
    if (change < 0n) throw new Error(`funder: inputs hold ${have} sats, outputs and fee need ${want + fee}`)

    const psbt = new Psbt({ network: REGTEST_NETWORK[this.#node.coin], maximumFeeRate: 1_000_000 })
    psbt.setVersion(2)
    for (const c of inputs)
      psbt.addInput({
        hash: c.txid,
        index: c.vout,
        sequence: opts.rbf ? SEQUENCE_RBF : SEQUENCE_FINAL,
        witnessUtxo: { script: this.#keys.script, value: c.sats },
      })
    for (const o of scripts) psbt.addOutput({ script: o.script, value: o.sats })
    if (change >= DUST) psbt.addOutput({ script: this.#keys.script, value: change })
    const priv = this.#keys.privateKey
    psbt.signAllInputs({
      publicKey: this.#keys.publicKey,
      sign: (hash: Uint8Array) => secp256k1.sign(hash, priv, { lowS: true }).toCompactRawBytes(),
    })
    psbt.finalizeAllInputs()
    const tx = psbt.extractTransaction(true)
    const signed: SignedTx = {
      txid: tx.getId(),
      hex: tx.toHex(),
      inputs,
      fee: have - want - (change >= DUST ? change : 0n),
      vsize: tx.virtualSize(),
    }
    for (const c of inputs) this.#used.add(`${c.txid}:${c.vout}`)
    this.#learnTx(tx, false)
    this.#signed.set(signed.txid, signed)
    return signed
  }

  /** sendrawtransaction on `node` (default: this funder's own), e.g. one side of two disconnected nodes. */
  broadcast(hex: string, node: BitcoinNode = this.#node): Promise<string> {
    return node.rpc<string>('sendrawtransaction', [hex])
  }

  /**
   * A transaction spending the same inputs as `txid` (signed here earlier) to other outputs.
   * BTC: broadcast as a BIP125 replacement; btcd 0.24 accepts it when the original signalled
   * (`rbf: true`) and this one pays more in total and per vB. LTC: ltcd 2019 has no replacement
   * and rejects any conflict, so the node is RESTARTED first (dropping its whole mempool, not
   * only the original) and the replacement is broadcast to the empty mempool.
   */
  async replace(txid: string, outputs: PayOutput[], opts: { feeRate: bigint }): Promise<SignedTx> {
    const original = this.#signed.get(txid)
    if (!original) throw new Error(`funder: ${txid} was not signed by this funder`)
    const tx = await this.signOnly(outputs, { feeRate: opts.feeRate, rbf: true, inputs: original.inputs })
    if (this.#node.coin === 'LTC') await this.#node.restart()
    await this.broadcast(tx.hex)
    return tx
  }

  /** Coins the funder knows of, spent or not (check with gettxout). */
  coins(): FunderCoin[] {
    return [...this.#coins.values()]
  }

  #known(o: Outpoint): FunderCoin {
    const c = this.#coins.get(`${o.txid}:${o.vout}`)
    if (!c) throw new Error(`funder: ${o.txid}:${o.vout} is not a funder coin`)
    return c
  }

  async #pick(need: (inputs: number) => bigint): Promise<FunderCoin[]> {
    const candidates = [...this.#coins.values()]
      .filter((c) => !this.#used.has(`${c.txid}:${c.vout}`))
      .sort((a, b) => (a.sats < b.sats ? 1 : -1))
    const picked: FunderCoin[] = []
    let sum = 0n
    for (const c of candidates) {
      const out = await this.#node.rpc<{ confirmations: number; coinbase: boolean } | null>('gettxout', [c.txid, c.vout, true])
      if (!out || out.confirmations < (c.coinbase ? COINBASE_MATURITY : 1)) continue
      picked.push(c)
      sum += c.sats
      if (sum >= need(picked.length)) return picked
    }
    throw new Error(`funder: not enough mature coins for ${need(picked.length)} sats (mine more blocks)`)
  }

  #outputScript(address: string): Uint8Array {
    try {
      return addressCodec.toOutputScript(address, REGTEST_NETWORK[this.#node.coin])
    } catch (e) {
      if (this.#node.coin !== 'LTC') throw e
      return addressCodec.toOutputScript(address, NODE_ADDRESS_NETWORK.LTC)
    }
  }
}
