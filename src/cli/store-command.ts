import type { Command } from 'commander'
import { parseStoreCurrencies, percentToBasisPoints } from '../domain/stores/store.js'
import { parseWebhookUrl } from '../domain/webhooks/webhook-url.js'
import type { Store } from '../domain/stores/store.js'
import type { UpdateStoreParams } from '../services/store-service.js'
import { CliError, positiveInt, withKassa } from './cli-context.js'
import { addPageSettingsOptions, describePageSettings, pageSettingsJson, pageSettingsPatch } from './page-settings-options.js'
import type { PageSettingsFlags } from './page-settings-options.js'

export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('Create, change and list stores')

  store
    .command('create')
    .description('Create a store; prints its API key, API secret and webhook secret once')
    .requiredOption('--name <name>', 'store name')
    .requiredOption(
      '--currencies <list>',
      'comma-separated, first is the default, e.g. USDT_TRC20,BTC (CODE:unique_address|unique_amount to choose a strategy)',
    )
    .option('--account <id>', 'account to own the store (default: the first account, created if none)')
    .option('--expiry-minutes <n>', 'payment expiry (default 30)', positiveInt('--expiry-minutes'))
    .option('--commission <percent>', 'operator commission in % (default 1)')
    .option('--underpay-tolerance <percent>', 'underpayment tolerance in % (default 0)')
    .option(
      '--live',
      'a live store: real networks only (needs KASSA_EVM_NETWORKS_FILE or KASSA_TRON_NETWORKS_FILE); default is test mode on the simulated networks',
    )
    .option('--json', 'print one JSON object: store_id, api_key, api_secret, webhook_secret')
    .action(
      async (o: {
        name: string
        currencies: string
        account?: string
        expiryMinutes?: number
        commission?: string
        underpayTolerance?: string
        live?: boolean
        json?: boolean
      }) => {
        const currencies = parseOrFail(() => parseStoreCurrencies(o.currencies))
        await withKassa(async (kassa) => {
          const r = await kassa.stores.createStore({
            name: o.name,
            currencies,
            accountId: o.account,
            mode: o.live ? 'live' : 'test',
            ...(o.expiryMinutes !== undefined && { expiryMinutes: o.expiryMinutes }),
            ...(o.commission !== undefined && { commissionBp: parseOrFail(() => percentToBasisPoints(o.commission!, 'commission')) }),
            ...(o.underpayTolerance !== undefined && {
              underpayToleranceBp: parseOrFail(() => percentToBasisPoints(o.underpayTolerance!, 'underpay tolerance')),
            }),
          })
          if (o.json) {
            console.log(
              JSON.stringify({ store_id: r.store.id, api_key: r.store.apiKey, api_secret: r.apiSecret, webhook_secret: r.webhookSecret }),
            )
            return
          }
          console.log(describeStore(r.store))
          console.log(`api_key:        ${r.store.apiKey}`)
          console.log(`api_secret:     ${r.apiSecret}`)
          console.log(`webhook_secret: ${r.webhookSecret}`)
          console.log('\nThe secrets are shown only now; keep them safe.')
        })
      },
    )

  addPageSettingsOptions(
    store
      .command('update <store_id>')
      .description("Change a store's settings")
      .option('--name <name>')
      .option('--currencies <list>')
      .option('--expiry-minutes <n>', 'payment expiry', positiveInt('--expiry-minutes'))
      .option('--commission <percent>')
      .option('--underpay-tolerance <percent>')
      .option('--webhook-url <url>', 'where webhooks are sent ("" to remove)')
      .option('--enable', 'accept API requests')
      .option('--disable', 'refuse API requests (403)')
      .option('--json', 'print the store as JSON'),
  ).action(
    async (
      storeId: string,
      o: {
        name?: string
        currencies?: string
        expiryMinutes?: number
        commission?: string
        underpayTolerance?: string
        webhookUrl?: string
        enable?: boolean
        disable?: boolean
        json?: boolean
      } & PageSettingsFlags,
    ) => {
      if (o.enable && o.disable) throw new CliError('--enable and --disable cannot be combined')
      const patch: UpdateStoreParams = {
        ...(o.name !== undefined && { name: o.name }),
        ...(o.currencies !== undefined && { currencies: parseOrFail(() => parseStoreCurrencies(o.currencies!)) }),
        ...(o.expiryMinutes !== undefined && { expiryMinutes: o.expiryMinutes }),
        ...(o.commission !== undefined && { commissionBp: parseOrFail(() => percentToBasisPoints(o.commission!, 'commission')) }),
        ...(o.underpayTolerance !== undefined && {
          underpayToleranceBp: parseOrFail(() => percentToBasisPoints(o.underpayTolerance!, 'underpay tolerance')),
        }),
        ...(o.webhookUrl !== undefined && { webhookUrl: webhookUrlOption(o.webhookUrl) }),
        ...(o.enable && { enabled: true }),
        ...(o.disable && { enabled: false }),
      }
      const pagePatch = pageSettingsPatch(o)
      if (Object.keys(patch).length === 0 && Object.keys(pagePatch).length === 0)
        throw new CliError('nothing to change; see kassa store update --help')
      await withKassa(async (kassa) => {
        const updated =
          Object.keys(patch).length > 0 ? await kassa.stores.updateStore(storeId, patch) : await kassa.stores.getStore(storeId)
        const pages =
          Object.keys(pagePatch).length > 0 ? await kassa.pageSettings.update(storeId, pagePatch) : await kassa.pageSettings.get(storeId)
        console.log(
          o.json
            ? JSON.stringify({ ...storeJson(updated), ...pageSettingsJson(pages) })
            : `${describeStore(updated)}\n${describePageSettings(pages)}`,
        )
      })
    },
  )

  store
    .command('rotate-webhook-secret <store_id>')
    .description('Make a new webhook secret, used at once; prints it once. The old one is also signed with for the grace period')
    .option('--grace-hours <n>', 'hours the old secret keeps working (default 24; 0 ends it now)', nonNegativeInt('--grace-hours'))
    .option('--json', 'print one JSON object: store_id, webhook_secret, previous_valid_until')
    .action(async (storeId: string, o: { graceHours?: number; json?: boolean }) => {
      await withKassa(async (kassa) => {
        const r = await kassa.stores.rotateWebhookSecret(storeId, (o.graceHours ?? 24) * 3_600_000)
        const until = new Date(r.previousValidUntil).toISOString()
        if (o.json) {
          console.log(JSON.stringify({ store_id: storeId, webhook_secret: r.webhookSecret, previous_valid_until: until }))
          return
        }
        console.log(`webhook_secret: ${r.webhookSecret}`)
        console.log(`\nShown only now. Webhooks are signed with it from now on (X-Signature); until ${until}`)
        console.log('they also carry X-Signature-Previous made with the old secret. Give your receiver both')
        console.log('secrets (verifyWebhook accepts a list), then drop the old one.')
      })
    })

  store
    .command('list')
    .description('List stores (no secrets)')
    .option('--json')
    .action(async (o: { json?: boolean }) => {
      await withKassa(async (kassa) => {
        const stores = await kassa.stores.listStores()
        if (o.json) console.log(JSON.stringify(stores.map(storeJson)))
        else for (const s of stores) console.log(describeStore(s) + '\n')
      })
    })
}

