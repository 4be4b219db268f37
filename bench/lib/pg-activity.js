// What the database's backends are doing during a run: pg_stat_activity sampled every 100 ms,
// counted by state and wait event (e.g. "active", "Lock/transactionid" for a wait on another
// transaction's row lock, "IO/WALSync" for a commit's flush). Averages are backends per sample.
import pg from 'pg'

export function activitySampler(url, database, everyMs = 100) {
  return {
    async start() {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      const counts = new Map()
      let samples = 0
      let busy = false
      const timer = setInterval(async () => {
        if (busy) return
        busy = true
        try {
          const r = await client.query(
            `select state, coalesce(wait_event_type || '/' || wait_event, 'running') as wait
               from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and state <> 'idle'`,
            [database],
          )
          samples++
          for (const row of r.rows) {
            const k = `${row.state}: ${row.wait}`
            counts.set(k, (counts.get(k) ?? 0) + 1)
          }
        } catch {
        } finally {
          busy = false
        }
      }, everyMs)
      return async () => {
        clearInterval(timer)
        while (busy) await new Promise((r) => setTimeout(r, 5))
        await client.end()
        const perSample = Object.fromEntries(
          [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Math.round((n / Math.max(1, samples)) * 100) / 100]),
        )
        return { samples, backendsPerSample: perSample }
      }
    },
  }
}
