import { secp256k1 } from '@noble/curves/secp256k1'
import { Psbt, Transaction, address as bitcoinAddress } from 'bitcoinjs-lib'
import coinSelect from 'coinselect'
import type { BitcoinNetworkConfig } from '../../../config/bitcoin-networks.js'
import { ChainRpcError } from '../../../errors/index.js'
import { formatAmount } from '../../../money/index.js'
import type { PayoutReceipt, PayoutRequest, ReceivedOutput, SendCapability, SignedPayout, StoredTransaction } from '../../adapter.js'
import { bitcoinLikeNetwork } from '../../codecs/bitcoin/bitcoin-networks.js'
import type { BitcoinLikeNetworkName } from '../../codecs/bitcoin/bitcoin-networks.js'
import { feeRate } from './bitcoin-fees.js'
import type { BitcoinDepositKeys, OwnAddress } from './bitcoin-keys.js'
import { hash160, hotWalletAddress } from './bitcoin-keys.js'
import { BitcoinRpcError, findTransaction, isUnspent } from './bitcoin-rpc.js'
import type { BitcoinRpc } from './bitcoin-rpc.js'
import { DUST_LIMIT, INPUT_VBYTES, OUTPUT_VBYTES, TX_OVERHEAD_VBYTES } from './bitcoin-sizes.js'

/** BIP125: any input below 0xfffffffe signals that the transaction may be replaced (a fee bump). */
const RBF_SEQUENCE = 0xfffffffd

/** The wallet cannot pay this payout now (coins, fee): it waits, and its reason is shown. */
export class BitcoinFundsError extends Error {}

/** Outputs one transaction pays at most: Swap API split orders have up to 10. */
const MAX_BATCH = 10

interface Output {
  script: Uint8Array
  value: bigint
}

/** A coin the wallet can spend: an unspent output to one of its addresses. */
interface Coin extends ReceivedOutput {
  owner: OwnAddress
  key: Uint8Array
}

export interface BitcoinSendOptions {
  config: BitcoinNetworkConfig
  rpc: BitcoinRpc
  networkName: BitcoinLikeNetworkName
  depositKeys: BitcoinDepositKeys
  hotWalletKey: Uint8Array
}

export interface BitcoinSend extends SendCapability {
  /**
   * A replacement for a payout's stuck transaction (BIP125): the same coins and outputs, the
   * change smaller by the higher fee. Its rate is at least `rate` (default: the estimate now),
   * and above the old one by the node's relay increment.
   */
  bump(tx: StoredTransaction, rate?: bigint): Promise<SignedPayout>
}

/**
 * Payouts on a UTXO chain. Kassa keeps no wallet in the node: the coins are the outputs the
 * watcher recorded to the sending address (`received`), less those the node says are spent and
 * those a payout in flight spends (read from its stored bytes), so two payouts never take one
 * coin, even before the first is broadcast. Coins are chosen by coinselect, change goes back to
 * the hot wallet, every input signals RBF so `kassa payouts bump` can raise a stuck fee.
 */
