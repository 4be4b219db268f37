import type { DashboardClient } from '../support/dashboard.js'

/**
 * The client as a browser sees a form: a 303 answer is followed to the page it names (where
 * the one-read flash shows), so tests assert on what the person reads after submitting. A
 * refused form (4xx with its page) comes back as it was. dashboard-prg.test.ts checks the 303s.
 */
export function followingRedirects(client: DashboardClient): DashboardClient {
  return {
    get: client.get,
    async post(path, fields, opts) {
      const r = await client.post(path, fields, opts)
      return r.status === 303 && r.location ? client.get(r.location) : r
    },
  }
}
