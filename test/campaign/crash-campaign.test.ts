import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { databaseVariants } from '../samples/database-variants.js'
import { runCrashCampaign } from './crash-campaign.js'
import { reportLines } from './campaign-summary.js'

/**
 * The short crash campaign that CI runs (the long one and its figures: docs/RELIABILITY.md):
 * a real `kassa serve` under load, killed with SIGKILL 3 times at moments fixed by the seed,
 * restarted each time; then every check of campaign-checks.ts must pass (campaign-checks.test.ts
 * shows that each can fail). On SQLite, and on PostgreSQL unless it is unreachable and
 * KASSA_REQUIRE_POSTGRES is not 1. The dialects run one after the other: the campaign is
 * timing-sensitive and the machine has two cores.
 */
const variants = await databaseVariants()

describe('crash campaign (short)', { concurrency: false }, () => {
  for (const variant of variants) {
    test(variant.name, { skip: variant.skip ?? false, timeout: 240_000 }, async () => {
      const report = await runCrashCampaign({
        db: variant.name,
        kills: 3,
        seed: 'ci-16',
        minUpMs: 2500,
        maxUpMs: 5000,
        drainTimeoutMs: 90_000,
      })
      const summary = reportLines(report).join('\n')
      const failed = report.checks.filter((c) => c.findings.length > 0)
      assert.deepEqual(
        failed.map((c) => `${c.name}: ${c.findings.slice(0, 10).join('; ')}`),
        [],
        summary,
      )
      const f = report.figures
      assert.equal(f.kills, 3, `the server died of SIGKILL ${f.kills} times, not 3\n${summary}`)
      // The load was real: without these the checks above would hold vacuously.
      assert.ok(f.creates.answered >= 50, `only ${f.creates.answered} creates answered\n${summary}`)
      assert.ok((f.paymentsAtEnd.completed ?? 0) + (f.paymentsAtEnd.overpaid ?? 0) >= 1, `no payment was paid\n${summary}`)
      assert.ok(f.webhooks.expected >= 1 && f.webhooks.refusedByReceiver >= 1, `no webhook traffic with refusals\n${summary}`)
      assert.ok(f.withdrawals.confirmed >= 1, `no withdrawal confirmed\n${summary}`)
      assert.ok(f.idempotentReplays >= 1, `no Idempotency-Key replayed\n${summary}`)
      assert.equal(f.creates.lost, 0)
      assert.equal(f.withdrawals.sentTwice, 0)
      assert.ok(f.doctorOk, summary)
    })
  }
})
