import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// The payment page's test-mode pay route (POST /pay/:id/simulate) follows the CLI's rule: it
// sends what is still due on an open payment and refuses, sending nothing, when nothing is.

for (const dialect of await testDialects()) {
  describe(`test-mode pay route (${dialect.name})`, () => {
    let t: TestKassa
    let shared: StoreCredentials
    let own: StoreCredentials
    const create = async (creds: StoreCredentials, amount: string) => {
      const r = await t.request(creds, 'POST', '/api/v1/payment/create', { amount })
      assert.equal(r.status, 200, r.text)
      return r.json.data as { payment_id: string; pay_address: string }
    }
    const simulate = async (id: string, part: string, accept = 'application/json') => {
      const r = await fetch(`${t.baseUrl}/pay/${id}/simulate`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
        body: `part=${part}`,
      })
      return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() }
    }
    const transfersTo = async (address: string) => {
      await t.kassa.runWorkersOnce()
      return t.kassa.database.db.selectFrom('chain_transfers').select(['amount', 'payment_id']).where('to_address', '=', address).execute()
    }
    const payment = (id: string) =>
      t.kassa.database.db.selectFrom('payments').select(['status', 'amount_received']).where('id', '=', id).executeTakeFirstOrThrow()

    before(async () => {
      t = await startTestKassa(dialect)
      shared = await t.createStore('USDT_TRC20')
      own = await t.createStore('USDT_TRC20:unique_address')
    })
    after(async () => {
      await t.close()
    })

    test('a second click while confirming is refused in the API envelope, and sends nothing', async () => {
      const p = await create(shared, '10')
      const first = await simulate(p.payment_id, 'full')
      assert.equal(first.status, 200, first.text)
      assert.equal((await transfersTo(p.pay_address)).filter((x) => x.payment_id === p.payment_id).length, 1)
      assert.equal((await payment(p.payment_id)).status, 'confirming')
      const before = (await transfersTo(p.pay_address)).length

      const again = await simulate(p.payment_id, 'full')
      assert.equal(again.status, 400, again.text)
      assert.deepEqual(JSON.parse(again.text), {
        success: false,
        error: 'Nothing is due on this payment (confirming); pass an amount to send one anyway.',
      })
      for (const part of ['half', 'more']) assert.equal((await simulate(p.payment_id, part)).status, 400, part)
      assert.equal((await transfersTo(p.pay_address)).length, before, 'no dust transfer to the shared address')
    })

    test('without JavaScript the refusal is a page, not JSON', async () => {
      const p = await create(own, '4')
      assert.equal((await simulate(p.payment_id, 'full', 'text/html')).status, 303)
      await t.kassa.runWorkersOnce()
      const r = await simulate(p.payment_id, 'full', 'text/html')
      assert.equal(r.status, 400)
      assert.match(r.type, /^text\/html/)
      assert.match(r.text, /role="alert"/)
      assert.match(r.text, /Nothing is due on this payment \(confirming\)/)
      assert.equal((await transfersTo(p.pay_address)).length, 1)
    })

    test('an expired payment has nothing due: refused; after a part, the button pays exactly the rest', async () => {
      const gone = await create(own, '3')
      t.clock.advance(31 * 60_000)
      await t.kassa.runWorkersOnce()
      assert.equal((await payment(gone.payment_id)).status, 'expired')
      assert.equal((await simulate(gone.payment_id, 'full')).status, 400)
      assert.equal((await transfersTo(gone.pay_address)).length, 0)

      const p = await create(own, '10')
      assert.equal((await simulate(p.payment_id, 'half')).status, 200)
      await transfersTo(p.pay_address)
      assert.deepEqual(await payment(p.payment_id), { status: 'pending', amount_received: '5000000' })
      assert.equal((await simulate(p.payment_id, 'full')).status, 200)
      assert.deepEqual(
        (await transfersTo(p.pay_address)).map((x) => x.amount),
        ['5000000', '5000000'],
      )
      assert.equal((await payment(p.payment_id)).status, 'confirming')
    })
  })
}
