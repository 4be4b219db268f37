import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pino from 'pino'
import { Kassa } from '../../src/app/kassa.js'
import { loadConfig } from '../../src/config/index.js'
import { createPayment } from '../../src/services/payments/create-payment.js'
import { makeDataDir, removeDataDir, runCli } from '../samples/server-process.js'
import type { KassaEnv } from '../samples/server-process.js'

// `kassa payments mark-paid|mark-invalid`: the operator resolves a payment of any store from
// the host, recorded as done by `cli`; a refusal is one line on stderr and changes nothing.
// On an embedded SQLite data dir: the service itself runs on both databases in
// test/lifecycle/payment-resolution.test.ts.

describe('kassa CLI: mark a payment paid or invalid', () => {
  let dir: string
  let env: KassaEnv
  let paymentId: string

  const open = () => Kassa.open({ config: loadConfig(env), logger: pino({ level: 'silent' }) })

  before(async () => {
    dir = await makeDataDir()
    env = { ...process.env, KASSA_DATA_DIR: dir, KASSA_LOG_LEVEL: 'silent' } as KassaEnv
    delete env.DATABASE_URL
    const r = await runCli(['store', 'create', '--name', 'Desk', '--currencies', 'BTC', '--json'], env)
    assert.equal(r.code, 0, r.stderr)
    const kassa = await open()
    try {
      const store = await kassa.stores.getStore(JSON.parse(r.stdout).store_id)
      const created = await createPayment(kassa.deps, kassa.rates, store, { amount: '0.01', source: 'api' })
      assert.equal(created.kind, 'payment')
      paymentId = created.kind === 'payment' ? created.payment.id : ''
    } finally {
      await kassa.close()
    }
  })
  after(async () => {
    await removeDataDir(dir)
  })

  test('refusals: a pending payment cannot be marked paid; a reason is required', async () => {
    const paid = await runCli(['payments', 'mark-paid', paymentId, '--reason', 'cash'], env)
    assert.equal(paid.code, 1, paid.stdout)
    assert.match(paid.stderr.trim(), /^kassa: A pending payment can still be paid on chain/)
    assert.equal(paid.stderr.trim().split('\n').length, 1)
    const noReason = await runCli(['payments', 'mark-invalid', paymentId], env)
    assert.equal(noReason.code, 1)
    assert.match(noReason.stderr, /--reason/)
    const unknown = await runCli(['payments', 'mark-invalid', '0190f0f0-0000-7000-8000-000000000000', '--reason', 'x'], env)
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr.trim(), /^kassa: Payment not found\.$/)
  })

  test('mark-invalid: the payment is expired, resolved by cli with the reason', async () => {
    const r = await runCli(['payments', 'mark-invalid', paymentId, '--reason', 'duplicate order'], env)
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout.trim(), `payment ${paymentId} marked invalid; it is now expired`)
    const kassa = await open()
    try {
      const p = await kassa.deps.repos.payments.byId(paymentId)
      assert.equal(p?.status, 'expired')
      assert.equal(p?.resolution?.by, 'cli')
      assert.equal(p?.resolution?.reason, 'duplicate order')
      assert.equal(p?.resolution?.from, 'pending')
    } finally {
      await kassa.close()
    }
    const again = await runCli(['payments', 'mark-invalid', paymentId, '--reason', 'again'], env)
    assert.match(again.stderr.trim(), /already marked invalid/)
  })
})
