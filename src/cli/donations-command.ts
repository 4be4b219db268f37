import type { Command } from 'commander'
import { listDonations } from '../services/payments/donation-queries.js'
import { positiveInt, withKassa } from './cli-context.js'
import { displayAmount } from '../money/index.js'
import { isoSeconds } from '../serialization/iso-seconds.js'

/** `kassa donations list`: what the seed's dashboard shows under ❤️ 寄付, until the dashboard exists. */
export function registerDonationCommands(program: Command): void {
  const donations = program.command('donations').description("A store's donations")
  donations
    .command('list')
    .description('List donations, newest first')
    .requiredOption('--store <id>', 'store id')
    .option('--limit <n>', 'at most this many (default 100)', positiveInt('--limit'))
    .option('--json', 'print a JSON array')
    .action(async (o: { store: string; limit?: number; json?: boolean }) => {
      await withKassa(async (kassa) => {
        await kassa.stores.getStore(o.store)
        const rows = await listDonations(kassa.deps, o.store, o.limit ?? 100)
        const items = rows.map((d) => {
          const p = d.payment
          return {
            payment_id: p.id,
            status: p.status,
            amount: displayAmount(p.due, p.currency),
            amount_received: displayAmount(p.amountReceived, p.currency),
            currency: p.currency,
            fiat_amount: p.fiatAmount,
            fiat_currency: p.fiatCurrency,
            donor_name: d.donorName,
            donor_message: d.donorMessage,
            tx_hash: p.txHash,
            created_at: isoSeconds(p.createdAt),
          }
        })
        if (o.json) return console.log(JSON.stringify(items))
        if (items.length === 0) return console.log('No donations yet.')
        for (const d of items) {
          console.log(
            `${d.created_at}  ${d.status.padEnd(10)} ${d.amount} ${d.currency}${d.fiat_amount ? ` (${d.fiat_amount} ${d.fiat_currency})` : ''}  ${d.donor_name ?? 'anonymous'}${d.donor_message ? `: ${d.donor_message}` : ''}`,
          )
        }
      })
    })
}
