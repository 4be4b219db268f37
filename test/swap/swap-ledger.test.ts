import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { runSwapWorker } from '../../src/jobs/workers/swap-worker.js'
import { testDialects } from '../support/databases.js'
import { SEED_MIXER_ORDER, swapFixture, swapRequest } from './swap-client.js'

// The Swap API's money in the double-entry ledger (src/domain/swap/swap-posting.ts): the
// deposit, the service fee, the partner's credit and the output fees at activation, exactly
// once however often the order is checked and the worker runs; each output when its payout
// is confirmed. The order's own account is 0 once every output is paid, and every posting
// sums to zero.

type Balances = Map<string, bigint>

for (const dialect of await testDialects()) {
  describe(`swap ledger (${dialect.name})`, () => {
    const f = swapFixture(dialect)
    const check = (trackcode: string) => swapRequest(f.t, 'POST', '/v1/orders/check', f.key, { trackcode, outputs: 'full' })

    /** Every swap account's balance in `currency`, summed from the entries (not the balance cache). */
    async function balances(currency: string): Promise<Balances> {
      const rows = await f.t.kassa.database.db
        .selectFrom('ledger_entries')
        .select(['account', 'amount'])
        .where('currency', '=', currency)
        .execute()
      const out: Balances = new Map()
      for (const r of rows) out.set(r.account, (out.get(r.account) ?? 0n) + BigInt(r.amount))
      return out
    }
    /** What changed between two snapshots, zero changes left out. */
    function delta(before: Balances, after: Balances): Record<string, bigint> {
      const out: Record<string, bigint> = {}
      for (const account of new Set([...before.keys(), ...after.keys()])) {
        const d = (after.get(account) ?? 0n) - (before.get(account) ?? 0n)
        if (d !== 0n) out[account] = d
      }
      return out
    }
    async function entries(account: string): Promise<number> {
      return (await f.t.kassa.database.db.selectFrom('ledger_entries').select('id').where('account', '=', account).execute()).length
    }
    async function assertEveryPostingBalances(): Promise<void> {
      const rows = await f.t.kassa.database.db.selectFrom('ledger_entries').select(['txn_id', 'currency', 'amount']).execute()
      const sums = new Map<string, bigint>()
      for (const r of rows) sums.set(`${r.txn_id}/${r.currency}`, (sums.get(`${r.txn_id}/${r.currency}`) ?? 0n) + BigInt(r.amount))
      for (const [txn, sum] of sums) assert.equal(sum, 0n, `posting ${txn} sums to ${sum}`)
      const cached = await f.t.kassa.database.db.selectFrom('ledger_balances').selectAll().execute()
      for (const b of cached) {
        const fromEntries = rows.length === 0 ? 0n : ((await balances(b.currency)).get(b.account) ?? 0n)
        assert.equal(BigInt(b.balance), fromEntries, `ledger_balances of ${b.account} ${b.currency}`)
      }
    }

    test("a split order fully paid: deposit, fee, partner credit, output fees and outputs posted once; the order's account ends at 0", async () => {
      const start = await balances('BTC')
      const created = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, { ...SEED_MIXER_ORDER, partner: f.partner.partnerKey })
      const { trackcode } = created.body
      const order = `swap:order:${trackcode}`
      await f.t.kassa.simulation.payOrder(trackcode)
      await f.t.kassa.simulation.mine(2, 'sim-bitcoin')
      for (const w of f.t.kassa.watchers) await w.runOnce()
      // Two workers (as two instances would without the advisory lock) and two checks at once
      // (on PostgreSQL, truly concurrent; the checks only read), then checked and worked again
      // and again: activation posts once.
      await Promise.all([check(trackcode), runSwapWorker(f.t.kassa.swap), runSwapWorker(f.t.kassa.swap), check(trackcode)])
      for (let i = 0; i < 3; i++) {
        assert.equal((await check(trackcode)).body.deposit.funding.can_start, true)
        await f.t.kassa.runWorkersOnce()
      }
      // 10 BTC in; 0.45 % fee = 0.045 (30 % of it, 0.0135, to the partner); 2 × 0.00005 output fees.
      const activated = delta(start, await balances('BTC'))
      assert.equal(activated['swap:deposits'], -1_000_000_000n)
      assert.equal(activated['swap:fees'], 4_500_000n - 1_350_000n)
      assert.equal(activated[`partner:${f.partner.accountId}`], 1_350_000n)
      assert.equal(activated['swap:output_fees'], 10_000n)
      assert.equal(activated[order], 995_490_000n, 'what the two outputs are owed')
      assert.equal(activated['swap:payouts'], undefined, 'the first output is sent, but posted only once confirmed')
      assert.equal(await entries(`partner:${f.partner.accountId}`), 1)
      assert.equal(await entries(order), 3, 'deposit in, fee and output fees out: once')

      await f.t.kassa.simulation.mine(2, 'sim-bitcoin')
      f.t.clock.advance(2 * 3600_000)
      await f.t.kassa.runWorkersOnce()
      await f.t.kassa.simulation.mine(2, 'sim-bitcoin')
      await f.t.kassa.runWorkersOnce()
      await f.t.kassa.runWorkersOnce()
      const r = await check(trackcode)
      assert.deepEqual(
        r.body.outputs.map((o: { confirm: number }) => o.confirm),
        [1, 1],
        r.text,
      )
      const paid = delta(start, await balances('BTC'))
      assert.deepEqual(
        paid,
        {
          'swap:deposits': -1_000_000_000n,
          'swap:fees': 3_150_000n,
          [`partner:${f.partner.accountId}`]: 1_350_000n,
          'swap:output_fees': 10_000n,
          'swap:payouts': 845_469_657n + 150_020_343n,
        },
        "the order's account is back to 0, so it is not in the change at all",
      )
      assert.equal((await balances('BTC')).get(order), 0n)
      // In: the deposit; out: fee, output fees, two outputs. Nothing twice.
      assert.equal(await entries(order), 5)
      await assertEveryPostingBalances()
    })

    test("an overpaid order: the excess stays in the order's account, the customer's", async () => {
      const created = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, {
        ...SEED_MIXER_ORDER,
        addresses: [{ address: '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL', percent: '100', delay: '0' }],
      })
      const { trackcode } = created.body
      await f.t.kassa.simulation.payOrder(trackcode, '10.25')
      await f.t.kassa.simulation.mine(2, 'sim-bitcoin')
      await f.t.kassa.runWorkersOnce()
      await f.t.kassa.simulation.mine(2, 'sim-bitcoin')
      await f.t.kassa.runWorkersOnce()
      assert.equal((await check(trackcode)).body.outputs[0].confirm, 1)
      assert.equal((await balances('BTC')).get(`swap:order:${trackcode}`), 25_000_000n)
      await assertEveryPostingBalances()
    })

    test('an exchange: the deposit less the fee into inventory, the receive amount out of it in the other coin; the order ends at 0 in both', async () => {
      const startEth = await balances('ETH')
      const startBtc = await balances('BTC')
      const r = await swapRequest(f.t, 'POST', '/v1/exchange/orders', f.key, {
        from_coin: 'eth',
        from_network: 'eth',
        to_coin: 'btc',
        to_network: 'btc',
        to_address: '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM',
        amount: '1',
        service_fee: 0.6,
        partner: f.partner.partnerKey,
      })
      const { trackcode } = r.body
      await f.t.kassa.simulation.payOrder(trackcode)
      await f.t.kassa.simulation.mine(12, 'sim-ethereum')
      await f.t.kassa.runWorkersOnce()
      await f.t.kassa.runWorkersOnce()
      // 1 ETH; 0.6 % fee = 0.006 ETH (0.0018 to the partner); 0.994 ETH to the operator's inventory.
      assert.deepEqual(delta(startEth, await balances('ETH')), {
        'swap:deposits': -(10n ** 18n),
        'swap:fees': 4_200_000_000_000_000n,
        [`partner:${f.partner.accountId}`]: 1_800_000_000_000_000n,
        'swap:inventory': 994_000_000_000_000_000n,
      })
      // 0.03262358 BTC owed to the order from inventory, not yet paid (10-minute delay).
      assert.deepEqual(delta(startBtc, await balances('BTC')), { 'swap:inventory': -3_262_358n, [`swap:order:${trackcode}`]: 3_262_358n })
      f.t.clock.advance(10 * 60_000)
      await f.t.kassa.runWorkersOnce()
      await f.t.kassa.simulation.mine(2, 'sim-bitcoin')
      await f.t.kassa.runWorkersOnce()
      assert.equal((await check(trackcode)).body.outputs[0].confirm, 1)
      assert.deepEqual(delta(startBtc, await balances('BTC')), { 'swap:inventory': -3_262_358n, 'swap:payouts': 3_262_358n })
      await assertEveryPostingBalances()
    })
  })
}