export function createBitcoinSend(opts: BitcoinSendOptions): BitcoinSend {
  const { config, rpc, networkName, depositKeys, hotWalletKey } = opts
  const net = config.network
  const params = bitcoinLikeNetwork(networkName)
  const hot = hotWalletAddress(hotWalletKey, networkName)
  const coinName = config.coin
  const show = (sats: bigint) => `${formatAmount(sats, 8)} ${coinName}`
  /** Outputs the node said were spent in a block: never asked about again. */
  const spentInChain = new Set<string>()

  /** The unspent coins of `owner` that no payout in flight spends. */
  async function spendable(
    owner: OwnAddress,
    key: Uint8Array,
    inFlight: readonly StoredTransaction[],
    received: (() => Promise<readonly ReceivedOutput[]>) | undefined,
  ): Promise<Coin[]> {
    if (!received) throw new ChainRpcError(net, 'sign', 'no record of received outputs was given')
    const taken = new Set<string>()
    for (const t of inFlight) for (const i of Transaction.fromHex(t.rawTransaction).ins) taken.add(outpoint(txidOf(i.hash), i.index))
    const candidates = (await received()).filter((r) => {
      const id = outpoint(r.txHash, r.outputIndex)
      return !taken.has(id) && !spentInChain.has(id)
    })
    const coins: Coin[] = []
    for (let i = 0; i < candidates.length; i += 16) {
      const batch = candidates.slice(i, i + 16)
      const states = await Promise.all(batch.map((c) => coinState(c)))
      batch.forEach((c, j) => {
        if (states[j] === 'unspent') coins.push({ ...c, owner, key })
        else if (states[j] === 'spent-in-chain') spentInChain.add(outpoint(c.txHash, c.outputIndex))
      })
    }
    return coins
  }

  async function coinState(c: ReceivedOutput): Promise<'unspent' | 'spent-in-pool' | 'spent-in-chain'> {
    if (await isUnspent(rpc, c.txHash, c.outputIndex, true)) return 'unspent'
    return (await isUnspent(rpc, c.txHash, c.outputIndex, false)) ? 'spent-in-pool' : 'spent-in-chain'
  }

  /** Signs inputs of any of the three address types Kassa derives. */
  async function signTransaction(
    coins: readonly Coin[],
    outputs: ReadonlyArray<{ script: Uint8Array; value: bigint }>,
  ): Promise<Transaction> {
    const psbt = new Psbt({ network: params })
    for (const c of coins) {
      const base = { hash: c.txHash, index: c.outputIndex, sequence: RBF_SEQUENCE }
      if (c.owner.kind === 'p2wpkh') psbt.addInput({ ...base, witnessUtxo: { script: c.owner.script, value: c.amount } })
      else if (c.owner.kind === 'p2sh-p2wpkh')
        psbt.addInput({
          ...base,
          witnessUtxo: { script: c.owner.script, value: c.amount },
          // The P2WPKH program the P2SH output commits to: its key's HASH160, not the script hash.
          redeemScript: Uint8Array.from([0x00, 0x14, ...hash160(c.owner.publicKey)]),
        })
      else {
        // A legacy input signs its whole previous transaction (no segwit amount commitment).
        const prev = await rpc.call<string>('getrawtransaction', [c.txHash, 0])
        psbt.addInput({ ...base, nonWitnessUtxo: Buffer.from(prev, 'hex') })
      }
    }
    for (const o of outputs) psbt.addOutput({ script: o.script, value: o.value })
    coins.forEach((c, i) => {
      psbt.signInput(i, {
        publicKey: c.owner.publicKey,
        sign: (hash: Uint8Array) => secp256k1.sign(hash, c.key, { lowS: true }).toCompactRawBytes(),
      })
    })
    psbt.finalizeAllInputs()
    return psbt.extractTransaction(true)
  }

  function signed(tx: Transaction, from: string, fee: bigint): StoredTransaction & { maxFee: bigint } {
    return { txHash: tx.getId(), rawTransaction: tx.toHex(), fromAddress: from, nonce: null, maxFee: fee }
  }

  /** Payouts from the hot wallet to `targets` (one or a batch), change back to it; the fee rate is `rate`. */
  async function payFromHotWallet(targets: readonly Output[], coins: Coin[], rate: bigint): Promise<{ tx: Transaction; fee: bigint }> {
    // coinselect counts in JS numbers: exact here, since no coin's supply (BTC 21 M, LTC 84 M) reaches 2^53 atomic units.
    const result = coinSelect(
      coins.map((c) => ({
        txId: c.txHash,
        vout: c.outputIndex,
        value: Number(c.amount),
        script: { length: INPUT_VBYTES[c.owner.kind] - 41 },
        coin: c,
      })),
      targets.map((o) => ({ value: Number(o.value), script: { length: o.script.length } })),
      Number(rate),
    )
    if (!result.inputs || !result.outputs) {
      const total = coins.reduce((a, c) => a + c.amount, 0n)
      const need = targets.reduce((a, o) => a + o.value, 0n)
      throw new BitcoinFundsError(
        `the hot wallet ${hot.address} has ${show(total)} in ${coins.length} spendable confirmed coins; ${targets.length > 1 ? `these ${targets.length} payouts need` : 'this payout needs'} ${show(need)} and the fee at ${rate} sat/vB`,
      )
    }
    const outputs = [...targets]
    // coinselect appends the change (if it is worth an output) after the targets.
    const change = result.outputs[targets.length]
    if (change?.value !== undefined && BigInt(change.value) >= DUST_LIMIT) outputs.push({ script: hot.script, value: BigInt(change.value) })
    const chosen = result.inputs.map((u) => u.coin)
    const tx = await signTransaction(chosen, outputs)
    return { tx, fee: chosen.reduce((a, c) => a + c.amount, 0n) - outputs.reduce((a, o) => a + o.value, 0n) }
  }

  /**
   * Every coin of one or more deposit addresses to `to` in one output, less the fee (sweeps).
   * Each address's share: its coins less the fee of its own inputs; the first also pays the
   * transaction's overhead and output.
   */
  async function payAll(
    owners: readonly Coin[][],
    to: Uint8Array,
    rate: bigint,
  ): Promise<{ tx: Transaction; fee: bigint; amounts: bigint[] }> {
    const amounts = owners.map((coins, i) => {
      const own = coins.reduce((a, c) => a + c.amount - BigInt(INPUT_VBYTES[c.owner.kind]) * rate, 0n)
      const amount = i === 0 ? own - (TX_OVERHEAD_VBYTES + OUTPUT_VBYTES) * rate : own
      if (amount < DUST_LIMIT) {
        const total = coins.reduce((a, c) => a + c.amount, 0n)
        throw new BitcoinFundsError(
          `${coins[0]!.owner.address} holds ${show(total)}: not more than a sweep's fee at ${rate} sat/vB and dust`,
        )
      }
      return amount
    })
    const all = owners.flat()
    const value = amounts.reduce((a, b) => a + b, 0n)
    const tx = await signTransaction(all, [{ script: to, value }])
    return { tx, fee: all.reduce((a, c) => a + c.amount, 0n) - value, amounts }
  }

  async function rateNow(): Promise<bigint> {
    return feeRate(rpc, config.fees)
  }

  function outputScript(address: string): Uint8Array {
    try {
      return bitcoinAddress.toOutputScript(address, params)
    } catch {
      throw new ChainRpcError(net, 'sign', `${address} is not an address of ${net}`)
    }
  }

  /** One payout or a batch: all from the hot wallet, or all sweeps of deposit addresses to one address. */
  async function signMany(
    requests: readonly PayoutRequest[],
    inFlight: readonly StoredTransaction[],
    received: (address: string) => Promise<readonly ReceivedOutput[]>,
  ): Promise<StoredTransaction & { amounts: bigint[]; maxFee: bigint }> {
    for (const r of requests) if (r.currency !== config.coin) throw new ChainRpcError(net, 'sign', `cannot send ${r.currency} on ${net}`)
    const rate = await rateNow()
    const sweeps = requests.filter((r) => r.from.kind === 'deposit')
    if (sweeps.length === requests.length) {
      const to = outputScript(requests[0]!.to)
      if (requests.some((r) => r.to !== requests[0]!.to || r.amount !== 'all'))
        throw new ChainRpcError(net, 'sign', 'deposit addresses only send their whole balance to one address (sweeps)')
      const owners: Coin[][] = []
      for (const r of requests) {
        const index = (r.from as { index: number }).index
        const owner = depositKeys.address(index)
        const coins = await spendable(owner, depositKeys.privateKey(index), inFlight, () => received(owner.address))
        if (coins.length === 0) throw new BitcoinFundsError(`${owner.address} has no confirmed unspent coins to sweep`)
        owners.push(coins)
      }
      const { tx, fee, amounts } = await payAll(owners, to, rate)
      return { ...signed(tx, depositKeys.address((requests[0]!.from as { index: number }).index).address, fee), amounts }
    }
    if (sweeps.length > 0) throw new ChainRpcError(net, 'sign', 'a batch is all sweeps or all payouts from the hot wallet')
    const targets: Output[] = requests.map((r) => {
      if (r.amount === 'all') throw new ChainRpcError(net, 'sign', 'the hot wallet does not send its whole balance')
      if (r.amount < DUST_LIMIT) throw new BitcoinFundsError(`${show(r.amount)} is below the dust limit of ${show(DUST_LIMIT)}`)
      return { script: outputScript(r.to), value: r.amount }
    })
    const coins = await spendable(hot, hotWalletKey, inFlight, () => received(hot.address))
    const { tx, fee } = await payFromHotWallet(targets, coins, rate)
    return { ...signed(tx, hot.address, fee), amounts: targets.map((o) => o.value) }
  }

  return {
    hotWalletAddress: () => hot.address,
    canSweep: depositKeys.canSign,
    depositAddress: (index) => depositKeys.address(index).address,
    minimumAmount: DUST_LIMIT,
    spentCoins: spentCoinsOf,
    // `received` already holds only this address's outputs.
    async balance(_address, currency, received) {
      if (currency !== config.coin) throw new ChainRpcError(net, 'balance', `${currency} is not the coin of this network`)
      if (!received) throw new ChainRpcError(net, 'balance', 'no record of received outputs was given')
      let total = 0n
      for (const r of await received()) if ((await coinState(r)) === 'unspent') total += r.amount
      return total
    },
    async maxNativeTransferFee() {
      return (TX_OVERHEAD_VBYTES + BigInt(INPUT_VBYTES.p2wpkh) + 2n * OUTPUT_VBYTES) * (await rateNow())
    },
    async sign(req: PayoutRequest, inFlight, received): Promise<SignedPayout> {
      if (!received) throw new ChainRpcError(net, 'sign', 'no record of received outputs was given')
      const signedOnce = await signMany([req], inFlight, async () => received())
      return { ...signedOnce, amount: signedOnce.amounts[0]! }
    },
    maxBatch: MAX_BATCH,
    signBatch: (requests, inFlight, received) => signMany(requests, inFlight, received),
    async bump(stored, rate) {
      const old = Transaction.fromHex(stored.rawTransaction)
      // The coins it spends, read once: they are the replacement's inputs and give the old fee.
      const coins: Coin[] = []
      for (const i of old.ins) {
        const txHash = txidOf(i.hash)
        const prev = Transaction.fromHex(await rpc.call<string>('getrawtransaction', [txHash, 0]))
        const out = prev.outs[i.index]!
        if (!equalBytes(out.script, hot.script)) throw new BitcoinFundsError('only the hot wallet’s own payouts can be bumped')
        coins.push({ txHash, outputIndex: i.index, amount: out.value, owner: hot, key: hotWalletKey })
      }
      const oldFee = coins.reduce((a, c) => a + c.amount, 0n) - old.outs.reduce((a, o) => a + o.value, 0n)
      const vsize = BigInt(old.virtualSize())
      // BIP125 rule 4: the replacement pays for its own relay on top of the old fee (1 sat/vB, the default incremental rate).
      const wanted = rate ?? (await rateNow())
      const newFee = bigMax(wanted * vsize, oldFee + vsize)
      const extra = newFee - oldFee
      const changeIndex = old.outs.findIndex((o) => equalBytes(o.script, hot.script))
      if (changeIndex < 0 || old.outs[changeIndex]!.value - extra < DUST_LIMIT)
        throw new BitcoinFundsError(
          'the transaction has no change to pay a higher fee from (a sweep, or change too small): it cannot be bumped',
        )
      const outputs = old.outs.map((o, i) => ({ script: o.script, value: i === changeIndex ? o.value - extra : o.value }))
      const tx = await signTransaction(coins, outputs)
      const sent = outputs.reduce((a, o, i) => (i === changeIndex ? a : a + o.value), 0n)
      return { ...signed(tx, hot.address, newFee), amount: sent }
    },
    async broadcast(tx: StoredTransaction) {
      try {
        await rpc.call<string>('sendrawtransaction', [tx.rawTransaction])
      } catch (err) {
        // Already known, already mined, or its coins spent by another: `receipt` tells which.
        if (err instanceof BitcoinRpcError && receiptDecides(err)) return
        throw err
      }
    },
    async receipt(tx: StoredTransaction): Promise<PayoutReceipt> {
      const found = await findTransaction(rpc, tx.txHash)
      if (found?.blockhash && (found.confirmations ?? 0) > 0) {
        const header = await rpc.call<{ height: number }>('getblockheader', [found.blockhash, true])
        return { state: 'mined', blockHeight: header.height, confirmations: found.confirmations!, success: true }
      }
      if (found) return { state: 'pending' }
      // Neither mined nor in the pool. If another transaction spent one of its coins it can
      // never be mined; otherwise the node lost it and it is sent again.
      for (const i of Transaction.fromHex(tx.rawTransaction).ins) {
        const prev = txidOf(i.hash)
        if (!(await isUnspent(rpc, prev, i.index, true)))
          return { state: 'replaced', reason: `coin ${prev}:${i.index} it spends was spent by another transaction` }
      }
      return { state: 'unknown' }
    },
  }
}

/** The node's refusals that mean the transaction is already there, or can never be: the receipt tells which. */
function receiptDecides(err: BitcoinRpcError): boolean {
  // -27 already in the chain; -25 missing or spent inputs (it was mined, or replaced); "already
  // have" is btcd's answer for a transaction in its pool.
  return err.rpcCode === -27 || err.rpcCode === -25 || /already|txn-mempool-conflict|missing|spent|orphan/i.test(err.rpcMessage)
}

/** The coins a raw transaction spends, as `txid:vout` (the txid as RPC shows it). */
export function spentCoinsOf(rawTransaction: string): string[] {
  return Transaction.fromHex(rawTransaction).ins.map((i) => outpoint(txidOf(i.hash), i.index))
}

function outpoint(txid: string, vout: number): string {
  return `${txid}:${vout}`
}

/** A txid as RPC shows it (byte-reversed) from the hash inside an input. */
function txidOf(hash: Uint8Array): string {
  return Buffer.from(hash).reverse().toString('hex')
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}
