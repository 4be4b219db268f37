import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import { FuzzClient } from './fuzz-client.js'
import { OPERATOR_TOKEN, fuzzVocabulary, makeFixtures } from './fuzz-fixtures.js'
import { fuzzSettings } from './fuzz-settings.js'
import { actionMatches } from './page-forms.js'
import { crawlForms } from './page-crawl.js'
import { requestArbitrary } from './request-arbitrary.js'
import { contractProblem } from './response-contract.js'
import { documentedOperations, registeredRoutes } from './route-inventory.js'
import { changedTables, tableChecksums } from './table-checksum.js'

// Issue 16, "checks that stay": every route the app registers, in the OpenAPI document or
// hidden from it, gets generated requests (docs/RELIABILITY.md, "Fuzz suite"). Per request:
// no 5xx, the surface's envelope, and on a refusal no table written but those
// table-checksum.ts lists with their reasons. Seed and count: fuzz-settings.ts.

const settings = fuzzSettings()

for (const dialect of await testDialects()) {
  describe(`fuzz every route (${dialect.name})`, () => {
    test(`seed ${settings.seed}, ${settings.runsPerRoute} requests per route`, { timeout: 60 * 60_000 }, async (ctx) => {
      const started = performance.now()
      const phase = (what: string) => ctx.diagnostic(`${dialect.name}: ${what} at ${((performance.now() - started) / 1000).toFixed(1)} s`)
      const t = await startTestKassa(dialect, {
        env: { KASSA_OPERATOR_TOKEN: OPERATOR_TOKEN, KASSA_SWAP_QUOTAS: 'standard=100000000' },
      })
      try {
        phase('started')
        const fixtures = await makeFixtures(t)
        phase('fixtures made')
        const vocab = fuzzVocabulary(fixtures)
        const client = new FuzzClient(t, fixtures)
        const routes = registeredRoutes(t.app)
        const documented = documentedOperations(t.app)
        const forms = await crawlForms(client, routes, fixtures)
        phase('pages crawled')
        const sent = new Map<string, number>()
        /** Answers by status class: how many requests got past validation (2xx, 3xx) shows how deep the fuzz reaches. */
        const answers = new Map<string, number>()
        // The tables as the last request left them: each request's "before" is the previous
        // one's "after", unless something else wrote in between (a new sign-in, another test).
        let last = await tableChecksums(t.database.handle)

        await ctx.test('the inventory is the router: every route it lists exists, every documented one is in it', () => {
          assert.ok(routes.length > 100, `only ${routes.length} routes read from the router`)
          // hasRoute cannot look up a wildcard; a wildcard route is checked by the request it answers.
          for (const r of routes.filter((r) => !r.url.includes('*'))) {
            assert.ok(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), `${r.method} ${r.url} is not a route`)
          }
          const listed = new Set(routes.map((r) => `${r.method} ${r.url}`))
          for (const key of documented.keys()) assert.ok(listed.has(key), `documented ${key} missing from the inventory`)
          // Hidden routes are in it too (buyer pages, dashboard forms).
          for (const key of ['GET /pay/:id', 'POST /dashboard/stores/:id/links', 'POST /link/:linkId']) assert.ok(listed.has(key), key)
          assert.ok(forms.length > 20, `only ${forms.length} forms found on the pages`)
        })

        await ctx.test('the checksum sees a write, and not one to a table excused on refusal', async () => {
          const before = await tableChecksums(t.database.handle)
          const r = await t.request(fixtures.merchant, 'POST', '/api/v1/payment/create', { amount: '2.00', currency: 'USDT_TRC20' })
          assert.equal(r.status, 200, r.text)
          const changed = changedTables(before, await tableChecksums(t.database.handle))
          assert.ok(changed.includes('payments'), `a new payment, yet changed: ${changed.join(', ')}`)
          assert.ok(!changed.includes('seen_signatures'), 'seen_signatures is excused, so not compared')
        })

        const selected = routes.filter((r) => !settings.routeFilter || `${r.method} ${r.url}`.includes(settings.routeFilter))
        for (const route of selected) {
          const name = `${route.method} ${route.url}`
          await ctx.test(name, async () => {
            const inputs = {
              route,
              documented: documented.get(name),
              forms: forms.filter((f) => actionMatches(route.url, f.action)),
              vocab,
            }
            // Whatever ran before this route's requests (another test, a failed property) is not theirs.
            last = await tableChecksums(t.database.handle)
            await fc.assert(
              fc.asyncProperty(requestArbitrary(inputs), async (req) => {
                sent.set(name, (sent.get(name) ?? 0) + 1)
                if (await client.prepare(req)) last = await tableChecksums(t.database.handle)
                const out = client.credentials(req)
                const before = last
                const res = await client.send(req, out)
                last = await tableChecksums(t.database.handle)
                const status = `${String(res.status)[0]}xx`
                answers.set(status, (answers.get(status) ?? 0) + 1)
                const where = () => `\n  request: ${JSON.stringify(out).slice(0, 1500)}\n  answer: ${res.status} ${res.body.slice(0, 500)}`
                const problem = contractProblem(out, res)
                if (problem) throw new Error(`${problem}${where()}`)
                if (res.status >= 400) {
                  const changed = changedTables(before, last)
                  if (changed.length > 0) throw new Error(`a ${res.status} refusal wrote to ${changed.join(', ')}${where()}`)
                }
              }),
              { seed: settings.seed, numRuns: settings.runsPerRoute, includeErrorInReport: true },
            )
          })
        }

        if (!settings.routeFilter) {
          await ctx.test('no registered route escaped the fuzz', () => {
            const missed = routes.filter((r) => (sent.get(`${r.method} ${r.url}`) ?? 0) < settings.runsPerRoute)
            assert.deepEqual(
              missed.map((r) => `${r.method} ${r.url}`),
              [],
            )
          })
        }
        const total = [...sent.values()].reduce((a, b) => a + b, 0)
        const classes = [...answers]
          .sort()
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')
        phase(`fuzzed, answers ${classes},`)
        ctx.diagnostic(
          `${dialect.name}: ${routes.length} routes, ${forms.length} forms, ${total} requests, ${client.signIns} sign-ins again, seed ${settings.seed}`,
        )
      } finally {
        await t.close()
      }
    })
  })
}
