import type { Command } from 'commander'
import type { SwapAccountKeys } from '../services/swap/swap-accounts.js'
import { withKassa } from './cli-context.js'

/** `kassa account create|rotate|disable|enable`: Swap API accounts and their keys. */
export function registerAccountCommands(program: Command): void {
  const account = program.command('account').description('Swap API accounts: keys (shown once), rotation, suspension')

  account
    .command('create')
    .description('Create an account with a Swap API key and a partner key; prints both once')
    .requiredOption('--name <name>', 'account name')
    .option('--plan <plan>', 'daily quota plan, a name from KASSA_SWAP_QUOTAS (default standard)')
    .option('--live', 'orders on real networks only; default is test mode on the simulated networks')
    .option('--json', 'print one JSON object: account_id, swap_api_key, partner_key')
    .action(async (o: { name: string; plan?: string; live?: boolean; json?: boolean }) => {
      await withKassa(async (kassa) => printKeys(await kassa.swapAccounts.create(o.name, o.plan, o.live ? 'live' : 'test'), o.json))
    })

  account
    .command('rotate <account_id>')
    .description('Replace both keys of an account; the old ones stop working at once')
    .option('--json', 'print one JSON object: account_id, swap_api_key, partner_key')
    .action(async (accountId: string, o: { json?: boolean }) => {
      await withKassa(async (kassa) => printKeys(await kassa.swapAccounts.rotate(accountId), o.json))
    })

  for (const [name, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    account
      .command(`${name} <account_id>`)
      .description(
        enabled
          ? "Accept Swap API requests with this account's key again"
          : "Refuse Swap API requests with this account's key (403 FORBIDDEN)",
      )
      .action(async (accountId: string) => {
        await withKassa(async (kassa) => {
          await kassa.swapAccounts.setEnabled(accountId, enabled)
          console.log(`account ${accountId} ${enabled ? 'enabled' : 'disabled'}`)
        })
      })
  }
}

function printKeys(k: SwapAccountKeys, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify({ account_id: k.accountId, swap_api_key: k.swapApiKey, partner_key: k.partnerKey }))
    return
  }
  console.log(`account_id:   ${k.accountId}`)
  console.log(`swap_api_key: ${k.swapApiKey}`)
  console.log(`partner_key:  ${k.partnerKey}`)
  console.log('\nThe keys are shown only now; keep them safe.')
}
