import type { Command } from 'commander'
import { createWithdrawal } from '../services/payouts/create-withdrawal.js'
import { getPayout, listPayouts } from '../services/payouts/payout-queries.js'
import { bumpPayout } from '../services/payouts/bump-payout.js'
import { positiveInt, withKassa } from './cli-context.js'
import { payoutJson } from '../http/presenters/payout-json.js'

export function registerPayoutCommands(program: Command): void {
  program
    .command('withdraw')
    .description("Withdraw from a store's available balance to an address (sent by the payout engine of the running server)")
    .requiredOption('--store <store_id>')
    .requiredOption('--currency <code>', 'e.g. ETH or USDT_ERC20')
    .requiredOption('--amount <decimal>', 'e.g. 0.25')
    .requiredOption('--to <address>', 'destination address (EIP-55 checksum checked)')
    .option('--json', 'print the payout as JSON')
    .action(async (o: { store: string; currency: string; amount: string; to: string; json?: boolean }) => {
      await withKassa(async (kassa) => {
        const store = await kassa.stores.getStore(o.store)
        const payout = payoutJson(await createWithdrawal(kassa.deps, store, { currency: o.currency, amount: o.amount, to: o.to }))
        if (o.json) console.log(JSON.stringify(payout))
        else console.log(`payout ${payout.payout_id}: ${payout.amount} ${payout.currency} to ${payout.to}, ${payout.status}`)
      })
    })

  const payouts = program.command('payouts').description('Withdrawals and sweeps, and where they stand')
  payouts
    .command('list')
    .option('--store <store_id>', "only this store's withdrawals")
    .option('--json')
    .action(async (o: { store?: string; json?: boolean }) => {
      await withKassa(async (kassa) => {
        const rows = (await listPayouts(kassa.deps, { storeId: o.store })).map(payoutJson)
        if (o.json) console.log(JSON.stringify(rows))
        else if (rows.length === 0) console.log('no payouts')
        else
          for (const p of rows)
            console.log(
              `${p.payout_id}  ${p.kind}  ${p.amount ?? '(balance)'} ${p.currency}  to ${p.to}  ${p.status}${p.tx_hash ? `  ${p.tx_hash}` : ''}${p.failure_reason ? `  (${p.failure_reason})` : ''}`,
            )
      })
    })
  payouts
    .command('bump <payout_id>')
    .description('Replace a payout stuck in the mempool by the same payment at a higher fee (Bitcoin, Litecoin: BIP125)')
    .option(
      '--fee-rate <sat_per_vbyte>',
      'the new fee rate; default: the node’s estimate now, at least the old rate plus 1 sat/vB',
      positiveInt('--fee-rate'),
    )
    .option('--json')
    .action(async (id: string, o: { feeRate?: number; json?: boolean }) => {
      await withKassa(async (kassa) => {
        const p = payoutJson(await bumpPayout(kassa.deps, id, o.feeRate === undefined ? undefined : BigInt(o.feeRate)))
        if (o.json) console.log(JSON.stringify(p))
        else console.log(`payout ${p.payout_id}: replaced by ${p.tx_hash}; the server sends it on its next pass`)
      })
    })
  payouts.command('show <payout_id>').action(async (id: string) => {
    await withKassa(async (kassa) => console.log(JSON.stringify(payoutJson(await getPayout(kassa.deps, id)), null, 2)))
  })
}
