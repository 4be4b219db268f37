import type { Command } from 'commander'
import { currencyInfo, formatAmount, isCurrencyCode } from '../money/index.js'
import { addressGap } from '../services/payments/address-gap.js'
import { assignDeposit, listUnmatchedDeposits } from '../services/payments/unmatched-deposits.js'
import { withKassa } from './cli-context.js'
import { isoSeconds } from '../serialization/iso-seconds.js'

export function registerDepositCommands(program: Command): void {
  const deposits = program.command('deposits').description('Unmatched deposits: transfers that fit no open payment')

  deposits
    .command('list')
    .description('List unmatched deposits')
    .option('--store <store_id>', 'only this store')
    .option('--json')
    .action(async (o: { store?: string; json?: boolean }) => {
      await withKassa(async (kassa) => {
        const rows = await listUnmatchedDeposits(kassa.deps, o.store)
        const view = rows.map((d) => ({
          id: d.id,
          store_id: d.storeId,
          currency: d.currency,
          amount: isCurrencyCode(d.currency) ? formatAmount(d.amount, currencyInfo(d.currency).decimals) : d.amount.toString(),
          address: d.toAddress,
          tx_hash: d.txHash,
          confirmed: d.confirmed,
          seen_at: isoSeconds(d.firstSeenAt),
        }))
        if (o.json) console.log(JSON.stringify(view))
        else if (view.length === 0) console.log('no unmatched deposits')
        else
          for (const d of view)
            console.log(
              `${d.id}  ${d.amount} ${d.currency}  to ${d.address}  store ${d.store_id}  ${d.confirmed ? 'confirmed' : 'unconfirmed'}  ${d.seen_at}`,
            )
      })
    })

  deposits
    .command('assign <deposit_id> <payment_id>')
    .description('Attach an unmatched deposit to a payment of the same store and currency')
    .action(async (depositId: string, paymentId: string) => {
      await withKassa(async (kassa) => {
        const p = await assignDeposit(kassa.deps, depositId, paymentId)
        console.log(`assigned; payment ${paymentId} is now ${p.status}`)
      })
    })

  deposits
    .command('gap')
    .description('How long a gap limit a wallet restored from the xpub needs to see every paid deposit address (BIP44)')
    .requiredOption('--network <network>', 'e.g. bitcoin-mainnet')
    .option('--json')
    .action(async (o: { network: string; json?: boolean }) => {
      await withKassa(async (kassa) => {
        const gap = await addressGap(kassa.deps.repos, o.network)
        const configured = kassa.config.bitcoinNetworks.find((n) => n.network === o.network)?.gapLimit
        if (o.json) console.log(JSON.stringify({ ...gap, configuredGapLimit: configured ?? null }))
        else {
          console.log(
            `${gap.network}: ${gap.handedOut} addresses handed out, ${gap.used} paid; longest run of unpaid addresses ${gap.longestUnusedRun}: a wallet restored from the xpub needs a gap limit of at least ${gap.neededGapLimit}`,
          )
          if (configured !== undefined && gap.neededGapLimit > configured)
            console.log(`more than the gapLimit of ${configured} in the networks file: raise the wallet's gap limit (docs/BITCOIN.md)`)
        }
      })
    })
}
