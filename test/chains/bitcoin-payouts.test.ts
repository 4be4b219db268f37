import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { Block, Transaction, address as bitcoinAddress, payments } from 'bitcoinjs-lib'
import { hotWalletAddress } from '../../src/chains/adapters/bitcoin/bitcoin-keys.js'
import { isValidBitcoinLikeAddress } from '../../src/chains/codecs/bitcoin/bitcoin-address.js'
import { bitcoinLikeNetwork } from '../../src/chains/codecs/bitcoin/bitcoin-networks.js'
import type { BitcoinLikeNetworkName } from '../../src/chains/codecs/bitcoin/bitcoin-networks.js'
import { createWithdrawal } from '../../src/services/payouts/create-withdrawal.js'
import { getPayout } from '../../src/services/payouts/payout-queries.js'
import { assertLedgerBalanced, balance, createPayment, status } from '../lifecycle/lifecycle-helpers.js'
import { ADDRESS_NETWORK, OPERATOR_TOKEN, startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'
import type { TestDatabase, TestDialect } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'

/**
 * The payout engine paying out real BTC and LTC on btcd / ltcd regtest: every transaction Kassa
 * signs is read back from the node and decoded with bitcoinjs-lib (outputs, RBF, fee rate), the
 * coins it spends are the wallet's own recorded outputs, and a restart at any step sends the
 * stored bytes, never a second payment.
 */
const COIN = 100_000_000n
/** A floor above the nodes' 1 sat/vB relay minimum, so "within the policy" can fail both ways. */
const FEES = { minRate: '2', maxRate: '20' }
const RBF_SEQUENCE = 0xfffffffd
const skip = bitcoinNodesSkipReason()
const dialects = await testDialects()

type Coin = 'BTC' | 'LTC'

const scriptOf = (coin: Coin, address: string) => bitcoinAddress.toOutputScript(address, bitcoinLikeNetwork(ADDRESS_NETWORK[coin]))
const freshAddress = (coin: Coin) => hotWalletAddress(new Uint8Array(randomBytes(32)), ADDRESS_NETWORK[coin]).address
const txid = (hash: Uint8Array) => Buffer.from(hash).reverse().toString('hex')
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

async function nodeTx(node: BitcoinNode, id: string): Promise<{ hex: string; tx: Transaction }> {
  const hex = await node.rpc<string>('getrawtransaction', [id, 0])
  return { hex, tx: Transaction.fromHex(hex) }
}

/** Fee and fee rate of a transaction, its inputs' values read from the node. */
async function feeOf(node: BitcoinNode, tx: Transaction): Promise<{ fee: bigint; rate: number }> {
  let fee = 0n
  for (const i of tx.ins) fee += (await nodeTx(node, txid(i.hash))).tx.outs[i.index]!.value
  for (const o of tx.outs) fee -= o.value
  return { fee, rate: Number(fee) / tx.virtualSize() }
}

/** Every output to `script` in the blocks from `fromHeight` to the tip, and in the mempool. */
async function paymentsTo(node: BitcoinNode, script: Uint8Array, fromHeight: number): Promise<{ txid: string; value: bigint }[]> {
  const found: { txid: string; value: bigint }[] = []
  const scan = (tx: Transaction) => {
    for (const o of tx.outs) if (same(o.script, script)) found.push({ txid: tx.getId(), value: o.value })
  }
  for (let h = fromHeight; h <= (await node.tipHeight()); h++) {
    const block = Block.fromHex(await node.rawBlock(await node.rpc<string>('getblockhash', [h])))
    for (const tx of block.transactions ?? []) scan(tx)
  }
  for (const id of await node.mempool()) scan((await nodeTx(node, id)).tx)
  return found
}

/** A Kassa, a store on it and what the tests need from both, over a database that survives restarts. */
interface Rig {
  t: BitcoinTestKassa
  database: TestDatabase
  store: StoreCredentials
}

async function startRig(dialect: TestDialect, node: BitcoinNode, opts: { fund?: bigint; xpubOnly?: boolean; storeFunds: string }) {
  const database = await dialect.open()
  const t = await startBitcoinKassa(dialect, node, { database, fees: FEES, fund: opts.fund, xpubOnly: opts.xpubOnly })
  const store = await t.createStore(node.coin, { mode: 'live' })
  const rig: Rig = { t, database, store }
  await completePayment(rig, node, opts.storeFunds)
  return rig
}

/** A payment paid in full and confirmed, so the store has money to withdraw. */
async function completePayment(rig: Rig, node: BitcoinNode, amount: string) {
  const p = await createPayment(rig.t, rig.store, { amount, currency: node.coin })
  const sats = BigInt(Math.round(Number(amount) * 1e8))
  const paid = await node.funder.pay([{ address: p.pay_address, sats }])
  await node.mine(rig.t.kassa.deps.chains.requiredConfirmations(rig.t.network, node.coin))
  await rig.t.watcher.runOnce()
  const s = await status(rig.t, rig.store, p.payment_id)
  assert.equal(s.status, 'completed', JSON.stringify(s))
  return { paymentId: p.payment_id as string, address: p.pay_address as string, txid: paid.txid, sats }
}

for (const dialect of dialects) {
  for (const coin of ['BTC', 'LTC'] as const) {
    describe(`${coin} payouts on ${coin === 'BTC' ? 'btcd' : 'ltcd'} regtest (${dialect.name})`, { skip }, () => {
      let node: BitcoinNode
      let rig: Rig
      /** A second Kassa whose hot wallet holds exactly the coins a test gives it (no sweeps: it holds only the xpub). */
      let lean: Rig | undefined
      let conf: number

      const t = () => rig.t
      const storeRow = (r: Rig = rig) => r.t.kassa.stores.getStore(r.store.storeId)
      const withdraw = async (amount: string, to: string, r: Rig = rig) => {
        // Payouts are signed oldest first; a tick apart, two created in a row have an order.
        r.t.clock.advance(1000)
        return createWithdrawal(r.t.kassa.deps, await storeRow(r), { currency: coin, amount, to })
      }
      const payout = (id: string, r: Rig = rig) => getPayout(r.t.kassa.deps, id)
      const confirm = async (r: Rig = rig) => {
        await node.mine(conf)
        await r.t.pass()
      }

      async function restart(): Promise<void> {
        const keys = rig.t.keys
        await rig.t.close()
        rig.t = await startBitcoinKassa(dialect, node, { database: rig.database, keys, fees: FEES })
      }

      before(async () => {
        node = await startBitcoinNode({ coin })
        rig = await startRig(dialect, node, { storeFunds: '5' })
        conf = rig.t.kassa.deps.chains.requiredConfirmations(rig.t.network, coin)
        assert.equal(conf, coin === 'BTC' ? 2 : 6)
      })
      after(async () => {
        await rig?.t.close()
        await rig?.database.drop()
        await lean?.t.close()
        await lean?.database.drop()
        await node?.stop()
      })

      let first: { txid: string; changeIndex: number; change: bigint } | undefined

      test('a withdrawal: signed here, the node holds the stored bytes (one output to the recipient, change home, RBF, fee in policy), confirmed, settled', async () => {
        const to = freshAddress(coin)
        const before = (await balance(t(), rig.store)).json[coin]
        const w = await withdraw('0.3', to)
        assert.equal(w.status, 'queued')
        await t().kassa.payouts.runOnce()
        const sent = await payout(w.id)
        assert.equal(sent.status, 'broadcast', String(sent.failureReason))
        assert.ok((await node.mempool()).includes(sent.txHash!), 'in the mempool')
        const { hex, tx } = await nodeTx(node, sent.txHash!)
        assert.equal(hex, sent.signedTx, 'the node holds the stored bytes')

        const toRecipient = tx.outs.filter((o) => same(o.script, scriptOf(coin, to)))
        assert.deepEqual(
          toRecipient.map((o) => o.value),
          [30_000_000n],
        )
        const hot = scriptOf(coin, t().hotWallet)
        const changeIndex = tx.outs.findIndex((o) => same(o.script, hot))
        assert.ok(changeIndex >= 0, 'change to the hot wallet')
        assert.equal(tx.outs.length, 2, 'the payment and the change, nothing else')
        for (const i of tx.ins) assert.equal(i.sequence, RBF_SEQUENCE, 'every input signals BIP125')
        const { fee, rate } = await feeOf(node, tx)
        assert.ok(rate >= Number(FEES.minRate) && rate <= Number(FEES.maxRate), `${rate} sat/vB`)
        assert.equal(sent.maxFee, fee, 'the fee Kassa recorded is the one paid')

        await node.mine(conf - 1)
        await t().pass()
        const shallow = await payout(w.id)
        assert.equal(shallow.status, 'broadcast', 'one block short of the network’s confirmations')
        assert.equal(shallow.confirmations, conf - 1)
        await node.mine(1)
        await t().pass()
        const done = await payout(w.id)
        assert.equal(done.status, 'confirmed', String(done.failureReason))
        assert.equal(done.confirmations, conf)
        const out = await node.rpc<{ value: number } | null>('gettxout', [sent.txHash, tx.outs.indexOf(toRecipient[0]!), true])
        assert.equal(out?.value, 0.3)
        const after = (await balance(t(), rig.store)).json[coin]
        assert.equal(Number(after.total_withdrawn), Number(before.total_withdrawn) + 0.3)
        await assertLedgerBalanced(t())
        first = { txid: sent.txHash!, changeIndex, change: tx.outs[changeIndex]!.value }
      })

      test('the change is recorded as the hot wallet’s own coin and the next withdrawal spends it', async () => {
        assert.ok(first, 'needs the first withdrawal')
        const recorded = await t().kassa.deps.repos.chain.receivedBy(t().network, t().hotWallet)
        assert.deepEqual(
          recorded.filter((r) => r.txHash === first!.txid),
          [{ txHash: first.txid, outputIndex: first.changeIndex, amount: first.change }],
        )
        const row = await t()
          .kassa.database.db.selectFrom('chain_transfers')
          .selectAll()
          .where('tx_hash', '=', first.txid)
          .where('to_address', '=', t().hotWallet)
          .executeTakeFirstOrThrow()
        assert.equal(row.payment_id, null, 'matched to no payment')

        const to = freshAddress(coin)
        const w = await withdraw('0.2', to)
        await t().kassa.payouts.runOnce()
        const sent = await payout(w.id)
        assert.equal(sent.status, 'broadcast', String(sent.failureReason))
        const { tx } = await nodeTx(node, sent.txHash!)
        assert.deepEqual(
          tx.ins.map((i) => `${txid(i.hash)}:${i.index}`),
          [`${first.txid}:${first.changeIndex}`],
          'the largest coin, the first withdrawal’s change',
        )
        await confirm()
        assert.equal((await payout(w.id)).status, 'confirmed')
        await assertLedgerBalanced(t())
      })

      test('two payouts at once never spend one coin; with one coin the second waits with its reason until the change confirms', async () => {
        lean = await startRig(dialect, node, { fund: 1n * COIN, xpubOnly: true, storeFunds: '3' })
        const l = lean
        const hot = l.t.hotWallet
        /** The hot wallet's recorded coins the node says are unspent. */
        const coins = async () => {
          const recorded = await l.t.kassa.deps.repos.chain.receivedBy(l.t.network, hot)
          const unspent = await Promise.all(recorded.map((r) => node.rpc('gettxout', [r.txHash, r.outputIndex, true])))
          return unspent.filter((u) => u !== null).length
        }
        assert.equal(await coins(), 1, 'exactly one coin')

        // One coin, two withdrawals, one pass: the first takes the coin, the second has none left.
        const a = await withdraw('0.2', freshAddress(coin), l)
        const b = await withdraw('0.2', freshAddress(coin), l)
        await l.t.kassa.payouts.runOnce()
        const sentA = await payout(a.id, l)
        assert.equal(sentA.status, 'broadcast', String(sentA.failureReason))
        const waiting = await payout(b.id, l)
        assert.equal(waiting.status, 'queued')
        assert.equal(waiting.signedTx, null, 'not signed')
        assert.ok(waiting.failureReason?.includes(hot), waiting.failureReason ?? 'no reason')
        assert.match(waiting.failureReason!, new RegExp(`has 0 ${coin} in 0 spendable confirmed coins; this payout needs 0\\.2 ${coin}`))
        assert.equal((await node.mempool()).length, 1, 'only the first went out')

        // Still waiting while the change is unconfirmed.
        await l.t.pass()
        assert.equal((await payout(b.id, l)).status, 'queued')
        await node.mine(1)
        await l.t.pass()
        const sentB = await payout(b.id, l)
        assert.equal(sentB.status, 'broadcast', String(sentB.failureReason))
        const txA = (await nodeTx(node, sentA.txHash!)).tx
        const changeA = txA.outs.findIndex((o) => same(o.script, scriptOf(coin, hot)))
        assert.deepEqual(
          (await nodeTx(node, sentB.txHash!)).tx.ins.map((i) => `${txid(i.hash)}:${i.index}`),
          [`${sentA.txHash}:${changeA}`],
          'the second spends the first’s change',
        )
        await confirm(l)
        assert.equal((await payout(a.id, l)).status, 'confirmed')
        assert.equal((await payout(b.id, l)).status, 'confirmed')

        // Exactly two coins (B's change ~0.6 and a top-up of 1), two withdrawals each needing one, one pass.
        await node.funder.pay([{ address: hot, sats: 1n * COIN }])
        await node.mine(1)
        await l.t.watcher.runOnce()
        assert.equal(await coins(), 2)
        const c = await withdraw('0.55', freshAddress(coin), l)
        const d = await withdraw('0.55', freshAddress(coin), l)
        await l.t.kassa.payouts.runOnce()
        const [sentC, sentD] = [await payout(c.id, l), await payout(d.id, l)]
        assert.deepEqual([sentC.status, sentD.status], ['broadcast', 'broadcast'], `${sentC.failureReason} ${sentD.failureReason}`)
        const insC = (await nodeTx(node, sentC.txHash!)).tx.ins.map((i) => `${txid(i.hash)}:${i.index}`)
        const insD = (await nodeTx(node, sentD.txHash!)).tx.ins.map((i) => `${txid(i.hash)}:${i.index}`)
        assert.deepEqual(
          insC.filter((x) => insD.includes(x)),
          [],
          'no shared input',
        )
        const mempool = await node.mempool()
        assert.ok(mempool.includes(sentC.txHash!) && mempool.includes(sentD.txHash!), 'the node took both')
        await confirm(l)
        assert.deepEqual([(await payout(c.id, l)).status, (await payout(d.id, l)).status], ['confirmed', 'confirmed'])
        await assertLedgerBalanced(l.t)
      })

      test('a hot wallet too poor: the payout waits unsigned with a reason naming the wallet and amounts, then goes when topped up', async () => {
        assert.ok(lean, 'needs the lean Kassa')
        const l = lean
        const hot = l.t.hotWallet
        const to = freshAddress(coin)
        // The store may withdraw 1.5 (its payment is never swept here); the hot wallet holds ~0.5 in C's and D's change.
        const w = await withdraw('1.2', to, l)
        await l.t.pass()
        await l.t.pass()
        const waiting = await payout(w.id, l)
        assert.equal(waiting.status, 'queued')
        assert.equal(waiting.signedTx, null)
        assert.equal(waiting.txHash, null)
        assert.match(
          waiting.failureReason!,
          new RegExp(
            `^the hot wallet ${hot} has 0\\.49\\d+ ${coin} in 2 spendable confirmed coins; this payout needs 1\\.2 ${coin} and the fee at 2 sat/vB$`,
          ),
        )
        assert.deepEqual(await paymentsTo(node, scriptOf(coin, to), 0), [], 'nothing sent')
        const shown = await fetch(`${l.t.baseUrl}/operator/v1/payouts/${w.id}`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })
        assert.equal(((await shown.json()) as { data: { failure_reason: string } }).data.failure_reason, waiting.failureReason)

        await node.funder.pay([{ address: hot, sats: 1n * COIN }])
        await node.mine(1)
        await l.t.pass()
        const sent = await payout(w.id, l)
        assert.equal(sent.status, 'broadcast', String(sent.failureReason))
        await confirm(l)
        assert.equal((await payout(w.id, l)).status, 'confirmed')
        assert.deepEqual(
          (await paymentsTo(node, scriptOf(coin, to), 0)).map((p) => p.value),
          [120_000_000n],
        )
        await assertLedgerBalanced(l.t)
      })

      test('a crash between signing and sending: the restarted engine sends the stored bytes, one payment', async () => {
        const to = freshAddress(coin)
        const from = await node.tipHeight()
        const w = await withdraw('0.1', to)
        assert.equal(await t().kassa.payouts.signQueued(t().adapter), 1)
        const signed = await payout(w.id)
        assert.equal(signed.status, 'signed')
        assert.equal((await node.mempool()).includes(signed.txHash!), false, 'nothing left the process at signing')
        await restart()
        await t().kassa.payouts.runOnce()
        const sent = await payout(w.id)
        assert.equal(sent.status, 'broadcast', String(sent.failureReason))
        assert.equal(sent.txHash, signed.txHash)
        assert.equal((await nodeTx(node, signed.txHash!)).hex, signed.signedTx, 'the stored bytes')
        await confirm()
        assert.equal((await payout(w.id)).status, 'confirmed')
        assert.deepEqual(await paymentsTo(node, scriptOf(coin, to), from + 1), [{ txid: signed.txHash!, value: 10_000_000n }])
        await assertLedgerBalanced(t())
      })

      test('a crash between sending and recording it: the engine sends it again harmlessly, confirms once, paid once', async () => {
        const to = freshAddress(coin)
        const from = await node.tipHeight()
        const before = (await balance(t(), rig.store)).json[coin]
        const w = await withdraw('0.1', to)
        await t().kassa.payouts.signQueued(t().adapter)
        const signed = await payout(w.id)
        assert.equal(await node.rpc<string>('sendrawtransaction', [signed.signedTx]), signed.txHash)
        await restart() // the database still says `signed`
        await t().kassa.payouts.runOnce()
        const sent = await payout(w.id)
        assert.equal(sent.status, 'broadcast', String(sent.failureReason))
        assert.equal(sent.failureReason, null, 'the node’s "already have it" is no failure')
        await confirm()
        await t().pass()
        assert.equal((await payout(w.id)).status, 'confirmed')
        assert.deepEqual(await paymentsTo(node, scriptOf(coin, to), from + 1), [{ txid: signed.txHash!, value: 10_000_000n }])
        const after = (await balance(t(), rig.store)).json[coin]
        assert.equal(Number(after.total_withdrawn), Number(before.total_withdrawn) + 0.1, 'settled once')
        await assertLedgerBalanced(t())
      })

      test('a completed payment’s deposit address is swept to the hot wallet, once, and ends empty', async () => {
        const paid = await completePayment(rig, node, '0.25')
        await t().kassa.payouts.runOnce()
        const sweeps = () => t().kassa.database.db.selectFrom('payouts').selectAll().where('payment_id', '=', paid.paymentId).execute()
        const [sweep] = await sweeps()
        assert.ok(sweep)
        assert.deepEqual(
          { kind: sweep.kind, status: sweep.status, from: sweep.from_address, to: sweep.to_address },
          { kind: 'sweep', status: 'broadcast', from: paid.address, to: t().hotWallet },
        )
        const { tx } = await nodeTx(node, sweep.tx_hash!)
        const depositVout = (await nodeTx(node, paid.txid)).tx.outs.findIndex((o) => same(o.script, scriptOf(coin, paid.address)))
        assert.deepEqual(
          tx.ins.map((i) => `${txid(i.hash)}:${i.index}`),
          [`${paid.txid}:${depositVout}`],
        )
        assert.equal(tx.outs.length, 1)
        assert.ok(same(tx.outs[0]!.script, scriptOf(coin, t().hotWallet)))
        assert.equal(tx.outs[0]!.value, BigInt(sweep.amount!))
        const { fee, rate } = await feeOf(node, tx)
        assert.equal(fee + BigInt(sweep.amount!), paid.sats, 'the whole balance, less the fee')
        assert.ok(rate >= Number(FEES.minRate) && rate <= Number(FEES.maxRate), `${rate} sat/vB`)
        await confirm()
        assert.equal((await payout(sweep.id)).status, 'confirmed')
        assert.equal(await node.rpc('gettxout', [paid.txid, depositVout, true]), null, 'the deposit address is empty')
        assert.notEqual(await node.rpc('gettxout', [sweep.tx_hash, 0, true]), null)
        await t().pass()
        assert.equal((await sweeps()).length, 1, 'one sweep per payment')
      })

      test('a sweep of a tiny payment is refused as dust: failed with its reason, no transaction', async () => {
        const mempool = await node.mempool()
        const paid = await completePayment(rig, node, '0.000006')
        await t().kassa.payouts.runOnce()
        const sweep = await t()
          .kassa.database.db.selectFrom('payouts')
          .selectAll()
          .where('payment_id', '=', paid.paymentId)
          .executeTakeFirstOrThrow()
        assert.equal(sweep.status, 'failed')
        assert.equal(sweep.tx_hash, null)
        assert.equal(sweep.signed_tx, null)
        assert.match(
          sweep.failure_reason!,
          new RegExp(`^${paid.address} holds 0\\.000006 ${coin}: not more than a sweep's fee at 2 sat/vB and dust$`),
        )
        assert.deepEqual(await node.mempool(), mempool, 'nothing sent')
        const vout = (await nodeTx(node, paid.txid)).tx.outs.findIndex((o) => same(o.script, scriptOf(coin, paid.address)))
        assert.notEqual(await node.rpc('gettxout', [paid.txid, vout, true]), null, 'the coin stays where it is')
        await t().pass()
        assert.equal((await payout(sweep.id)).status, 'failed', 'not retried')
      })

      test('bad withdrawal input (operator route): 400 in the Merchant API envelope, no payout, no ledger entry; a legacy address is paid', async () => {
        const net = ADDRESS_NETWORK[coin]
        const other: BitcoinLikeNetworkName = coin === 'BTC' ? 'litecoin-regtest' : 'regtest'
        const good = freshAddress(coin)
        const hash = bitcoinAddress.fromBech32(good).data
        // Each accepted address a hash of its own, so each payment to it can be found alone on the chain.
        const fresh = () => Uint8Array.from(randomBytes(20))
        const p2wpkh = (n: BitcoinLikeNetworkName) => payments.p2wpkh({ hash, network: bitcoinLikeNetwork(n) }).address!
        const p2pkh = (n: BitcoinLikeNetworkName, h = hash) => payments.p2pkh({ hash: h, network: bitcoinLikeNetwork(n) }).address!
        const p2sh = (n: BitcoinLikeNetworkName, h = hash) => payments.p2sh({ hash: h, network: bitcoinLikeNetwork(n) }).address!
        const flip = (a: string) => `${a.slice(0, -1)}${a.endsWith('q') ? 'p' : 'q'}`
        const refused = [
          { what: 'testnet bech32', address: p2wpkh(coin === 'BTC' ? 'testnet' : 'litecoin-testnet') },
          { what: 'mainnet bech32', address: p2wpkh(coin === 'BTC' ? 'bitcoin' : 'litecoin') },
          { what: `the other coin's regtest bech32`, address: p2wpkh(other) },
          { what: `the other coin's mainnet bech32`, address: p2wpkh(coin === 'BTC' ? 'litecoin' : 'bitcoin') },
          { what: 'mainnet legacy P2PKH', address: p2pkh(coin === 'BTC' ? 'bitcoin' : 'litecoin') },
          { what: `the other coin's regtest P2SH`, address: p2sh(other) },
          { what: 'a bad bech32 checksum', address: flip(good) },
        ]
        // Legacy forms of this regtest are payable; P2PKH's 0x6f is shared by BTC and LTC test networks, so it passes on both.
        const accepted = [
          { what: 'regtest legacy P2PKH', address: p2pkh(net, fresh()) },
          { what: 'regtest P2SH', address: p2sh(net, fresh()) },
          { what: `the other coin's regtest P2PKH (same 0x6f byte)`, address: p2pkh(other, fresh()) },
        ]
        for (const r of refused) assert.equal(isValidBitcoinLikeAddress(r.address, net), false, r.what)
        for (const a of accepted) assert.equal(isValidBitcoinLikeAddress(a.address, net), true, a.what)

        const db = t().kassa.database.db
        const count = async (table: 'payouts' | 'ledger_entries') =>
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          )
        const counts = async () => ({ payouts: await count('payouts'), ledger: await count('ledger_entries') })
        const post = (body: unknown) =>
          fetch(`${t().baseUrl}/operator/v1/stores/${rig.store.storeId}/withdrawals`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR_TOKEN}` },
            body: JSON.stringify(body),
          }).then(async (r) => ({ status: r.status, json: (await r.json()) as { success: boolean; error?: string; data?: any } }))

        const before = await counts()
        for (const r of refused) {
          const res = await post({ currency: coin, amount: '0.01', to: r.address })
          assert.equal(res.status, 400, r.what)
          assert.deepEqual(Object.keys(res.json), ['success', 'error'], 'the Merchant API envelope')
          assert.equal(res.json.error, `${r.address} is not a valid address (or its checksum is wrong) on ${t().network}.`, r.what)
        }
        for (const amount of ['0.00000545', '0.00000001']) {
          const res = await post({ currency: coin, amount, to: good })
          assert.equal(res.status, 400, amount)
          assert.deepEqual(Object.keys(res.json), ['success', 'error'])
          assert.equal(res.json.error, `amount is below the smallest payout ${t().network} relays (0.00000546 ${coin}, its dust limit).`)
        }
        assert.deepEqual(await counts(), before, 'nothing written')

        // The smallest payable amount to each legacy form: queued, signed, paid.
        const from = await node.tipHeight()
        const ids: string[] = []
        for (const a of accepted) {
          const res = await post({ currency: coin, amount: '0.00000546', to: a.address })
          assert.equal(res.status, 200, `${a.what}: ${JSON.stringify(res.json)}`)
          assert.equal(res.json.data.status, 'queued')
          ids.push(res.json.data.payout_id)
        }
        assert.equal((await counts()).payouts, before.payouts + accepted.length)
        await t().kassa.payouts.runOnce()
        await confirm()
        for (const [i, a] of accepted.entries()) {
          assert.equal((await payout(ids[i]!)).status, 'confirmed', a.what)
          assert.deepEqual(
            (await paymentsTo(node, scriptOf(coin, a.address), from + 1)).map((p) => p.value),
            [546n],
            a.what,
          )
        }
        await assertLedgerBalanced(t())
      })
    })
  }
}
