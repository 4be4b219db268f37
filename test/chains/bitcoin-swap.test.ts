import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { Transaction, address as bitcoinAddress, payments } from 'bitcoinjs-lib'
import { hotWalletAddress } from '../../src/chains/adapters/bitcoin/bitcoin-keys.js'
import { isValidBitcoinLikeAddress } from '../../src/chains/codecs/bitcoin/bitcoin-address.js'
import { bitcoinLikeNetwork } from '../../src/chains/codecs/bitcoin/bitcoin-networks.js'
import type { BitcoinLikeNetworkName } from '../../src/chains/codecs/bitcoin/bitcoin-networks.js'
import { runSwapWorker } from '../../src/jobs/workers/swap-worker.js'
import { parseAmount } from '../../src/money/index.js'
import { assertLedgerBalanced } from '../lifecycle/lifecycle-helpers.js'
import { ADDRESS_NETWORK, startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'
import { expectSwapError, swapRequest } from '../swap/swap-client.js'

/**
 * Swap API split orders of a live account on btcd / ltcd regtest: the deposit seen by the real
 * watcher, activated at the network's confirmations, the outputs paid from the hot wallet after
 * their delays, each transaction read back from the node. A live account's destinations are
 * checked by the live network that pays them (services/swap/create-split-order.ts
 * `destinationsFor`), so here the regtest forms are the valid ones and mainnet forms are refused.
 */
const FEES = { minRate: '2', maxRate: '20' }
const RBF_SEQUENCE = 0xfffffffd
const skip = bitcoinNodesSkipReason()
const dialects = await testDialects()

type Coin = 'BTC' | 'LTC'
const SWAP_NETWORK: Record<Coin, 'btc' | 'ltc'> = { BTC: 'btc', LTC: 'ltc' }
const MAINNET: Record<Coin, BitcoinLikeNetworkName> = { BTC: 'bitcoin', LTC: 'litecoin' }
const LABEL: Record<Coin, string> = { BTC: 'Bitcoin (BTC)', LTC: 'Litecoin (LTC)' }

const sats = (text: string) => {
  const r = parseAmount(text, 8)
  assert.ok(r.ok, text)
  return r.atomic
}
const randomHash = () => Uint8Array.from(randomBytes(20))
const p2wpkhOn = (network: BitcoinLikeNetworkName, hash = randomHash()) =>
  payments.p2wpkh({ hash, network: bitcoinLikeNetwork(network) }).address!
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

for (const dialect of dialects) {
  for (const coin of ['BTC', 'LTC'] as const) {
    describe(`Swap orders on ${coin === 'BTC' ? 'btcd' : 'ltcd'} regtest (${dialect.name})`, { skip }, () => {
      let node: BitcoinNode
      let t: BitcoinTestKassa
      let key: string
      let conf: number
      const net = SWAP_NETWORK[coin]
      const amount = coin === 'BTC' ? '0.5' : '10'

      before(async () => {
        node = await startBitcoinNode({ coin })
        t = await startBitcoinKassa(dialect, node, { fees: FEES })
        key = (await t.kassa.swapAccounts.create('Live client', 'standard', 'live')).swapApiKey
        conf = t.kassa.deps.chains.requiredConfirmations(t.network, coin)
      })
      after(async () => {
        await t?.close()
        await node?.stop()
      })

      const regtestAddress = () => hotWalletAddress(new Uint8Array(randomBytes(32)), ADDRESS_NETWORK[coin]).address
      const check = (trackcode: string) =>
        swapRequest(t, 'POST', '/v1/orders/check', key, { trackcode, outputs: 'full', mask_addresses: 0 })
      const order = (addresses: { address: string; percent: string; delay: string }[], total = amount) =>
        swapRequest(t, 'POST', '/v1/mixer/orders', key, { action: 'create_order', crypto: net, network: net, amount: total, addresses })
      const count = async (table: 'swap_orders' | 'payouts' | 'ledger_entries') =>
        Number(
          (
            await t.kassa.database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      const counts = async () => ({
        orders: await count('swap_orders'),
        payouts: await count('payouts'),
        ledger: await count('ledger_entries'),
      })

      /** Pays the order's deposit from the funder and mines to the network's confirmations, checking the order's state on the way. */
      async function fund(trackcode: string, deposit: string, due: string) {
        assert.ok(isValidBitcoinLikeAddress(deposit, ADDRESS_NETWORK[coin]), `${deposit}: a deposit address of the live regtest`)
        await node.funder.pay([{ address: deposit, sats: sats(due) }])
        await node.mine(1)
        await t.watcher.runOnce()
        await runSwapWorker(t.kassa.swap)
        let r = await check(trackcode)
        assert.equal(r.body.deposit.confirm_status, 1, r.text)
        if (conf > 2) await node.mine(conf - 2)
        await t.watcher.runOnce()
        await runSwapWorker(t.kassa.swap)
        r = await check(trackcode)
        assert.equal(r.body.deposit.funding.can_start, false, `one block short of ${conf}: ${r.text}`)
        await node.mine(1)
        await t.watcher.runOnce()
        await runSwapWorker(t.kassa.swap)
        r = await check(trackcode)
        assert.equal(r.body.deposit.confirm_status, 2, r.text)
        assert.equal(r.body.deposit.funding.is_fully_funded, true, r.text)
      }

      test('a split order paid end to end: deposit on chain, activated at the confirmations, each output paid after its delay', async () => {
        const a = regtestAddress()
        const b = regtestAddress()
        const created = await order([
          { address: a, percent: '70', delay: '0' },
          { address: b, percent: '30', delay: '30' },
        ])
        assert.equal(created.status, 200, created.text)
        const { trackcode } = created.body
        const deposit = created.body.deposit.address as string
        const row = await t.kassa.database.db
          .selectFrom('swap_orders')
          .select(['chain_network', 'deposit_index'])
          .where('trackcode', '=', trackcode)
          .executeTakeFirstOrThrow()
        assert.equal(row.chain_network, t.network)
        assert.equal(deposit, t.adapter.receive.deriveAddress('any', Number(row.deposit_index)))
        await fund(trackcode, deposit, created.body.deposit.amount ?? amount)

        const outputs = created.body.outputs as { address: string; amount: string }[]
        /** The one transaction paying `address`, read back from the node, checked as a hot wallet payout. */
        const paidTo = async (address: string, want: bigint) => {
          const [p] = await t.kassa.database.db.selectFrom('payouts').selectAll().where('to_address', '=', address).execute()
          assert.ok(p, `a payout to ${address}`)
          assert.equal(p.status, 'broadcast', p.failure_reason ?? '')
          const hex = await node.rpc<string>('getrawtransaction', [p.tx_hash, 0])
          assert.equal(hex, p.signed_tx, 'the node holds the stored bytes')
          const tx = Transaction.fromHex(hex)
          const script = bitcoinAddress.toOutputScript(address, bitcoinLikeNetwork(ADDRESS_NETWORK[coin]))
          assert.deepEqual(
            tx.outs.filter((o) => same(o.script, script)).map((o) => o.value),
            [want],
          )
          const hot = bitcoinAddress.toOutputScript(t.hotWallet, bitcoinLikeNetwork(ADDRESS_NETWORK[coin]))
          assert.ok(
            tx.outs.every((o) => same(o.script, script) || same(o.script, hot)),
            'the output and the change, nothing else',
          )
          for (const i of tx.ins) assert.equal(i.sequence, RBF_SEQUENCE)
          return p.id
        }

        await t.kassa.payouts.runOnce()
        const first = await paidTo(a, sats(outputs[0]!.amount))
        assert.deepEqual(
          await t.kassa.database.db.selectFrom('payouts').select('id').where('to_address', '=', b).execute(),
          [],
          'not before its delay',
        )
        await node.mine(conf)
        await t.pass()
        assert.equal(
          (await t.kassa.database.db.selectFrom('payouts').select('status').where('id', '=', first).executeTakeFirstOrThrow()).status,
          'confirmed',
        )
        let r = await check(trackcode)
        // state 2: sent, confirm 1: confirmed; the second is due but unsent (state 1) until its delay ends.
        assert.deepEqual(
          r.body.outputs.map((o: { state: number; confirm: number }) => [o.state, o.confirm]),
          [
            [2, 1],
            [1, 0],
          ],
          r.text,
        )
        assert.ok(r.body.outputs[1].left_seconds > 0, r.text)

        t.clock.advance(31 * 60_000)
        await runSwapWorker(t.kassa.swap)
        await t.kassa.payouts.runOnce()
        const second = await paidTo(b, sats(outputs[1]!.amount))
        await node.mine(conf)
        await t.pass()
        assert.equal(
          (await t.kassa.database.db.selectFrom('payouts').select('status').where('id', '=', second).executeTakeFirstOrThrow()).status,
          'confirmed',
        )
        r = await check(trackcode)
        assert.deepEqual(
          r.body.outputs.map((o: { state: number; confirm: number }) => [o.state, o.confirm]),
          [
            [2, 1],
            [2, 1],
          ],
          r.text,
        )
        const hashes = await t.kassa.database.db.selectFrom('payouts').select('tx_hash').where('id', 'in', [first, second]).execute()
        assert.deepEqual(
          r.body.outputs.map((o: { tx?: string }) => o.tx).sort(),
          hashes.map((h) => h.tx_hash).sort(),
          'each output names its transaction',
        )
        await assertLedgerBalanced(t)
      })

      test('bad Swap API outputs: 400 in the Swap API envelope, nothing written; the live regtest forms, legacy included, are taken', async () => {
        const here = ADDRESS_NETWORK[coin]
        const other: BitcoinLikeNetworkName = coin === 'BTC' ? 'litecoin-regtest' : 'regtest'
        const hash = randomHash()
        const good = p2wpkhOn(here, hash)
        const flip = (x: string) => `${x.slice(0, -1)}${x.endsWith('q') ? 'p' : 'q'}`
        const refused = [
          { what: 'testnet bech32', address: p2wpkhOn(coin === 'BTC' ? 'testnet' : 'litecoin-testnet', hash) },
          { what: 'mainnet bech32 (the form the seed shows)', address: p2wpkhOn(MAINNET[coin], hash) },
          { what: `the other coin's regtest bech32`, address: p2wpkhOn(other, hash) },
          { what: `the other coin's mainnet bech32`, address: p2wpkhOn(coin === 'BTC' ? 'litecoin' : 'bitcoin', hash) },
          { what: 'mainnet legacy P2PKH', address: payments.p2pkh({ hash, network: bitcoinLikeNetwork(MAINNET[coin]) }).address! },
          { what: `the other coin's regtest P2SH`, address: payments.p2sh({ hash, network: bitcoinLikeNetwork(other) }).address! },
          { what: 'a bad bech32 checksum', address: flip(good) },
        ]
        const before = await counts()
        for (const r of refused) {
          const res = await order([
            { address: p2wpkhOn(here), percent: '50', delay: '0' },
            { address: r.address, percent: '50', delay: '0' },
          ])
          assert.equal(expectSwapError(res, 400, 'BAD_REQUEST'), `Address ${r.address} is not a valid ${LABEL[coin]} address.`, r.what)
        }
        if (coin === 'BTC') {
          // Nine outputs of 1 % of the smallest order are under 546 satoshi once the fees are taken.
          const tiny = await order(
            [
              ...Array.from({ length: 9 }, () => ({ address: p2wpkhOn(here), percent: '1', delay: '0' })),
              { address: good, percent: '91', delay: '0' },
            ],
            '0.001',
          )
          assert.equal(
            expectSwapError(tiny, 400, 'BAD_REQUEST'),
            'Output 1 would send 0.00000495 BTC, below the smallest payout the network relays (its dust limit).',
          )
        }
        // LTC's smallest order (0.1) over ten outputs of 1 % is ~95,000 litoshi an output: no Swap order reaches its dust limit.
        assert.deepEqual(await counts(), before, 'nothing written')
        const accepted = [
          good,
          payments.p2pkh({ hash: randomHash(), network: bitcoinLikeNetwork(here) }).address!,
          payments.p2sh({ hash: randomHash(), network: bitcoinLikeNetwork(here) }).address!,
        ]
        const ok = await order(accepted.map((address, i) => ({ address, percent: i === 0 ? '34' : '33', delay: '0' })))
        assert.equal(ok.status, 200, ok.text)
        assert.deepEqual(
          ok.body.outputs.map((o: { address: string }) => o.address),
          accepted,
        )
        assert.equal((await counts()).orders, before.orders + 1)
      })
    })
  }
}
