import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import pino from 'pino'
import { Kassa } from '../../src/app/kassa.js'
import { loadConfig } from '../../src/config/index.js'
import { kassaEnv, runCli } from '../samples/server-process.js'
import type { KassaEnv } from '../samples/server-process.js'

/** `kassa user create|reset-password|list` as the operator types them, checked by signing in. */
describe('kassa user', () => {
  let dir: string
  let env: KassaEnv
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kassa-user-cli-'))
    env = kassaEnv({ KASSA_DATA_DIR: dir, DATABASE_URL: '' })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const passwordOf = (stdout: string) => /^password: (\S+)$/m.exec(stdout)?.[1] ?? assert.fail(`no password in: ${stdout}`)

  async function canSignIn(email: string, password: string): Promise<boolean> {
    const kassa = await Kassa.open({ config: loadConfig({ KASSA_DATA_DIR: dir }), logger: pino({ level: 'silent' }) })
    try {
      await kassa.accountSessions.login(email, password, '127.0.0.1')
      return true
    } catch {
      return false
    } finally {
      await kassa.close()
    }
  }

  test('create prints a generated password once; reset replaces it; list shows the role', async () => {
    const created = await runCli(['user', 'create', '--email', 'Op@Example.com', '--operator', '--name', 'Op Ltd'], env)
    assert.equal(created.code, 0, created.stderr)
    assert.match(created.stdout, /user op@example\.com created \(operator\)/)
    const first = passwordOf(created.stdout)
    assert.ok(await canSignIn('op@example.com', first))

    const reset = await runCli(['user', 'reset-password', '--email', 'op@example.com'], env)
    assert.equal(reset.code, 0, reset.stderr)
    const second = passwordOf(reset.stdout)
    assert.notEqual(second, first)
    assert.equal(await canSignIn('op@example.com', first), false, 'the old password stops working')
    assert.ok(await canSignIn('op@example.com', second))

    const list = await runCli(['user', 'list'], env)
    assert.match(list.stdout, /^op@example\.com\toperator\t2fa off/m)
  })

  test('bad input: an invalid email, a taken one, an unknown one on reset — one clear line, exit 1', async () => {
    for (const [args, message] of [
      [['user', 'create', '--email', 'not-an-email'], /valid email/],
      [['user', 'create', '--email', 'op@example.com'], /exists already/],
      [['user', 'reset-password', '--email', 'nobody@example.com'], /No dashboard account has the email nobody@example\.com/],
    ] as const) {
      const r = await runCli(args, env)
      assert.equal(r.code, 1, args.join(' '))
      assert.match(r.stderr, message)
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace')
    }
  })
})
