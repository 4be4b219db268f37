import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { randomBytes } from 'node:crypto'
import { SimChainRepository } from '../../src/db/repositories/sim-chain-repository.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { SEED_MIXER_ORDER, expectSwapError, swapRequest } from './swap-client.js'

// Seed 注文状況 / 注文削除: an order funded in two deposits on the simulated Bitcoin network
// (INSUFFICIENT_FUNDS in between), activation once confirmed, the partner's 30 % credited
// exactly once however often it is checked, then delete and the 48-hour retention.

const ORDER = SEED_MIXER_ORDER

for (const dialect of await testDialects()) {
  describe(`split order lifecycle (${dialect.name})`, () => {
    let t: TestKassa
    let key: string
    let partner: { accountId: string; partnerKey: string }
    let chain: SimChainRepository
    const check = (body: Record<string, unknown>) => swapRequest(t, 'POST', '/v1/orders/check', key, body)
    const pay = (address: string, sat: bigint) =>
      chain.addTransaction(
        { txHash: randomBytes(32).toString('hex'), network: 'sim-bitcoin', currency: 'BTC', toAddress: address, amount: sat },
        t.clock.now(),
      )
    const partnerBalance = async () => {
      const rows = await t.kassa.database.db
        .selectFrom('ledger_entries')
        .select(['amount', 'kind'])
        .where('account', '=', `partner:${partner.accountId}`)
        .execute()
      return { entries: rows.length, total: rows.reduce((s, r) => s + BigInt(r.amount), 0n) }
    }

    before(async () => {
      t = await startTestKassa(dialect)
      key = (await t.kassa.swapAccounts.create('Client')).swapApiKey
      partner = await t.kassa.swapAccounts.create('Partner')
      chain = new SimChainRepository(t.kassa.database.db)
    })
    after(async () => {
      await t.close()
    })

    test('two deposits: AWAITING_DEPOSIT, INSUFFICIENT_FUNDS, then activation and one partner credit', async () => {
      const created = await swapRequest(t, 'POST', '/v1/mixer/orders', key, { ...ORDER, partner: partner.partnerKey })
      assert.equal(created.status, 200, created.text)
      const { trackcode } = created.body
      const address = created.body.deposit.address

      let r = await check({ trackcode, outputs: 'full' })
      assert.equal(r.body.status_reason, 'AWAITING_DEPOSIT')
      assert.equal(r.body.deposit.confirm_status, 0)
      assert.equal(r.body.outputs[0].state, 0)
      assert.equal(r.body.outputs[0].address, '35iMHb***fVueEL', 'masked by default')

      await pay(address, 400_000_000n)
      await t.kassa.runWorkersOnce()
      r = await check({ trackcode, type: 'mixer' })
      assert.equal(r.body.deposit.confirm_status, 1, r.text)
      await t.kassa.simulation.mine(2, 'sim-bitcoin')
      await t.kassa.runWorkersOnce()
      r = await check({ trackcode })
      assert.equal(r.body.status_reason, 'INSUFFICIENT_FUNDS')
      assert.deepEqual(r.body.deposit.funding, {
        waiting_balance: '10.00000000',
        received_balance: '4.00000000',
        remaining_need: '6.00000000',
        is_fully_funded: false,
        can_start: false,
      })
      assert.equal(r.body.deposit.confirm_status, 2)
      assert.deepEqual(r.body.outputs, { count: 2, sent_count: 0, sent_total: '0.00000000' })
      assert.equal((await partnerBalance()).entries, 0, 'no credit before activation')

      await pay(address, 600_000_000n)
      await t.kassa.simulation.mine(2, 'sim-bitcoin')
      await t.kassa.runWorkersOnce()
      const activatedAt = Math.floor(t.clock.now() / 1000)
      for (let i = 0; i < 3; i++) {
        r = await check({ trackcode, outputs: 'full', mask_addresses: false })
        assert.equal(r.body.status_reason, undefined, r.text)
        assert.equal(r.body.deposit.funding.can_start, true)
        assert.equal(r.body.outputs[1].address, '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM')
        assert.equal(r.body.outputs[1].state, 1)
        t.clock.advance(60_000)
      }
      // Stamped once: three minutes later the 2-hour output has 3 minutes less to wait.
      assert.equal(r.body.outputs[1].left_seconds, activatedAt + 7200 - Math.floor(t.clock.now() / 1000) + 60)
      // 30 % of 0.045 BTC = 0.0135 BTC = 1 350 000 sat, once.
      assert.deepEqual(await partnerBalance(), { entries: 1, total: 1_350_000n })

      // The first output (no delay) was handed to the payout engine at activation and is on
      // the simulated chain; mined, it is confirmed. The 2-hour one waits for its time.
      await t.kassa.runWorkersOnce()
      r = await check({ trackcode, outputs: 'full', mask_addresses: false })
      assert.equal(r.body.outputs[0].state, 2, r.text)
      assert.match(r.body.outputs[0].tx, /^[0-9a-f]{64}$/)
      assert.equal(r.body.outputs[1].state, 1)
      const sent = await chain.transaction('sim-bitcoin', r.body.outputs[0].tx)
      assert.deepEqual({ to: sent?.toAddress, amount: sent?.amount }, { to: '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL', amount: 845_469_657n })
      await t.kassa.simulation.mine(2, 'sim-bitcoin')
      await t.kassa.runWorkersOnce()
      r = await check({ trackcode, outputs: 'full' })
      assert.equal(r.body.outputs[0].confirm, 1)
      assert.equal(r.body.outputs[1].tx, '')

      t.clock.advance(2 * 3600_000)
      await t.kassa.runWorkersOnce()
      await t.kassa.runWorkersOnce()
      r = await check({ trackcode, outputs: 'summary' })
      assert.deepEqual(r.body.outputs, { count: 2, sent_count: 2, sent_total: '9.95490000' })
      const payouts = await t.kassa.database.db
        .selectFrom('payouts')
        .select(['kind', 'amount', 'to_address'])
        .where('kind', '=', 'swap_output')
        .orderBy('amount', 'desc')
        .execute()
      assert.deepEqual(
        payouts.map((p) => [p.to_address, String(p.amount)]),
        [
          ['35iMHbUZeTssxBodiHwEEkb32jpBfVueEL', '845469657'],
          ['1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', '150020343'],
        ],
      )
      assert.deepEqual(await partnerBalance(), { entries: 1, total: 1_350_000n }, 'still credited once')
      assert.equal((await check({ trackcode })).body.status_reason, undefined)

      // Had the second output's payout failed for good, the partner is told so.
      const second = await t.kassa.database.db
        .selectFrom('swap_payouts')
        .select('payout_id')
        .where('trackcode', '=', trackcode)
        .where('output_index', '=', 1)
        .executeTakeFirstOrThrow()
      await t.kassa.database.db
        .updateTable('payouts')
        .set({ status: 'failed', failure_reason: 'reverted' })
        .where('id', '=', second.payout_id)
        .execute()
      r = await check({ trackcode, outputs: 'full' })
      assert.equal(r.body.status_reason, 'PAYOUT_FAILED', r.text)
      assert.equal(r.body.outputs[1].state, 1)
    })

    test('delete: ok once, then NOT_FOUND for check and delete; the audit record stays', async () => {
      const created = await swapRequest(t, 'POST', '/v1/mixer/orders', key, ORDER)
      const { trackcode } = created.body
      const del = await swapRequest(t, 'POST', '/v1/orders/delete', key, { trackcode, type: 'mixer' })
      assert.deepEqual(del.body, { ok: true, trackcode, type: 'mixer', deleted: true })
      assert.equal(
        expectSwapError(await swapRequest(t, 'POST', '/v1/orders/delete', key, { trackcode }), 404, 'NOT_FOUND'),
        'Order not found or already deleted',
      )
      expectSwapError(await check({ trackcode }), 404, 'NOT_FOUND')
      const audit = await t.kassa.database.db
        .selectFrom('swap_audit')
        .select('event')
        .where('trackcode', '=', trackcode)
        .orderBy('created_at')
        .execute()
      assert.deepEqual(
        audit.map((a) => a.event),
        ['created', 'deleted'],
      )
    })

    test("another account's trackcode, a wrong type and malformed trackcodes", async () => {
      const created = await swapRequest(t, 'POST', '/v1/mixer/orders', key, ORDER)
      const other = (await t.kassa.swapAccounts.create('Other')).swapApiKey
      expectSwapError(await swapRequest(t, 'POST', '/v1/orders/check', other, { trackcode: created.body.trackcode }), 404, 'NOT_FOUND')
      expectSwapError(await check({ trackcode: created.body.trackcode, type: 'exchange' }), 404, 'NOT_FOUND')
      for (const bad of ['6a5fb3ba8a150ec9', '6A5FB3BA8A150EC', 'GA5FB3BA8A150EC9', 123, undefined]) {
        expectSwapError(await check({ trackcode: bad }), 400, 'BAD_REQUEST')
      }
      expectSwapError(await check({ trackcode: created.body.trackcode, outputs: 'all' }), 400, 'BAD_REQUEST')
      expectSwapError(await check({ trackcode: created.body.trackcode, type: 'swap' }), 400, 'BAD_REQUEST')
    })

    test('retention: delete_in_sec counts down from 48 h, then the order is NOT_FOUND', async () => {
      const created = await swapRequest(t, 'POST', '/v1/mixer/orders', key, ORDER)
      const { trackcode } = created.body
      t.clock.advance(1000 * 1000)
      const r = await check({ trackcode, outputs: 'none' })
      assert.equal(r.body.deposit.delete_in_sec, 172800 - 1000)
      assert.equal(r.body.outputs, undefined)
      t.clock.advance(171800 * 1000)
      expectSwapError(await check({ trackcode }), 404, 'NOT_FOUND')
    })
  })
}
