// The statements a request runs, from two censuses of bench/lib/pg-statement-trace.js, and
// their EXPLAIN (ANALYZE, BUFFERS) plans on a live database.

/**
 * Statements sent per request: a census taken over `n` requests, less what the server's
 * background loops send in the same time (the idle census's rate). First-call order is kept.
 */
export function requestStatements(census, idle, n) {
  const idleCalls = new Map(idle.statements.map((s) => [s.sql, s.calls]))
  const out = []
  for (const s of census.statements) {
    const background = ((idleCalls.get(s.sql) ?? 0) / idle.windowS) * census.windowS
    const perRequest = Math.round(((s.calls - background) / n) * 100) / 100
    // A statement of the request runs a whole number of times per request; anything else is a
    // background loop the idle census happened to miss (kept, marked, for the record).
    if (perRequest < 0.5) continue
    const ofRequest = Math.abs(perRequest - Math.round(perRequest)) <= 0.1
    out.push({ sql: s.sql, perRequest, ofRequest, meanMs: Math.round((s.totalMs / s.calls) * 1000) / 1000, params: s.params })
  }
  return out
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release|set|show)\b/i

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each distinct statement with the parameters it was first sent
 * with; a write runs inside a transaction rolled back after. A write that cannot run again (a
 * key it inserted is taken now) gets the plan alone, without ANALYZE, and says so.
 */
export async function explainStatements(client, statements) {
  const plans = new Map()
  for (const s of statements) {
    if (plans.has(s.sql) || TRANSACTION_CONTROL.test(s.sql)) continue
    const text = async (options) =>
      (await client.query(`explain (${options}) ${s.sql}`, s.params)).rows.map((r) => r['QUERY PLAN']).join('\n')
    await client.query('begin')
    try {
      plans.set(s.sql, { analyzed: true, plan: await text('analyze, buffers') })
    } catch (err) {
      await client.query('rollback')
      await client.query('begin')
      plans.set(s.sql, { analyzed: false, note: `not run again: ${err.message}`, plan: await text('costs') })
    } finally {
      await client.query('rollback')
    }
  }
  return plans
}
