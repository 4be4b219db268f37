import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import bs58check from 'bs58check'
import { isValidTronAddress, tronAddressToHex } from '../../src/chains/adapters/tron/tron-address.js'
import { tronAddressOfPrivateKey } from '../../src/chains/adapters/tron/tron-keys.js'
import { SWAP_ADDRESS_VALIDATORS } from '../../src/chains/swap-address-validators.js'
import { createPayment, status } from '../lifecycle/lifecycle-helpers.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { OPERATOR_TOKEN, startTronKassa } from '../support/tron-kassa.js'
import type { TronTestKassa } from '../support/tron-kassa.js'
import { startTronNode } from '../support/tron-node/tron-node.js'
import type { TronNode } from '../support/tron-node/tron-node.js'
import { expectSwapError, swapRequest } from '../swap/swap-client.js'

/**
 * A malformed TRON address wherever Kassa takes one from outside, on a live TRON store: a
 * merchant withdrawal (operator route), a Swap API output or exchange destination on TRON, the
 * operator's screening list. Each is refused in that API's own envelope and writes nothing; a
 * well-formed address is accepted in the same place, so the test fails either way.
 */
const TRX = 1_000_000n

/** A wallet address from a fixed key, so every variant below is the same on every run. */
const GOOD = tronAddressOfPrivateKey(createHash('sha256').update('kassa tron bad input').digest())
const hash20 = Buffer.from(tronAddressToHex(GOOD).slice(2), 'hex')
const lastChanged = `${GOOD.slice(0, -1)}${GOOD.endsWith('z') ? 'y' : 'z'}`

/** Each one refused by every API below; `anywhere`: not an address on any Swap API network either. */
const MALFORMED: { what: string; address: string; anywhere: boolean }[] = [
  { what: 'a bad checksum (last character changed)', address: lastChanged, anywhere: true },
  { what: 'two characters swapped', address: `${GOOD.slice(0, 5)}${GOOD[6]}${GOOD[5]}${GOOD.slice(7)}`, anywhere: true },
  { what: 'the hex 41… form', address: tronAddressToHex(GOOD), anywhere: true },
  // 0xa0 was the prefix of TRON's first testnet addresses; today every TRON chain uses 0x41.
  { what: 'the old testnet prefix 0xa0', address: bs58check.encode(Buffer.concat([Buffer.from([0xa0]), hash20])), anywhere: true },
  { what: 'a Bitcoin address (prefix 0x00)', address: '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', anywhere: false },
  { what: 'the same account as an EVM address', address: `0x${hash20.toString('hex')}`, anywhere: false },
  { what: 'one character short', address: GOOD.slice(0, -1), anywhere: true },
  { what: 'upper case', address: GOOD.toUpperCase(), anywhere: true },
]

/** Another valid address each time, as a customer would give. */
const freshAddress = () => tronAddressOfPrivateKey(randomBytes(32))

