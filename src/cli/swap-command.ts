import type { Command } from 'commander'
import { listFailedOutputs, requeueFailedOutput } from '../services/swap/requeue-output.js'
import { positiveInt, withKassa } from './cli-context.js'
import { payoutJson } from '../http/presenters/payout-json.js'

/** `kassa swap failed|requeue`: Swap outputs whose payout failed for good, and sending one again. */
export function registerSwapCommands(program: Command): void {
  const swap = program.command('swap').description('Swap API orders: outputs whose payout failed, and re-queueing them')

  swap
    .command('failed')
    .description('Outputs whose payout failed for good (check shows PAYOUT_FAILED), oldest first')
    .option('--json', 'one JSON array')
    .action(async (o: { json?: boolean }) => {
      await withKassa(async (kassa) => {
        const rows = (await listFailedOutputs(kassa.swap)).map((r) => ({
          trackcode: r.trackcode,
          account_id: r.accountId,
          output: r.output,
          payout: payoutJson(r.payout),
        }))
        if (o.json) console.log(JSON.stringify(rows))
        else if (rows.length === 0) console.log('no failed outputs')
        else
          for (const r of rows)
            console.log(
              `${r.trackcode} output ${r.output}  ${r.payout.amount} ${r.payout.currency} to ${r.payout.to}  payout ${r.payout.payout_id}  (${r.payout.failure_reason ?? 'failed'})`,
            )
      })
    })

  swap
    .command('requeue <trackcode> <output>')
    .description("Send a failed output again: a new payout; the failed one stays as history (output: 1-based, as check's index)")
    .option('--json', 'print the new payout as JSON')
    .action(async (trackcode: string, output: string, o: { json?: boolean }) => {
      const n = positiveInt('output')(output)
      await withKassa(async (kassa) => {
        const r = await requeueFailedOutput(kassa.swap, trackcode, n)
        const payout = payoutJson(r.payout)
        if (o.json) console.log(JSON.stringify({ trackcode: r.trackcode, output: r.output, payout, replaced: payoutJson(r.replaced) }))
        else
          console.log(
            `output ${r.output} of ${r.trackcode} re-queued: payout ${payout.payout_id} (${payout.amount} ${payout.currency} to ${payout.to}) replaces ${r.replaced.id}`,
          )
      })
    })
}
