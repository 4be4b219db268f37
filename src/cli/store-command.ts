import type { Command } from 'commander'
import {
  checkStoreConfirmations,
  formatStoreConfirmations,
  parseStoreConfirmations,
  parseStoreCurrencies,
  percentToBasisPoints,
} from '../domain/stores/store.js'
import { parseWebhookUrl } from '../domain/webhooks/webhook-url.js'
import type { Store, StoreConfirmations } from '../domain/stores/store.js'
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
    .option('--confirmations <list>', CONFIRMATIONS_HELP)
    .option(
      '--live',
      'a live store: real networks only (needs KASSA_EVM_NETWORKS_FILE, KASSA_TRON_NETWORKS_FILE or KASSA_BITCOIN_NETWORKS_FILE); default is test mode on the simulated networks',
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
        confirmations?: string
        live?: boolean
        json?: boolean
      }) => {
        const currencies = parseOrFail(() => parseStoreCurrencies(o.currencies))
        const confirmations = o.confirmations === undefined ? undefined : confirmationsOption(o.confirmations, currencies)
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
            ...(confirmations !== undefined && { confirmations }),
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
      .option('--confirmations <list>', `${CONFIRMATIONS_HELP}; replaces the whole list, "" for none`)
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
        confirmations?: string
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
        ...(o.confirmations !== undefined && { confirmations: confirmationsOption(o.confirmations) }),
        ...(o.enable && { enabled: true }),
        ...(o.disable && { enabled: false }),
      }
      const pagePatch = pageSettingsPatch(o)
      if (Object.keys(patch).length === 0 && Object.keys(pagePatch).length === 0)
        throw new CliError('nothing to change; see kassa store update --help')
      await withKassa(async (kassa) => {
        if (patch.confirmations !== undefined) {
          // Checked here against what the store will accept, so the message names the option.
          const accepted = patch.currencies ?? (await kassa.stores.getStore(storeId)).currencies
          parseOrFail(() => checkStoreConfirmations(patch.confirmations!, accepted, '--confirmations'))
        }
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

const CONFIRMATIONS_HELP =
  "confirmations a payment needs per currency, overriding the network's, e.g. BTC=3,LTC=12 (1 to 1000; a currency left out keeps its network's: by default BTC 2, LTC 6, ETH and ERC-20 12, TRON 19)"

/** --confirmations BTC=3,LTC=12: checked for shape here, and against the store's currencies when they are known. */
function confirmationsOption(text: string, accepted?: Parameters<typeof checkStoreConfirmations>[1]): StoreConfirmations {
  return parseOrFail(() => {
    const c = parseStoreConfirmations(text, '--confirmations')
    if (accepted) checkStoreConfirmations(c, accepted, '--confirmations')
    return c
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
    /** Only the store's own thresholds; a currency not listed takes its network's. */
    confirmations: s.confirmations,
  }
}

/** The store's own thresholds, and who decides for the currencies it does not name. */
function confirmationsText(s: Store): string {
  const own = formatStoreConfirmations(s.confirmations)
  if (own === '') return "each network's"
  return s.currencies.every((c) => s.confirmations[c.code] !== undefined) ? own : `${own} (others: their network's)`
}

function describeStore(s: Store): string {
  return [
    `store_id:       ${s.id}${s.enabled ? '' : '  (disabled)'}`,
    `name:           ${s.name}`,
    `mode:           ${s.mode === 'test' ? 'test (simulated networks)' : 'live'}`,
    `currencies:     ${s.currencies.map((c) => `${c.code} (${c.strategy})`).join(', ')}`,
    `expiry:         ${s.expiryMinutes} min; commission ${s.commissionBp / 100} %; underpay tolerance ${s.underpayToleranceBp / 100} %`,
    `confirmations:  ${confirmationsText(s)}`,
    ...(s.webhookUrl ? [`webhook_url:    ${s.webhookUrl}`] : []),
  ].join('\n')
}
