import type { Command } from 'commander'
import { CliError, withKassa } from './cli-context.js'

/** `kassa screening add|remove|list`: addresses the Swap API refuses to pay out to. */
export function registerScreeningCommands(program: Command): void {
  const screening = program.command('screening').description('The Swap API screening list: addresses no order may pay out to')

  screening
    .command('add <address>')
    .description('Refuse orders whose output or destination is this address (403 FORBIDDEN)')
    .option('--reason <text>', 'why, for the audit (kept with the entry)')
    .action(async (address: string, o: { reason?: string }) => {
      await withKassa(async (kassa) => {
        await kassa.screening.add(address, o.reason ?? '')
        console.log(`screened: ${address}`)
      })
    })

  screening
    .command('remove <address>')
    .description('Take an address off the list')
    .action(async (address: string) => {
      await withKassa(async (kassa) => {
        if (!(await kassa.screening.remove(address))) throw new CliError(`${address} is not on the screening list`)
        console.log(`removed: ${address}`)
      })
    })

  screening
    .command('list')
    .description('Every screened address with its reason')
    .option('--json', 'one JSON array')
    .action(async (o: { json?: boolean }) => {
      await withKassa(async (kassa) => {
        const rows = await kassa.screening.list()
        if (o.json) {
          console.log(
            JSON.stringify(rows.map((r) => ({ address: r.address, reason: r.reason, created_at: new Date(r.createdAt).toISOString() }))),
          )
          return
        }
        for (const r of rows) console.log(`${r.address}\t${r.reason}\t${new Date(r.createdAt).toISOString()}`)
        if (rows.length === 0) console.log('(the screening list is empty)')
      })
    })
}
