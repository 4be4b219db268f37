import type { CampaignReport } from './crash-campaign.js'

/** The campaign's summary for a person: the figures, then one line per check. */
export function reportLines(r: CampaignReport): string[] {
  const f = r.figures
  const w = f.webhooks
  const c = f.creates
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  return [
    `crash campaign: ${r.options.db}, seed ${r.options.seed}, ${f.kills} kill -9 (up ${r.options.minUpMs}–${r.options.maxUpMs} ms between kills)`,
    `  restarts        first start ${f.startMs.first} ms; ready again after a kill in ${f.startMs.restartAvg} ms on average, ${f.startMs.restartMax} ms at most`,
    `  creates         ${c.made} made, ${c.answered} answered 2xx, ${c.refused} refused, ${c.unanswered} unanswered (${c.unansweredButCreated} of them created anyway), ${c.keyedRetried} keyed retries; LOST ${c.lost}`,
    `  payments        ${Object.entries(f.paymentsAtEnd)
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )}; transfers: ${f.transfersSent.asked} asked, ${f.transfersSent.cli} by kassa simulate pay, ${f.transfersSent.page} by the page button`,
    `  webhooks        ${w.expected} expected, ${w.received} received (+${w.receivedAfterRead} ended after the feed was read), ${w.deliveries} deliveries (${w.refusedByReceiver} refused by the receiver on purpose), ${w.duplicates} duplicates`,
    `  withdrawals     ${f.withdrawals.asked} asked, ${f.withdrawals.answered} answered 2xx, ${f.withdrawals.refused} refused, ${f.withdrawals.unanswered} cut off by a kill, ${f.withdrawals.down} sent while down; ${f.withdrawals.confirmed} confirmed; SENT TWICE ${f.withdrawals.sentTwice}`,
    `  replays         ${f.idempotentReplays} Idempotency-Key replays after the kills`,
    `  refusals        ${JSON.stringify(f.refusals)}`,
    `  doctor          ${f.doctorOk ? 'ok (exit 0, no findings)' : 'FINDINGS'}`,
    `  duration        load ${s(f.durationMs.load)}, drain ${s(f.durationMs.drain)}, total ${s(f.durationMs.total)}`,
    ...r.checks.map((ch) =>
      ch.findings.length === 0
        ? `  ok      ${ch.name}: ${ch.title}`
        : `  FAILED  ${ch.name}: ${ch.findings.length} finding(s): ${ch.findings.slice(0, 5).join('; ')}`,
    ),
    r.ok ? 'all checks passed' : `${f.checksFailed} check(s) failed`,
  ]
}
