import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { runSwapWorker } from '../../src/jobs/workers/swap-worker.js'
import { ChainRpcError, ChainUnavailableError } from '../../src/errors/index.js'
import { testDialects } from '../support/databases.js'
import { SEED_MIXER_ORDER, expectSwapError, swapFixture, swapRequest } from './swap-client.js'
import type { SwapFixture } from './swap-client.js'

// Check and validate only read an order: activation (activated_at, the ledger postings, the
// partner's credit, the outputs handed to the payout worker) is the swap worker's alone. A node
// that cannot answer check's liquidity question fails the check in the Swap API's envelope.

for (const dialect of await testDialects()) {
  describe(`check and validate only read (${dialect.name})`, () => {
    const f = swapFixture(dialect)
    const check = (trackcode: string) => swapRequest(f.t, 'POST', '/v1/orders/check', f.key, { trackcode, outputs: 'full' })

    /** An order paid in full and confirmed, as the chain watcher saw it; the swap worker has not run. */
    async function fundedOrder(): Promise<{ trackcode: string; signature: string }> {
      const created = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, { ...SEED_MIXER_ORDER, partner: f.partner.partnerKey })
      assert.equal(created.status, 200, created.text)
      await f.t.kassa.simulation.payOrder(created.body.trackcode)
      await f.t.kassa.simulation.mine(2, 'sim-bitcoin')
      for (const w of f.t.kassa.watchers) await w.runOnce()
      return { trackcode: created.body.trackcode, signature: created.body.signature_text }
    }
    const db = () => f.t.kassa.database.db
    const ledgerEntries = async () => (await db().selectFrom('ledger_entries').select('id').execute()).length
    const activatedAt = async (trackcode: string) =>
      (await db().selectFrom('swap_orders').select('activated_at').where('trackcode', '=', trackcode).executeTakeFirstOrThrow())
        .activated_at
    const outputLinks = async (trackcode: string) =>
      (await db().selectFrom('swap_payouts').select('output_index').where('trackcode', '=', trackcode).execute()).length
    /** In time order; events of the same millisecond in no particular order. */
    const auditEvents = async (trackcode: string) =>
      (
        await db().selectFrom('swap_audit').select('event').where('trackcode', '=', trackcode).orderBy('created_at').orderBy('id').execute()
      ).map((a) => a.event)

    test('a fully funded, confirmed order: check and validate activate nothing and post nothing; the swap worker does', async () => {
      const { trackcode, signature } = await fundedOrder()
      const entries = await ledgerEntries()
      for (let i = 0; i < 2; i++) {
        const r = await check(trackcode)
        assert.equal(r.status, 200, r.text)
        assert.deepEqual(r.body.deposit.funding, {
          waiting_balance: '10.00000000',
          received_balance: '10.00000000',
          remaining_need: '0.00000000',
          is_fully_funded: true,
          can_start: true,
        })
        assert.equal(r.body.deposit.confirm_status, 2)
        assert.equal(r.body.status_reason, 'AWAITING_ACTIVATION', 'funded and confirmed, waiting for the worker')
        assert.deepEqual(
          r.body.outputs.map((o: { state: number; left_seconds: number }) => [o.state, o.left_seconds]),
          [
            [0, 0],
            [0, 7200],
          ],
        )
        const v = await swapRequest(f.t, 'POST', '/v1/validate', f.key, { signature })
        assert.equal(v.status, 200, v.text)
        assert.equal(v.body.route, 'confirm', 'received, not yet active')
      }
      assert.equal(await activatedAt(trackcode), null)
      assert.equal(await ledgerEntries(), entries, 'no deposit, fee or partner credit posted')
      assert.equal(await outputLinks(trackcode), 0, 'no output handed to the payout worker')
      assert.deepEqual(
        (await auditEvents(trackcode)).sort(),
        ['created', 'validated', 'validated'],
        'validate records itself, nothing more',
      )

      f.t.clock.advance(1000)
      assert.deepEqual(await runSwapWorker(f.t.kassa.swap), { activated: 1, queued: 1 })
      assert.equal(Number(await activatedAt(trackcode)), f.t.clock.now())
      assert.ok((await ledgerEntries()) > entries)
      assert.equal(await outputLinks(trackcode), 1, 'the undelayed output is queued at activation')
      assert.equal((await auditEvents(trackcode)).at(-1), 'activated')
      const r = await check(trackcode)
      assert.equal(r.body.status_reason, undefined, r.text)
      assert.deepEqual(
        r.body.outputs.map((o: { state: number }) => o.state),
        [1, 1],
      )
      assert.deepEqual(await runSwapWorker(f.t.kassa.swap), { activated: 0, queued: 0 }, 'once')
    })

    test('a node that cannot answer the liquidity question: 503 SERVICE_UNAVAILABLE in the Swap envelope, nothing written', async () => {
      const { trackcode } = await fundedOrder()
      await runSwapWorker(f.t.kassa.swap)
      const send = f.t.kassa.swap.chains.byNetwork('sim-bitcoin')!.send!
      const balance = send.balance
      const entries = await ledgerEntries()
      try {
        send.balance = async () => {
          throw new ChainUnavailableError('sim-bitcoin', 'connection refused')
        }
        const down = expectSwapError(await check(trackcode), 503, 'SERVICE_UNAVAILABLE')
        assert.equal(down, 'The sim-bitcoin node is unavailable: connection refused.')
        send.balance = async () => {
          throw new ChainRpcError('sim-bitcoin', 'getbalance', 'internal error')
        }
        expectSwapError(await check(trackcode), 503, 'SERVICE_UNAVAILABLE')
      } finally {
        send.balance = balance
      }
      assert.equal(await ledgerEntries(), entries)
      assert.equal((await check(trackcode)).status, 200, 'the node back: check answers again')
    })
  })

  describe(`swap worker reaches every waiting order (${dialect.name})`, () => {
    const f: SwapFixture = swapFixture(dialect)

    test('a funded order behind more than a page of unfunded older ones is activated in one pass', async () => {
      const now = f.t.clock.now()
      const repos = f.t.kassa.repos
      await repos.write(async (tx) => {
        for (let i = 0; i < 250; i++) {
          await tx.swapOrders.insert({
            trackcode: (0x1000_0000_0000_0000n + BigInt(i)).toString(16).toUpperCase(),
            type: 'mixer',
            accountId: 'nobody',
            partnerAccountId: null,
            coin: 'btc',
            network: 'btc',
            chainNetwork: 'sim-bitcoin',
            depositAddress: `unfunded-${i}`,
            depositIndex: null,
            depositAmount: 100_000_000n,
            serviceFee: 500_000n,
            plan: {
              createdAt: Math.floor(now / 1000),
              serviceFeeHundredths: 50,
              serviceFee: '500000',
              feePerOutput: '5000',
              feeOutputsTotal: '5000',
              outputs: [],
            },
            activatedAt: null,
            deletedAt: null,
            expiresAt: now + 86_400_000,
            createdAt: now - 60_000 + i,
          })
        }
      })
      const created = await swapRequest(f.t, 'POST', '/v1/mixer/orders', f.key, SEED_MIXER_ORDER)
      const { trackcode } = created.body
      await f.t.kassa.simulation.payOrder(trackcode)
      await f.t.kassa.simulation.mine(2, 'sim-bitcoin')
      for (const w of f.t.kassa.watchers) await w.runOnce()
      assert.deepEqual(await runSwapWorker(f.t.kassa.swap), { activated: 1, queued: 1 })
      assert.equal((await swapRequest(f.t, 'POST', '/v1/orders/check', f.key, { trackcode })).body.status_reason, undefined)
    })
  })
}
