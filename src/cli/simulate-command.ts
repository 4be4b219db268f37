import type { Command } from 'commander'
import { currencyInfo, formatAmount } from '../money/index.js'
import { positiveInt, withKassa } from './cli-context.js'

/**
 * Test mode's chain controls. They write to the simulated chain in the database; a running
 * `kassa serve` notices within its watch interval (1 s by default).
 */
export function registerSimulateCommands(program: Command): void {
  const sim = program.command('simulate').description('Drive the simulated networks (test-mode stores only)')

  sim
    .command('pay <payment_id>')
    .description('Send a simulated transfer to a payment (default: the amount still due)')
    .option('--amount <amount>', 'amount in the payment currency, e.g. 50.07')
    .action(async (paymentId: string, o: { amount?: string }) => {
      await withKassa(async (kassa) => {
        const tx = await kassa.simulation.pay(paymentId, o.amount)
        console.log(
          `sent ${formatAmount(tx.amount, currencyInfo(tx.currency).decimals)} ${tx.currency} to ${tx.address} on ${tx.network}\ntx_hash: ${tx.txHash}`,
        )
      })
    })

  sim
    .command('pay-order <trackcode>')
    .description("Send a simulated transfer to a test-mode Swap order's deposit address (default: what it still waits for)")
    .option('--amount <amount>', 'amount in the deposit coin, e.g. 0.5')
    .action(async (trackcode: string, o: { amount?: string }) => {
      await withKassa(async (kassa) => {
        const tx = await kassa.simulation.payOrder(trackcode, o.amount)
        console.log(
          `sent ${formatAmount(tx.amount, currencyInfo(tx.currency).decimals)} ${tx.currency} to ${tx.address} on ${tx.network}\ntx_hash: ${tx.txHash}`,
        )
      })
    })

  sim
    .command('revert <tx_hash>')
    .description('Make a pending simulated transaction (a payout in the mempool) fail when it is mined')
    .requiredOption('--network <network>', 'the simulated network it is pending on, e.g. sim-xrp')
    .action(async (txHash: string, o: { network: string }) => {
      await withKassa(async (kassa) => {
        await kassa.simulation.revert(txHash, o.network)
        console.log(`${txHash} on ${o.network} will fail when mined`)
      })
    })

  sim
    .command('mine [n]')
    .description('Mine n blocks (default 1) on every simulated network, or on --network')
    .option('--network <network>', 'sim-bitcoin, sim-litecoin, sim-ethereum, sim-tron, sim-dogecoin, sim-xrp, sim-ton or sim-solana')
    .action(async (n: string | undefined, o: { network?: string }) => {
      const count = n === undefined ? 1 : positiveInt('n')(n)
      await withKassa(async (kassa) => {
        const mined = await kassa.simulation.mine(count, o.network)
        for (const [network, blocks] of Object.entries(mined))
          console.log(`${network}: mined ${blocks.length}, tip ${blocks.at(-1)?.height}`)
      })
    })

  sim
    .command('reorg [depth]')
    .description('Replace the newest depth blocks (default 1) with a longer branch; their transfers vanish unless --keep-txs')
    .option('--network <network>', 'one simulated network (default: all)')
    .option('--keep-txs', 'return the dropped transfers to the mempool instead')
    .action(async (depth: string | undefined, o: { network?: string; keepTxs?: boolean }) => {
      const d = depth === undefined ? 1 : positiveInt('depth')(depth)
      await withKassa(async (kassa) => {
        const made = await kassa.simulation.reorg(d, {
          ...(o.network !== undefined && { network: o.network }),
          keepTransactions: o.keepTxs ?? false,
        })
        for (const [network, blocks] of Object.entries(made))
          console.log(`${network}: replaced ${d} block(s), new tip ${blocks.at(-1)?.height ?? 'none'}`)
      })
    })
}
