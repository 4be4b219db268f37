import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pino from 'pino'
import { Kassa } from '../../src/app/kassa.js'
import { loadConfig } from '../../src/config/index.js'
import { createDonation } from '../../src/services/payments/create-public-payment.js'
import { makeDataDir, removeDataDir, runCli } from '../samples/server-process.js'
import type { KassaEnv } from '../samples/server-process.js'

// `kassa store update` with the widget and donation flags, and `kassa donations list`, on
// an embedded SQLite data dir (the settings are plain rows; the dialects are covered by the
// HTTP tests).

describe('kassa CLI: widget and donation settings, donations list', () => {
  let dir: string
  let env: KassaEnv
  let store: { store_id: string; api_key: string }

  before(async () => {
    dir = await makeDataDir()
    env = { ...process.env, KASSA_DATA_DIR: dir, KASSA_LOG_LEVEL: 'silent' } as KassaEnv
    delete env.DATABASE_URL
    const r = await runCli(['store', 'create', '--name', 'Fund', '--currencies', 'USDT_TRC20', '--json'], env)
    assert.equal(r.code, 0, r.stderr)
    store = JSON.parse(r.stdout)
  })
  after(async () => {
    await removeDataDir(dir)
  })

  test('store update sets the widget and donation settings and prints them', async () => {
    const r = await runCli(
      [
        'store',
        'update',
        store.store_id,
        '--widget',
        'on',
        '--widget-origins',
        'https://shop.example, http://localhost:3000',
        '--donations',
        'on',
        '--donation-text',
        'Support us',
        '--donation-amounts',
        '5,10,25',
        '--donation-color',
        '#E11D48',
        '--json',
      ],
      env,
    )
    assert.equal(r.code, 0, r.stderr)
    const s = JSON.parse(r.stdout)
    assert.equal(s.widget_enabled, true)
    assert.deepEqual(s.widget_origins, ['https://shop.example', 'http://localhost:3000'])
    assert.equal(s.donations_enabled, true)
    assert.equal(s.donation_text, 'Support us')
    assert.deepEqual(s.donation_amounts, ['5', '10', '25'])
    assert.equal(s.donation_color, '#e11d48')
    assert.equal(s.name, 'Fund')
    const plain = await runCli(['store', 'update', store.store_id, '--donation-color', ''], env)
    assert.match(plain.stdout, /widget: +on \(https:\/\/shop\.example, http:\/\/localhost:3000\)/)
  })

  test('bad values: one line on stderr, nothing changed', async () => {
    for (const [args, message] of [
      [['--widget', 'maybe'], /--widget must be on or off/],
      [['--widget-origins', 'https://shop.example/checkout'], /must be an origin only/],
      [['--widget-origins', '*'], /is not a URL/],
      [['--donation-color', 'red;}body{x:y'], /#rgb or #rrggbb/],
      [['--donation-amounts', '5,-1'], /positive number/],
    ] as const) {
      const r = await runCli(['store', 'update', store.store_id, ...args], env)
      assert.equal(r.code, 1, r.stdout)
      assert.match(r.stderr.trim(), message)
      assert.equal(r.stderr.trim().split('\n').length, 1)
    }
    const r = await runCli(['store', 'list', '--json'], env)
    assert.equal(r.code, 0)
  })

  test("donations list shows donations with the donor's name and message, and only donations", async () => {
    const kassa = await Kassa.open({ config: loadConfig(env), logger: pino({ level: 'silent' }) })
    try {
      const s = await kassa.stores.getStore(store.store_id)
      const settings = await kassa.pageSettings.get(s.id)
      await createDonation(kassa.deps, kassa.rates, s, settings, {
        currency: 'USDT_TRC20',
        fiatAmount: '10',
        donorName: 'Ada',
        donorMessage: 'For the docs',
      })
    } finally {
      await kassa.close()
    }
    const r = await runCli(['donations', 'list', '--store', store.store_id, '--json'], env)
    assert.equal(r.code, 0, r.stderr)
    const rows = JSON.parse(r.stdout)
    assert.equal(rows.length, 1)
    assert.equal(rows[0].donor_name, 'Ada')
    assert.equal(rows[0].donor_message, 'For the docs')
    assert.equal(rows[0].fiat_amount, '10')
    assert.equal(rows[0].status, 'pending')
    const text = await runCli(['donations', 'list', '--store', store.store_id], env)
    assert.match(text.stdout, /pending +10\.\d+ USDT_TRC20 \(10 USD\) {2}Ada: For the docs/)
    const unknown = await runCli(['donations', 'list', '--store', '00000000-0000-0000-0000-000000000000'], env)
    assert.equal(unknown.code, 1)
  })
})
