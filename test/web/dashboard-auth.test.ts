import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { totpCode } from '../../src/security/totp.js'
import { testDialects } from '../support/databases.js'
import { anonymousClient, createDashboardUser, dashboardClient, TEST_PASSWORD } from '../support/dashboard.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// Sign-up, sign-in, second factor, throttling and CSRF over plain HTTP, on both databases.
// The browser walks through the same pages in dashboard.browser.test.ts.

for (const dialect of await testDialects()) {
  describe(`dashboard sign-in (${dialect.name})`, () => {
    let t: TestKassa
    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(() => t.close())

    test('pages need a session: a visitor is sent to sign in, with the page to come back to', async () => {
      const r = await fetch(`${t.baseUrl}/dashboard/account`, { redirect: 'manual' })
      assert.equal(r.status, 303)
      assert.equal(r.headers.get('location'), '/dashboard/login?next=%2Fdashboard%2Faccount')
    })

    test('the first sign-up becomes the operator; a weak password or a taken email changes nothing', async () => {
      const anon = anonymousClient(t)
      const weak = await anon.post('/dashboard/signup', { email: 'owner@example.com', password: 'password123' })
      assert.equal(weak.status, 400)
      assert.match(weak.html, /most common/)
      assert.equal((await t.kassa.accountSessions.listUsers()).length, 0)

      const ok = await anon.post('/dashboard/signup', { email: 'Owner@Example.com', password: TEST_PASSWORD, account_name: 'Owner & Co' })
      assert.equal(ok.status, 303)
      const users = await t.kassa.accountSessions.listUsers()
      assert.deepEqual(
        users.map((u) => [u.email, u.isOperator]),
        [['owner@example.com', true]],
      )
      const stored = await t.kassa.database.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()
      assert.match(stored.password_hash, /^\$argon2id\$/)

      const again = await anonymousClient(t).post('/dashboard/signup', { email: 'owner@example.com', password: TEST_PASSWORD })
      assert.equal(again.status, 400)
      assert.match(again.html, /exists already/)
      assert.equal((await t.kassa.accountSessions.listUsers()).length, 1)
    })

    test('the second sign-up is a merchant, and the operator can close sign-up', async () => {
      const r = await anonymousClient(t).post('/dashboard/signup', { email: 'shop@example.com', password: TEST_PASSWORD })
      assert.equal(r.status, 303)
      assert.equal((await t.kassa.accountSessions.listUsers()).find((u) => u.email === 'shop@example.com')?.isOperator, false)
      await t.kassa.operatorSettings.update({ signupOpen: false })
      const closed = await anonymousClient(t).post(
        '/dashboard/signup',
        { email: 'late@example.com', password: TEST_PASSWORD },
        { formPage: '/dashboard/login' },
      )
      assert.equal(closed.status, 403)
      assert.match(closed.html, /Sign-up is closed/)
      assert.equal((await t.kassa.accountSessions.listUsers()).length, 2)
      await t.kassa.operatorSettings.update({ signupOpen: true })
    })

    test("a form posted without its CSRF token, or with another session's, is refused and changes nothing", async () => {
      await createDashboardUser(t, 'csrf@example.com')
      const me = await dashboardClient(t, 'csrf@example.com')
      const none = await me.post(
        '/dashboard/account/password',
        { current_password: TEST_PASSWORD, new_password: 'another long passphrase' },
        { csrf: null },
      )
      assert.equal(none.status, 403)
      assert.match(none.html, /did not come from this dashboard/)
      await createDashboardUser(t, 'other@example.com')
      const other = await dashboardClient(t, 'other@example.com')
      const foreign = /name="_csrf" value="([^"]+)"/.exec((await other.get('/dashboard/account')).html)![1]!
      const stolen = await me.post(
        '/dashboard/account/password',
        { current_password: TEST_PASSWORD, new_password: 'another long passphrase' },
        { csrf: foreign },
      )
      assert.equal(stolen.status, 403)
      // The password is unchanged: signing in with it still works.
      await dashboardClient(t, 'csrf@example.com')
    })

    test('wrong passwords are throttled: the sixth try waits even with the right password', async () => {
      await createDashboardUser(t, 'throttle@example.com')
      const anon = anonymousClient(t)
      for (let i = 0; i < 4; i++) {
        const r = await anon.post('/dashboard/login', { email: 'throttle@example.com', password: `wrong-${i}-password` })
        assert.equal(r.status, 401)
        assert.match(r.html, /Wrong email or password/)
      }
      const fifth = await anon.post('/dashboard/login', { email: 'throttle@example.com', password: 'wrong-again-password' })
      assert.equal(fifth.status, 401)
      const locked = await anon.post('/dashboard/login', { email: 'throttle@example.com', password: TEST_PASSWORD })
      assert.equal(locked.status, 429)
      assert.match(locked.html, /Try again in 60 seconds/)
      t.clock.advance(61_000)
      assert.equal((await anon.post('/dashboard/login', { email: 'throttle@example.com', password: TEST_PASSWORD })).status, 303)
    })

    test('two-factor: set up with a code, then sign-in asks for one, and a used code is refused', async () => {
      await createDashboardUser(t, 'totp@example.com')
      const me = await dashboardClient(t, 'totp@example.com')
      const setup = await me.post('/dashboard/account/totp/setup', {}, { formPage: '/dashboard/account' })
      const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.html)![1]!
      const sealed = /name="sealed" value="([^"]+)"/.exec(setup.html)![1]!
      const wrong = await me.post(
        '/dashboard/account/totp/enable',
        { sealed, code: '000000' === totpCode(secret, t.clock.now()) ? '111111' : '000000' },
        { formPage: '/dashboard/account' },
      )
      assert.equal(wrong.status, 400)
      const on = await me.post(
        '/dashboard/account/totp/enable',
        { sealed, code: totpCode(secret, t.clock.now()) },
        { formPage: '/dashboard/account' },
      )
      assert.equal(on.status, 303)
      assert.equal(on.location, '/dashboard/account')
      const shown = await me.get('/dashboard/account')
      assert.match(shown.html, /Two-factor sign-in is on\. From now on/)
      assert.doesNotMatch((await me.get('/dashboard/account')).html, /From now on/, 'the message is for one GET')

      // The code that switched it on is spent: a sign-in in the same 30 s needs a newer one.
      const anon = anonymousClient(t)
      const pw = await anon.post('/dashboard/login', { email: 'totp@example.com', password: TEST_PASSWORD })
      assert.equal(pw.status, 303)
      assert.match(pw.location ?? '', /^\/dashboard\/login\/2fa/)
      assert.equal((await anon.get('/dashboard/account')).status, 303, 'half signed in is not signed in')
      const reused = await anon.post(
        '/dashboard/login/2fa',
        { code: totpCode(secret, t.clock.now()) },
        { formPage: '/dashboard/login/2fa' },
      )
      assert.equal(reused.status, 401)
      assert.match(reused.html, /already used/)
      t.clock.advance(30_000)
      const ok = await anon.post('/dashboard/login/2fa', { code: totpCode(secret, t.clock.now()) }, { formPage: '/dashboard/login/2fa' })
      assert.equal(ok.status, 303)
      assert.equal((await anon.get('/dashboard/account')).status, 200)
    })

    test('housekeeping removes expired sessions and idle throttle counters, and keeps live ones', async () => {
      await createDashboardUser(t, 'old@example.com')
      const old = await dashboardClient(t, 'old@example.com')
      await anonymousClient(t).post('/dashboard/login', { email: 'old@example.com', password: 'not-the-password' })
      t.clock.advance(13 * 3_600_000)
      await createDashboardUser(t, 'fresh@example.com')
      const fresh = await dashboardClient(t, 'fresh@example.com')
      await t.kassa.accountSessions.purgeExpired()
      const db = t.kassa.database.db
      const sessions = await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select('users.email').execute()
      assert.ok(!sessions.some((s) => s.email === 'old@example.com'), 'expired session removed')
      assert.ok(sessions.some((s) => s.email === 'fresh@example.com'))
      assert.equal((await db.selectFrom('login_throttle').selectAll().where('key', '=', 'email:old@example.com').execute()).length, 0)
      assert.equal((await old.get('/dashboard/account')).status, 303)
      assert.equal((await fresh.get('/dashboard/account')).status, 200)
    })

    test('sign-out ends the session on the server', async () => {
      await createDashboardUser(t, 'bye@example.com')
      const me = await dashboardClient(t, 'bye@example.com')
      assert.equal((await me.get('/dashboard/account')).status, 200)
      const out = await me.post('/dashboard/logout', {}, { formPage: '/dashboard/account' })
      assert.equal(out.status, 303)
      assert.equal((await me.get('/dashboard/account')).status, 303)
    })
  })
}