for (const dialect of await testDialects()) {
  describe(`malformed TRON addresses refused, nothing written (${dialect.name})`, () => {
    let node: TronNode
    let t: TronTestKassa
    let store: StoreCredentials
    let swapKey: string
    let operator: DashboardClient

    const count = async (table: 'payouts' | 'ledger_entries' | 'swap_orders' | 'swap_audit' | 'swap_screening') =>
      Number(
        (
          await t.kassa.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const counts = async () => ({
      payouts: await count('payouts'),
      ledgerEntries: await count('ledger_entries'),
      swapOrders: await count('swap_orders'),
      swapAudit: await count('swap_audit'),
      screening: await count('swap_screening'),
    })

    before(async () => {
      node = await startTronNode({ network: 'nile' })
      t = await startTronKassa(dialect, node)
      store = await t.createStore('USDT_TRC20,TRX', { mode: 'live' })
      swapKey = (await t.kassa.swapAccounts.create('Live client', 'standard', 'live')).swapApiKey
      await createDashboardUser(t, 'op@example.com', { operator: true, accountName: 'Operator' })
      operator = await dashboardClient(t, 'op@example.com')
      await t.watcher.runOnce()
      // An available TRX balance, so a withdrawal to a good address can go through.
      const p = await createPayment(t, store, { amount: '150', currency: 'TRX' })
      node.payTrx({ to: p.pay_address, amount: 150n * TRX })
      node.mine(19)
      await t.watcher.runOnce()
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
    })
    after(async () => {
      await t?.close()
      await node?.stop()
    })

    test('the malformed addresses are malformed (checked with the validator itself, on every network)', () => {
      assert.equal(isValidTronAddress(GOOD), true)
      for (const m of MALFORMED) {
        assert.equal(isValidTronAddress(m.address), false, m.what)
        const networks = Object.entries(SWAP_ADDRESS_VALIDATORS)
          .filter(([, valid]) => valid(m.address))
          .map(([n]) => n)
        assert.equal(networks.length === 0, m.anywhere, `${m.what}: valid on ${networks.join(', ') || 'none'}`)
      }
    })

    test('a withdrawal (operator route) to a malformed address: 400 in the Merchant API envelope, no payout, no ledger entry', async () => {
      const post = (body: unknown) =>
        fetch(`${t.baseUrl}/operator/v1/stores/${store.storeId}/withdrawals`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR_TOKEN}` },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, json: (await r.json()) as { success: boolean; error?: string; data?: any } }))
      const before = await counts()
      for (const currency of ['TRX', 'USDT_TRC20']) {
        for (const m of MALFORMED) {
          const r = await post({ currency, amount: '1', to: m.address })
          assert.equal(r.status, 400, `${currency}, ${m.what}`)
          assert.deepEqual(Object.keys(r.json), ['success', 'error'], 'the Merchant API envelope')
          assert.equal(r.json.success, false)
          assert.equal(r.json.error, `${m.address} is not a valid address (or its checksum is wrong) on tron-nile.`, m.what)
        }
        const empty = await post({ currency, amount: '1', to: '' })
        assert.equal(empty.status, 400)
        assert.equal(empty.json.success, false)
        assert.match(empty.json.error ?? '', /^to /, 'names the field')
      }
      assert.deepEqual(await counts(), before, 'nothing written')
      assert.equal(node.broadcasts.length, 0)

      // A good address: queued, reserved from the balance (the test fails if everything is refused).
      const to = freshAddress()
      const ok = await post({ currency: 'TRX', amount: '1.5', to })
      assert.equal(ok.status, 200, JSON.stringify(ok.json))
      assert.equal(ok.json.data.status, 'queued')
      assert.equal(ok.json.data.to, to)
      assert.equal(ok.json.data.network, 'tron-nile')
      assert.equal(ok.json.data.amount, '1.5')
      const afterOk = await counts()
      assert.equal(afterOk.payouts, before.payouts + 1)
      assert.ok(afterOk.ledgerEntries > before.ledgerEntries, 'the amount is reserved in the ledger')
    })

    test('a Swap API split order paying a malformed TRON address: 400 in the Swap API envelope, no order', async () => {
      const order = (coin: 'usdt' | 'trx', address: string) => ({
        action: 'create_order',
        crypto: coin,
        network: 'trx',
        amount: coin === 'usdt' ? '100' : '500',
        addresses: [
          { address: freshAddress(), percent: '60', delay: '0' },
          { address, percent: '40', delay: '0' },
        ],
      })
      const before = await counts()
      for (const coin of ['usdt', 'trx'] as const) {
        const label = coin === 'usdt' ? 'Tether (TRC20)' : 'TRON (TRX)'
        for (const m of MALFORMED) {
          const r = await swapRequest(t, 'POST', '/v1/mixer/orders', swapKey, order(coin, m.address))
          const message = expectSwapError(r, 400, 'BAD_REQUEST')
          assert.equal(message, `Address ${m.address} is not a valid ${label} address.`, `${coin}: ${m.what}`)
        }
        const empty = await swapRequest(t, 'POST', '/v1/mixer/orders', swapKey, order(coin, ''))
        assert.equal(expectSwapError(empty, 400, 'BAD_REQUEST'), 'addresses[1].address is required.')
      }
      assert.deepEqual(await counts(), before, 'nothing written')

      for (const coin of ['usdt', 'trx'] as const) {
        const good = freshAddress()
        const r = await swapRequest(t, 'POST', '/v1/mixer/orders', swapKey, order(coin, good))
        assert.equal(r.status, 200, r.text)
        assert.equal(r.body.outputs[1].address, good)
        assert.ok(isValidTronAddress(r.body.deposit.address), 'a TRON deposit address from the live network')
      }
      assert.equal((await counts()).swapOrders, before.swapOrders + 2)
    })

    test('a Swap API exchange to a malformed TRON address: 400 in the Swap API envelope, no order', async () => {
      const exchange = (to: string) => ({
        from_coin: 'trx',
        from_network: 'trx',
        to_coin: 'usdt',
        to_network: 'trx',
        to_address: to,
        amount: '1000',
      })
      const before = await counts()
      for (const m of MALFORMED) {
        const r = await swapRequest(t, 'POST', '/v1/exchange/orders', swapKey, exchange(m.address))
        assert.equal(expectSwapError(r, 400, 'BAD_REQUEST'), `Address ${m.address} is not a valid Tether (TRC20) address.`, m.what)
      }
      expectSwapError(await swapRequest(t, 'POST', '/v1/exchange/orders', swapKey, exchange('')), 400, 'BAD_REQUEST')
      assert.deepEqual(await counts(), before, 'nothing written')
      const good = freshAddress()
      const r = await swapRequest(t, 'POST', '/v1/exchange/orders', swapKey, exchange(good))
      assert.equal(r.status, 200, r.text)
      assert.equal(r.body.receive.address, good)
      assert.equal((await counts()).swapOrders, before.swapOrders + 1)
    })

    test("the screening list (the operator's page and the service the CLI uses) refuses a malformed address, writes nothing", async () => {
      const before = await counts()
      for (const m of MALFORMED.filter((x) => x.anywhere)) {
        const r = await operator.post('/dashboard/operator/screening', { address: m.address, reason: 'test' })
        assert.equal(r.status, 400, m.what)
        assert.match(r.html, /is not a valid address on any network the Swap API pays out on/, m.what)
        // `kassa screening add` goes through the service: the same refusal.
        await assert.rejects(
          t.kassa.screening.add(m.address, 'test'),
          (err: Error & { code?: string }) =>
            err.code === 'SWAP_REQUEST_INVALID' && /is not a valid address on any network/.test(err.message),
          m.what,
        )
      }
      const empty = await operator.post('/dashboard/operator/screening', { address: '', reason: 'test' })
      assert.equal(empty.status, 400)
      assert.match(empty.html, /Enter the address to screen/)
      await assert.rejects(t.kassa.screening.add('', 'test'), /An address of 1–200 characters is required/)
      assert.deepEqual(await counts(), before, 'nothing written')
      assert.deepEqual(await t.kassa.screening.list(), [])

      // A good TRON address is screened, and then a Swap order paying it is refused (403).
      const good = freshAddress()
      const r = await operator.post('/dashboard/operator/screening', { address: good, reason: 'court order 7' })
      // The form answers 303 (POST/redirect/GET, docs/DASHBOARD.md); the list page shows the message.
      assert.equal(r.status, 303)
      assert.ok((await operator.get('/dashboard/operator/screening')).html.includes(`${good} is on the screening list.`))
      const other = freshAddress()
      await t.kassa.screening.add(other, 'sanctions list')
      assert.deepEqual((await t.kassa.screening.list()).map((e) => e.address).sort(), [good, other].sort())
      const blocked = await swapRequest(t, 'POST', '/v1/mixer/orders', swapKey, {
        crypto: 'trx',
        network: 'trx',
        amount: '500',
        addresses: [{ address: good, percent: '100', delay: '0' }],
      })
      expectSwapError(blocked, 403, 'FORBIDDEN')
    })
  })
}
