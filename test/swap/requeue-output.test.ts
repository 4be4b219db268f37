import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { SimChainRepository } from '../../src/db/repositories/sim-chain-repository.js'
import { openSqlite } from '../../src/db/dialect.js'
import { requeueFailedOutput } from '../../src/services/swap/requeue-output.js'
import { kassaEnv, runCli } from '../samples/server-process.js'
import { testDialects } from '../support/databases.js'
import type { TestDialect } from '../support/databases.js'
import { orderWithFailedOutput, swapFixture, swapRequest, XRP_TAGGED_ORDER as ORDER } from './swap-client.js'

// An output whose payout fails for good (the simulator reverts it) stays at state 1 with
// PAYOUT_FAILED until the operator re-queues it: a new payout with the same address, amount
// and destination tag, the failed one kept as history; then it is paid and check is quiet.

const TOKEN = 'operator-token-for-swap-tests-0001'
interface OperatorResponse {
  status: number
  body: any
}

for (const dialect of await testDialects()) {
  describe(`re-queue a failed swap output (${dialect.name})`, () => {
    const f = swapFixture(dialect, { env: { KASSA_OPERATOR_TOKEN: TOKEN } })
    const check = (trackcode: string) =>
      swapRequest(f.t, 'POST', '/v1/orders/check', f.key, { trackcode, outputs: 'full', mask_addresses: false })
    const operator = async (method: 'GET' | 'POST', path: string, token: string | null = TOKEN): Promise<OperatorResponse> => {
      const res = await fetch(`${f.t.baseUrl}/operator/v1${path}`, {
        method,
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      })
      return { status: res.status, body: await res.json() }
    }

    test('failed for good: PAYOUT_FAILED; re-queued over the operator route: a new payout with the tag, paid; the failed one stays', async () => {
      const { trackcode, failedTx } = await orderWithFailedOutput(f.t, f.key)
      const chain = new SimChainRepository(f.t.kassa.database.db)
      assert.equal((await chain.transaction('sim-xrp', failedTx))?.reverted, true)
      let r = await check(trackcode)
      assert.equal(r.body.status_reason, 'PAYOUT_FAILED', r.text)
      assert.equal(r.body.outputs[0].state, 1)
      assert.equal(
        (await f.t.kassa.database.db.selectFrom('ledger_entries').select('id').where('kind', '=', 'swap_output').execute()).length,
        0,
        'a failed output posts nothing',
      )

      const listed = await operator('GET', '/swap/failed-outputs')
      assert.equal(listed.status, 200)
      assert.deepEqual(
        listed.body.data.outputs.map(
          (o: { trackcode: string; output: number; payout: { status: string; memo: string; failure_reason: string } }) => [
            o.trackcode,
            o.output,
            o.payout.status,
            o.payout.memo,
            o.payout.failure_reason,
          ],
        ),
        [[trackcode, 1, 'failed', '435757008', 'the transaction was mined but reverted']],
      )
      const failedPayout = listed.body.data.outputs[0].payout.payout_id

      const requeued = await operator('POST', `/swap/orders/${trackcode}/outputs/1/requeue`)
      assert.equal(requeued.status, 200, JSON.stringify(requeued.body))
      const { payout, replaced } = requeued.body.data
      assert.deepEqual(
        {
          status: payout.status,
          to: payout.to,
          amount: payout.amount,
          currency: payout.currency,
          memo: payout.memo,
          replaces: payout.replaces,
        },
        {
          status: 'queued',
          to: 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb',
          amount: '99.4',
          currency: 'XRP',
          memo: '435757008',
          replaces: failedPayout,
        },
      )
      assert.equal(replaced.payout_id, failedPayout)
      // Once is enough: the output's payout is no longer the failed one.
      const again = await operator('POST', `/swap/orders/${trackcode}/outputs/1/requeue`)
      assert.equal(again.status, 409)
      assert.equal(again.body.success, false)
      assert.match(again.body.error, /cannot be re-queued: its payout .* is queued/)
      assert.equal((await check(trackcode)).body.status_reason, undefined, 'no longer failed: on its way again')
      assert.deepEqual((await operator('GET', '/swap/failed-outputs')).body.data.outputs, [])

      await f.t.kassa.runWorkersOnce()
      r = await check(trackcode)
      assert.equal(r.body.outputs[0].state, 2, r.text)
      assert.notEqual(r.body.outputs[0].tx, failedTx, 'a new transaction (a new nonce)')
      const sent = await chain.transaction('sim-xrp', r.body.outputs[0].tx)
      assert.deepEqual(
        { to: sent?.toAddress, amount: sent?.amount, memo: sent?.memo, reverted: sent?.reverted },
        { to: 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb', amount: 99_400_000n, memo: '435757008', reverted: false },
      )
      await f.t.kassa.simulation.mine(1, 'sim-xrp')
      await f.t.kassa.runWorkersOnce()
      r = await check(trackcode)
      assert.equal(r.body.outputs[0].confirm, 1)
      assert.equal(r.body.status_reason, undefined)
      // History: both payouts exist; the order's account is settled by the second alone.
      const rows = await f.t.kassa.database.db
        .selectFrom('payouts')
        .select(['id', 'status', 'replaces_id'])
        .where('network', '=', 'sim-xrp')
        .where('kind', '=', 'swap_output')
        .execute()
      assert.deepEqual(rows.map((p) => [p.id === failedPayout, p.status, p.replaces_id]).sort(), [
        [false, 'confirmed', failedPayout],
        [true, 'failed', null],
      ])
      const order = await f.t.kassa.database.db
        .selectFrom('ledger_entries')
        .select('amount')
        .where('account', '=', `swap:order:${trackcode}`)
        .execute()
      assert.equal(
        order.reduce((s, e) => s + BigInt(e.amount), 0n),
        0n,
      )
      const audit = await f.t.kassa.database.db
        .selectFrom('swap_audit')
        .select('event')
        .where('trackcode', '=', trackcode)
        .orderBy('created_at')
        .execute()
      assert.ok(audit.some((a) => a.event === 'output_requeued'))
    })

    test('refusals: no token 401, an unknown order or output 404, a malformed trackcode 400, an output not failed 409', async () => {
      const { trackcode } = (await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, ORDER)).body
      assert.equal((await operator('POST', `/swap/orders/${trackcode}/outputs/1/requeue`, null)).status, 401)
      assert.equal((await operator('POST', `/swap/orders/${trackcode}/outputs/1/requeue`, 'wrong-token-wrong-token-wrong')).status, 401)
      const unknown = await operator('POST', '/swap/orders/0123456789ABCDEF/outputs/1/requeue')
      assert.deepEqual([unknown.status, unknown.body.success], [404, false])
      const noOutput = await operator('POST', `/swap/orders/${trackcode}/outputs/2/requeue`)
      assert.equal(noOutput.status, 404)
      assert.match(noOutput.body.error, /has no output 2; its outputs are 1 to 1/)
      assert.equal((await operator('POST', `/swap/orders/${trackcode.toLowerCase()}/outputs/1/requeue`)).status, 400)
      assert.equal((await operator('POST', `/swap/orders/${trackcode}/outputs/0/requeue`)).status, 400)
      const waiting = await operator('POST', `/swap/orders/${trackcode}/outputs/1/requeue`)
      assert.equal(waiting.status, 409)
      assert.match(waiting.body.error, /not been handed to the payout engine yet/)
    })

    test('a memo on a network that cannot carry one: the payout fails for good, nothing is sent bare', async () => {
      const now = f.t.clock.now()
      const row = {
        id: `memo-test-${dialect.name}`,
        kind: 'swap_output' as const,
        network: 'sim-bitcoin',
        currency: 'BTC',
        store_id: null,
        payment_id: null,
        from_index: null,
        from_address: null,
        to_address: '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL',
        amount: '1000',
        status: 'queued' as const,
        nonce: null,
        signed_tx: null,
        tx_hash: null,
        max_fee: null,
        block_height: null,
        confirmations: 0,
        failure_reason: null,
        memo: '42',
        replaces_id: null,
        created_at: now,
        updated_at: now,
      }
      await f.t.kassa.database.db.insertInto('payouts').values(row).execute()
      await f.t.kassa.payouts.runOnce()
      const after = await f.t.kassa.database.db
        .selectFrom('payouts')
        .select(['status', 'failure_reason', 'tx_hash'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow()
      assert.deepEqual({ status: after.status, tx: after.tx_hash }, { status: 'failed', tx: null })
      assert.match(after.failure_reason!, /sim-bitcoin cannot carry the payout's memo/)
      const sent = await f.t.kassa.database.db
        .selectFrom('sim_transactions')
        .select('tx_hash')
        .where('to_address', '=', row.to_address)
        .where('amount', '=', '1000')
        .execute()
      assert.deepEqual(sent, [])
    })

    test('the operator routes are in the OpenAPI document, behind the operator token', async () => {
      const doc = await fetch(`${f.t.baseUrl}/docs/json`).then(
        (r) => r.json() as Promise<{ paths: Record<string, Record<string, { security?: unknown }>> }>,
      )
      assert.deepEqual(doc.paths['/operator/v1/swap/orders/{trackcode}/outputs/{output}/requeue']?.post?.security, [{ OperatorToken: [] }])
      assert.deepEqual(doc.paths['/operator/v1/swap/failed-outputs']?.get?.security, [{ OperatorToken: [] }])
    })

    test('an order with a failed output is kept past the 96-hour purge until its output is paid', async () => {
      const { trackcode } = await orderWithFailedOutput(f.t, f.key)
      const kept = async () =>
        (await f.t.kassa.database.db.selectFrom('swap_orders').select('trackcode').where('trackcode', '=', trackcode).execute()).length
      f.t.clock.advance(97 * 3600_000)
      await f.t.kassa.runWorkersOnce()
      assert.equal(await kept(), 1, 'still owed: kept for the operator')
      await requeueFailedOutput(f.t.kassa.swap, trackcode, 1)
      await f.t.kassa.runWorkersOnce()
      assert.equal(await kept(), 1, 'on its way: kept so its confirmation reaches the ledger')
      await f.t.kassa.simulation.mine(1, 'sim-xrp')
      await f.t.kassa.runWorkersOnce() // confirmed (the purge ran before the engine in this pass)
      await f.t.kassa.runWorkersOnce()
      assert.equal(await kept(), 0, 'paid: purged')
      const order = await f.t.kassa.database.db
        .selectFrom('ledger_entries')
        .select('amount')
        .where('account', '=', `swap:order:${trackcode}`)
        .execute()
      assert.equal(
        order.reduce((s, e) => s + BigInt(e.amount), 0n),
        0n,
      )
    })
  })
}

describe('kassa swap failed | requeue, beside a running Kassa on the same SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-swap-cli-'))
  const file: TestDialect = {
    name: 'sqlite',
    async open() {
      const handle = await openSqlite(join(dir, 'kassa.sqlite'))
      return { handle, databaseUrl: undefined, drop: () => handle.close() }
    },
  }
  const f = swapFixture(file)
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('lists the failed output, re-queues it once, refuses a second time in one line', async () => {
    const { trackcode } = await orderWithFailedOutput(f.t, f.key)
    const env = kassaEnv({ KASSA_DATA_DIR: dir, DATABASE_URL: '' })
    const failed = await runCli(['swap', 'failed', '--json'], env)
    assert.equal(failed.code, 0, failed.stderr)
    const rows = JSON.parse(failed.stdout) as { trackcode: string; output: number; payout: { memo: string } }[]
    assert.deepEqual(
      rows.map((r) => [r.trackcode, r.output, r.payout.memo]),
      [[trackcode, 1, '435757008']],
    )
    const requeued = await runCli(['swap', 'requeue', trackcode, '1'], env)
    assert.equal(requeued.code, 0, requeued.stderr)
    assert.match(
      requeued.stdout,
      new RegExp(`^output 1 of ${trackcode} re-queued: payout \\S+ \\(99\\.4 XRP to raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb\\) replaces `),
    )
    const again = await runCli(['swap', 'requeue', trackcode, '1'], env)
    assert.equal(again.code, 1)
    assert.match(again.stderr.trim(), /^kassa: Output 1 of order [0-9A-F]{16} cannot be re-queued: its payout \S+ is queued\.$/)
    // The running Kassa sends what the CLI queued.
    await f.t.kassa.runWorkersOnce()
    const r = await swapRequest(f.t, 'POST', '/v1/orders/check', f.key, { trackcode, outputs: 'full' })
    assert.equal(r.body.outputs[0].state, 2, r.text)
  })
})