function nonNegativeInt(name: string) {
  return (value: string): number => {
    if (!/^\d{1,4}$/.test(value)) throw new CliError(`${name} must be a whole number`)
    return Number(value)
  }
}

function parseOrFail<T>(f: () => T): T {
  try {
    return f()
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err))
  }
}

/** "" removes the URL; anything else is checked for shape here, for its address by the store service. */
function webhookUrlOption(text: string): string | null {
  return text === '' ? null : parseOrFail(() => parseWebhookUrl(text).url)
}

function storeJson(s: Store) {
  return {
    store_id: s.id,
    account_id: s.accountId,
    name: s.name,
    api_key: s.apiKey,
    mode: s.mode,
    currencies: s.currencies,
    expiry_minutes: s.expiryMinutes,
    commission_percent: (s.commissionBp / 100).toString(),
    underpay_tolerance_percent: (s.underpayToleranceBp / 100).toString(),
    enabled: s.enabled,
    webhook_url: s.webhookUrl,
  }
}

function describeStore(s: Store): string {
  return [
    `store_id:       ${s.id}${s.enabled ? '' : '  (disabled)'}`,
    `name:           ${s.name}`,
    `mode:           ${s.mode === 'test' ? 'test (simulated networks)' : 'live'}`,
    `currencies:     ${s.currencies.map((c) => `${c.code} (${c.strategy})`).join(', ')}`,
    `expiry:         ${s.expiryMinutes} min; commission ${s.commissionBp / 100} %; underpay tolerance ${s.underpayToleranceBp / 100} %`,
    ...(s.webhookUrl ? [`webhook_url:    ${s.webhookUrl}`] : []),
  ].join('\n')
}
