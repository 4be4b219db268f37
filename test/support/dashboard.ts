import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import type { DashboardUser } from '../../src/services/accounts/account-sessions.js'
import type { TestKassa } from './test-kassa.js'

/** A password the policy accepts; every dashboard test person uses it unless the test is about passwords. */
export const TEST_PASSWORD = 'correct horse battery staple'

/** A dashboard person made through the service (fast); `operator` for the operator area. */
export async function createDashboardUser(
  t: TestKassa,
  email: string,
  opts: { operator?: boolean; accountName?: string } = {},
): Promise<DashboardUser> {
  return t.kassa.accountSessions.createUser({
    email,
    password: TEST_PASSWORD,
    operator: opts.operator ?? false,
    accountName: opts.accountName ?? email,
  })
}

/** Signs in through the real form, in the browser; asserts it landed on a signed-in page. */
export async function signInInBrowser(page: Page, baseUrl: string, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/login`)
  await page.fill('#email', email)
  await page.fill('#password', password)
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('button[type=submit]')])
  assert.ok(await page.locator('form[action="/dashboard/logout"]').count(), `signed in as ${email}`)
}

export interface DashboardClient {
  /** GET a dashboard path with this session; the HTML and status. */
  get(path: string): Promise<{ status: number; html: string; location: string | null }>
  /** POST a form with this session's CSRF token taken from `formPage` (default: the same path). */
  post(
    path: string,
    fields: Record<string, string | string[]>,
    opts?: { formPage?: string; csrf?: string | null },
  ): Promise<{ status: number; html: string; location: string | null }>
}

/**
 * A signed-in session over plain HTTP, for tests that check what the server does rather than
 * what the browser shows (another account's ids, CSRF refusals). Keeps its cookies like a browser.
 */
export async function dashboardClient(t: TestKassa, email: string, password = TEST_PASSWORD): Promise<DashboardClient> {
  const client = anonymousClient(t)
  const r = await client.post('/dashboard/login', { email, password }, { formPage: '/dashboard/login' })
  assert.equal(r.status, 303, `sign-in of ${email}: ${r.html.slice(0, 200)}`)
  return client
}

/** A browser with no session yet: cookies only from the pages it fetched. */
export function anonymousClient(t: TestKassa): DashboardClient {
  const jar = new Map<string, string>()
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  async function send(method: string, path: string, body?: string) {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(body !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(body !== undefined && { body }),
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const [k, ...v] = pair!.split('=')
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(k!)
      else jar.set(k!, v.join('='))
    }
    return { status: res.status, html: await res.text(), location: res.headers.get('location') }
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  return {
    get: (path) => send('GET', path),
    async post(path, fields, opts = {}) {
      const csrf = opts.csrf === undefined ? csrfOf((await send('GET', opts.formPage ?? path)).html) : opts.csrf
      const form = new URLSearchParams()
      if (csrf !== null) form.append('_csrf', csrf)
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one)
      return send('POST', path, form.toString())
    },
  }
}
