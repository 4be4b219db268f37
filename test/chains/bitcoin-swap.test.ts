import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { Transaction, address as bitcoinAddress, payments } from 'bitcoinjs-lib'
import { hotWalletAddress } from '../../src/chains/adapters/bitcoin/bitcoin-keys.js'
import { isValidBitcoinLikeAddress } from '../../src/chains/codecs/bitcoin/bitcoin-address.js'
import { bitcoinLikeNetwork } from '../../src/chains/codecs/bitcoin/bitcoin-networks.js'
import type { BitcoinLikeNetworkName } from '../../src/chains/codecs/bitcoin/bitcoin-networks.js'
import { SWAP_ADDRESS_VALIDATORS } from '../../src/chains/swap-address-validators.js'
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
 * their delays, each transaction read back from the node.
 *
 * The Swap API checks destinations in their MAINNET form on every deployment
 * (SWAP_ADDRESS_VALIDATORS), so on a regtest network an order can only name addresses its payout
 * network can never pay: the first test records what then happens. The end-to-end test widens
 * the check, for its own duration, to the regtest form as a network-aware check would take it.
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

/** Runs `body` with the Swap API taking this coin's regtest addresses too, then puts the shipped check back. */
async function withRegtestDestinations(coin: Coin, body: () => Promise<void>): Promise<void> {
  const validators = SWAP_ADDRESS_VALIDATORS as Record<string, (address: string) => boolean>
  const network = SWAP_NETWORK[coin]
  const shipped = validators[network]!
  validators[network] = (a) => shipped(a) || isValidBitcoinLikeAddress(a, ADDRESS_NETWORK[coin])
  try {
    await body()
  } finally {
    validators[network] = shipped
  }
}

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

      test(`as shipped: regtest destinations are refused, mainnet ones accepted and then held unpaid with the reason`, async () => {
        const regtest = regtestAddress()
        const refused = await order([{ address: regtest, percent: '100', delay: '0' }])
        assert.equal(expectSwapError(refused, 400, 'BAD_REQUEST'), `Address ${regtest} is not a valid ${LABEL[coin]} address.`)

        const mainnet = p2wpkhOn(MAINNET[coin])
        const created = await order([{ address: mainnet, percent: '100', delay: '0' }])
        assert.equal(created.status, 200, created.text)
        const { trackcode } = created.body
        await fund(trackcode, created.body.deposit.address, created.body.deposit.amount ?? amount)
        await runSwapWorker(t.kassa.swap)
        await t.pass()
        await t.pass()
        const row = await t.kassa.database.db.selectFrom('payouts').selectAll().where('to_address', '=', mainnet).executeTakeFirstOrThrow()
        assert.deepEqual(
          { kind: row.kind, status: row.status, signed: row.signed_tx },
          { kind: 'swap_output', status: 'queued', signed: null },
        )
        assert.equal(row.failure_reason, `${t.network}: sign failed: ${mainnet} is not an address of ${t.network}`)
        const r = await check(trackcode)
        assert.notEqual(r.body.outputs[0].state, 2, r.text)
      })

      test('a split order paid end to end: deposit on chain, activated at the confirmations, each output paid after its delay', async () => {
        await withRegtestDestinations(coin, async () => {
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
      })

      test('bad Swap API outputs: 400 in the Swap API envelope, no order, nothing written', async () => {
        const hash = randomHash()
        const good = p2wpkhOn(MAINNET[coin], hash)
        const flip = (x: string) => `${x.slice(0, -1)}${x.endsWith('q') ? 'p' : 'q'}`
        const refused = [
          { what: 'testnet bech32', address: p2wpkhOn(coin === 'BTC' ? 'testnet' : 'litecoin-testnet', hash) },
          { what: 'regtest bech32 (the live network’s own form)', address: p2wpkhOn(ADDRESS_NETWORK[coin], hash) },
          { what: `the other coin's mainnet bech32`, address: p2wpkhOn(coin === 'BTC' ? 'litecoin' : 'bitcoin', hash) },
          { what: `the other coin's regtest bech32`, address: p2wpkhOn(coin === 'BTC' ? 'litecoin-regtest' : 'regtest', hash) },
          { what: 'a bad bech32 checksum', address: flip(good) },
          { what: 'testnet legacy P2PKH', address: payments.p2pkh({ hash, network: bitcoinLikeNetwork('testnet') }).address! },
        ]
        const before = await counts()
        for (const r of refused) {
          const res = await order([
            { address: p2wpkhOn(MAINNET[coin]), percent: '50', delay: '0' },
            { address: r.address, percent: '50', delay: '0' },
          ])
          assert.equal(expectSwapError(res, 400, 'BAD_REQUEST'), `Address ${r.address} is not a valid ${LABEL[coin]} address.`, r.what)
        }
        if (coin === 'BTC') {
          // Nine outputs of 1 % of the smallest order are under 546 satoshi once the fees are taken.
          const tiny = await order(
            [
              ...Array.from({ length: 9 }, () => ({ address: p2wpkhOn('bitcoin'), percent: '1', delay: '0' })),
              { address: good, percent: '91', delay: '0' },
            ],
            '0.001',
          )
          assert.equal(
            expectSwapError(tiny, 400, 'BAD_REQUEST'),
            'Output 1 would send 0.00000495 BTC, below the smallest payout the network relays (its dust limit).',
          )
        }
        assert.deepEqual(await counts(), before, 'nothing written')
        const ok = await order([{ address: good, percent: '100', delay: '0' }])
        assert.equal(ok.status, 200, ok.text)
        assert.equal((await counts()).orders, before.orders + 1)
      })
    })
  }
}
