import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, loadConfig } from './config.js'

test('defaults give the embedded mode on 127.0.0.1:8080', () => {
  const c = loadConfig({})
  assert.equal(c.port, 8080)
  assert.equal(c.host, '127.0.0.1')
  assert.equal(c.dataDir, './data')
  assert.equal(c.databaseUrl, undefined)
  assert.equal(c.publicUrl, 'http://127.0.0.1:8080')
  assert.equal(c.rates.ttlMs, 300_000)
  assert.equal(c.bodyLimit, 65_536)
})

test('reads every documented variable', () => {
  const c = loadConfig({
    PORT: '9000',
    HOST: '0.0.0.0',
    KASSA_DATA_DIR: '/var/kassa',
    DATABASE_URL: 'postgres://u@h/db',
    KASSA_RATES_FILE: '/etc/rates.json',
    KASSA_PUBLIC_URL: 'https://pay.example.com/',
    KASSA_SIM_BLOCK_SECONDS: '0',
  })
  assert.equal(c.port, 9000)
  assert.equal(c.databaseUrl, 'postgres://u@h/db')
  assert.equal(c.rates.file, '/etc/rates.json')
  assert.equal(c.publicUrl, 'https://pay.example.com')
  assert.equal(c.sim.blockSeconds, 0)
})

test('bad values stop the start with a message naming the variable', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty' }),
    (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message),
  )
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/)
  assert.throws(() => loadConfig({ KASSA_RATES_PROVIDER: 'magic' }), /KASSA_RATES_PROVIDER/)
})

test('HTTP timeouts: defaults, overrides, and a header deadline past the request deadline refused', () => {
  assert.deepEqual(loadConfig({}).http, {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 72_000,
    idleTimeoutMs: 60_000,
  })
  const c = loadConfig({
    KASSA_HTTP_HEADERS_TIMEOUT_MS: '2000',
    KASSA_HTTP_REQUEST_TIMEOUT_MS: '4000',
    KASSA_HTTP_KEEP_ALIVE_TIMEOUT_MS: '5000',
    KASSA_HTTP_IDLE_TIMEOUT_MS: '9000',
  })
  assert.deepEqual(c.http, { headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 5000, idleTimeoutMs: 9000 })
  assert.throws(() => loadConfig({ KASSA_HTTP_HEADERS_TIMEOUT_MS: '40000' }), /KASSA_HTTP_HEADERS_TIMEOUT_MS must not be larger/)
  assert.throws(() => loadConfig({ KASSA_HTTP_REQUEST_TIMEOUT_MS: '0' }), ConfigError)
})

test('KASSA_RATE_LIMIT_ALLOW: a list of IP addresses, none by default; anything else refused at start', () => {
  assert.deepEqual(loadConfig({}).rateLimitAllow, [])
  assert.deepEqual(loadConfig({ KASSA_RATE_LIMIT_ALLOW: ' 127.0.0.1, ::1 ' }).rateLimitAllow, ['127.0.0.1', '::1'])
  assert.throws(
    () => loadConfig({ KASSA_RATE_LIMIT_ALLOW: '127.0.0.1,localhost' }),
    /KASSA_RATE_LIMIT_ALLOW must be comma-separated IP addresses; not: localhost/,
  )
  assert.throws(() => loadConfig({ KASSA_RATE_LIMIT_ALLOW: '10.0.0.0/8' }), ConfigError)
})
