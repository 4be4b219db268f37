import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { orderWithFailedOutput, swapFixture, swapRequest } from '../swap/swap-client.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'

// The operator's page of failed swap outputs: listed with their tag and reason, re-queued once
// (a second click is refused with the service's message), then paid; merchants get 404.

for (const dialect of await testDialects()) {
  describe(`dashboard: failed swap outputs (${dialect.name})`, () => {
    const f = swapFixture(dialect)

    test('listed, re-queued once, paid; not for merchants', async () => {
      const { trackcode } = await orderWithFailedOutput(f.t, f.key)
      await createDashboardUser(f.t, 'op@example.com', { operator: true })
      await createDashboardUser(f.t, 'shop@example.com')
      const op = await dashboardClient(f.t, 'op@example.com')
      const shop = await dashboardClient(f.t, 'shop@example.com')

      const page = await op.get('/dashboard/operator/swap-outputs')
      assert.equal(page.status, 200)
      assert.match(
        page.html,
        new RegExp(
          `<td class="mono"><a href="/dashboard/operator/audit\\?trackcode=${trackcode}">${trackcode}</a></td><td class="num">1</td>`,
        ),
      )
      assert.match(page.html, /tag 435757008/)
      assert.match(page.html, /the transaction was mined but reverted/)

      assert.equal((await shop.get('/dashboard/operator/swap-outputs')).status, 404)
      const forged = await shop.post(
        '/dashboard/operator/swap-outputs/requeue',
        { trackcode, output: '1' },
        { formPage: '/dashboard/account' },
      )
      assert.equal(forged.status, 404)
      const payoutsBefore = await f.t.kassa.database.db.selectFrom('payouts').select('id').execute()

      const bad = await op.post(
        '/dashboard/operator/swap-outputs/requeue',
        { trackcode, output: '7' },
        { formPage: '/dashboard/operator/swap-outputs' },
      )
      assert.equal(bad.status, 404)
      assert.match(bad.html, /class="notice error"/)
      assert.equal(
        (await f.t.kassa.database.db.selectFrom('payouts').select('id').execute()).length,
        payoutsBefore.length,
        'nothing queued',
      )

      const ok = await op.post(
        '/dashboard/operator/swap-outputs/requeue',
        { trackcode, output: '1' },
        { formPage: '/dashboard/operator/swap-outputs' },
      )
      assert.equal(ok.status, 303)
      assert.equal(ok.location, '/dashboard/operator/swap-outputs')
      const shown = await op.get('/dashboard/operator/swap-outputs')
      assert.match(shown.html, new RegExp(`Output 1 of ${trackcode} is queued again`))
      assert.match(shown.html, /No failed outputs/)
      const twice = await op.post(
        '/dashboard/operator/swap-outputs/requeue',
        { trackcode, output: '1' },
        { formPage: '/dashboard/operator/swap-outputs' },
      )
      assert.equal(twice.status, 409)
      assert.match(twice.html, /cannot be re-queued/)
      assert.equal(
        (await f.t.kassa.database.db.selectFrom('payouts').select('id').execute()).length,
        payoutsBefore.length + 1,
        'one new payout',
      )

      await f.t.kassa.runWorkersOnce()
      const check = await swapRequest(f.t, 'POST', '/v1/orders/check', f.key, { trackcode, outputs: 'full' })
      assert.equal(check.body.outputs[0].state, 2, check.text)
    })
  })
}
