import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Repositories } from '../../../db/repositories/repositories.js'
import { LOGO_MAX_BYTES } from '../../../domain/stores/store-logo.js'
import { StoreSettingsError, formatStoreConfirmations } from '../../../domain/stores/store.js'
import type { Store } from '../../../domain/stores/store.js'
import { CURRENCY_CODES } from '../../../money/index.js'
import type { CurrencyCode } from '../../../money/index.js'
import type { OperatorSettings } from '../../../services/dashboard/operator-settings.js'
import { fiatTotals, storeFigures } from '../../../services/dashboard/store-figures.js'
import type { RateService } from '../../../rates/index.js'
import type { PageSettingsService } from '../../../services/page-settings-service.js'
import type { PaymentEngineDeps } from '../../../services/payments/payment-engine-deps.js'
import { storeBalances } from '../../../services/payments/payment-queries.js'
import type { StoreService } from '../../../services/store-service.js'
import { bpText, newStorePage, storeListPage, storeOverviewPage } from '../../../web/dashboard/store-pages.js'
import type { StoreFormValues } from '../../../web/dashboard/store-pages.js'
import { keysPage, pageSettingsText, storeSettingsPage } from '../../../web/dashboard/store-settings-pages.js'
import type { SettingsPageState } from '../../../web/dashboard/store-settings-pages.js'
import { toErrorResponse } from '../../error-envelope.js'
import { registerMultipartForm } from '../../plugins/multipart-form.js'
import type { MultipartFields } from '../../plugins/multipart-form.js'
import { currentUser, field, ownedStore, sendHtml, viewOf } from './dashboard-context.js'
import { pageFormValues, parsePageForm, parseStoreForm, storeFormValues } from './store-form.js'

const hidden = { schema: { hide: true } } as const
type StoreParams = { Params: { id: string } }

/**
 * A message to show in the form for a refusal of the input (4xx: settings, webhook URL
 * policy); anything else is not the person's doing and goes to the error handler.
 */
export function formMessage(err: unknown): string | undefined {
  const e = toErrorResponse(err)
  return e.status < 500 ? e.message.charAt(0).toUpperCase() + e.message.slice(1) : undefined
}

export interface MerchantStoreRouteDeps {
  /** What the payment use cases take: the overview's balances, and the clock. */
  engine: PaymentEngineDeps
  /** The database, table by table: the overview's figures. */
  repos: Repositories
  stores: StoreService
  pageSettings: PageSettingsService
  /** The default commission of new stores. */
  operatorSettings: OperatorSettings
  /** Today's prices, for the overview's fiat totals. */
  rates: RateService
}

/** Stores of the signed-in account: list, creation, overview, settings, API keys. */
export async function merchantStoreRoutes(app: FastifyInstance, opts: MerchantStoreRouteDeps): Promise<void> {
  const { engine, repos, stores, pageSettings, operatorSettings, rates } = opts
  const offered = (mode: 'test' | 'live'): CurrencyCode[] => CURRENCY_CODES.filter((c) => stores.serves(mode, c))
  const modes = (): ('test' | 'live')[] => (offered('live').length > 0 ? ['test', 'live'] : ['test'])

  app.get('/stores', hidden, async (req, reply) => {
    const view = viewOf(req, reply)
    return sendHtml(reply, view, storeListPage(view, await stores.listAccountStores(currentUser(req).accountId)))
  })

  const renderNew = async (req: FastifyRequest, reply: FastifyReply, v: StoreFormValues, error?: string) => {
    const view = viewOf(req, reply)
    const { defaultCommissionBp } = await operatorSettings.get()
    const page = newStorePage(view, v, {
      offered: offered(v.mode),
      modes: modes(),
      commissionBp: defaultCommissionBp,
      ...(error !== undefined && { error }),
    })
    return sendHtml(reply, view, page, error ? 400 : 200)
  }

  app.get('/stores/new', hidden, async (req, reply) =>
    renderNew(req, reply, { name: '', mode: 'test', currencies: [], expiryMinutes: '30', tolerancePercent: '0', confirmations: '' }),
  )

  app.post('/stores/new', hidden, async (req, reply) => {
    const mode = field(req.body, 'mode') === 'live' && modes().includes('live') ? 'live' : 'test'
    try {
      const p = parseStoreForm(req, offered(mode))
      const { defaultCommissionBp } = await operatorSettings.get()
      const created = await stores.createStore({ ...p, mode, accountId: currentUser(req).accountId, commissionBp: defaultCommissionBp })
      req.log.info({ storeId: created.store.id }, 'store created from the dashboard')
      // The secrets ride the sealed one-read flash, never the URL: a refresh of the keys page
      // neither creates a second store nor shows them again.
      return reply.seeOther(`/dashboard/stores/${created.store.id}/keys`, {
        storeSecrets: {
          apiSecret: created.apiSecret,
          webhookSecret: created.webhookSecret,
          message: `Store “${created.store.name}” created.`,
        },
      })
    } catch (err) {
      const message = formMessage(err)
      if (message === undefined) throw err
      return renderNew(req, reply, storeFormValues(req, offered(mode)), message)
    }
  })

  app.get<StoreParams>('/stores/:id', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const [figures, balances, table] = await Promise.all([
      storeFigures(repos, store.id, engine.now()),
      storeBalances(engine, store),
      // No rate table at all (provider and fallback down): the totals show "—", the page still shows.
      rates.getRates().catch(() => null),
    ])
    const received = new Map([...balances].map(([c, b]) => [c, b.totalReceived]))
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, storeOverviewPage(view, store, figures, received, fiatTotals(table, received)))
  })

  const renderSettings = async (
    req: FastifyRequest,
    reply: FastifyReply,
    store: Store,
    patch: Partial<SettingsPageState>,
    status = 200,
  ) => {
    const view = viewOf(req, reply, store)
    const state: SettingsPageState = {
      values: {
        name: store.name,
        mode: store.mode,
        currencies: store.currencies,
        expiryMinutes: String(store.expiryMinutes),
        tolerancePercent: bpText(store.underpayToleranceBp),
        confirmations: formatStoreConfirmations(store.confirmations),
        enabled: store.enabled,
        webhookUrl: store.webhookUrl ?? '',
        redirectUrl: store.redirectUrl ?? '',
      },
      pages: pageSettingsText(await pageSettings.get(store.id)),
      offered: offered(store.mode),
      ...patch,
    }
    return sendHtml(reply, view, storeSettingsPage(view, store, state), status)
  }

  app.get<StoreParams>('/stores/:id/settings', hidden, async (req, reply) => {
    const flash = req.dashboardFlash
    return renderSettings(req, reply, await ownedStore(stores, req, req.params.id), {
      ...(flash?.ok !== undefined && { ok: flash.ok }),
      ...(flash?.error !== undefined && { error: flash.error }),
    })
  })

  app.post<StoreParams>('/stores/:id/settings', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const webhookUrl = field(req.body, 'webhook_url')
    const redirectUrl = field(req.body, 'redirect_url')
    try {
      const p = parseStoreForm(req, offered(store.mode))
      // One update: the service checks everything (webhook URL policy included) before it writes.
      const updated = await stores.updateStore(store.id, {
        name: p.name,
        currencies: p.currencies,
        expiryMinutes: p.expiryMinutes,
        underpayToleranceBp: p.underpayToleranceBp,
        confirmations: p.confirmations,
        enabled: field(req.body, 'enabled') === '1',
        webhookUrl: webhookUrl === '' ? null : webhookUrl,
        redirectUrl: redirectUrl === '' ? null : redirectUrl,
      })
      return reply.seeOther(`/dashboard/stores/${updated.id}/settings`, { ok: 'Store settings saved.' })
    } catch (err) {
      const message = formMessage(err)
      if (message === undefined) throw err
      const values = {
        ...storeFormValues(req, offered(store.mode)),
        mode: store.mode,
        enabled: field(req.body, 'enabled') === '1',
        webhookUrl,
        redirectUrl,
      }
      return renderSettings(req, reply, store, { error: message, values }, 400)
    }
  })

  app.post<StoreParams>('/stores/:id/settings/pages', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const pages = pageFormValues(req)
    try {
      await pageSettings.update(store.id, parsePageForm(pages))
      return reply.seeOther(`/dashboard/stores/${store.id}/settings`, { ok: 'Widget and donation settings saved.' })
    } catch (err) {
      const message = formMessage(err)
      if (message === undefined) throw err
      return renderSettings(req, reply, store, { error: message, pages }, 400)
    }
  })

  // The logo: a file upload (multipart/form-data, parsed in this plugin only), checked by its
  // bytes in StoreService.setLogo. The parser lets a file somewhat over the logo limit through,
  // so that one gets StoreService's message naming its size; a far bigger one is refused (413)
  // before it is read whole.
  await registerMultipartForm(app, LOGO_MAX_BYTES + 64 * 1024)
  app.post<StoreParams>('/stores/:id/settings/logo', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const file = (req.body as MultipartFields | undefined)?.logo
    try {
      if (!Buffer.isBuffer(file)) throw new StoreSettingsError('choose an image file to upload')
      await stores.setLogo(store.id, file)
      req.log.info({ storeId: store.id }, 'store logo replaced from the dashboard')
      return reply.seeOther(`/dashboard/stores/${store.id}/settings`, { ok: 'Logo saved: buyer pages show it from now on.' })
    } catch (err) {
      const message = formMessage(err)
      if (message === undefined) throw err
      return renderSettings(req, reply, store, { error: message }, 400)
    }
  })

  app.post<StoreParams>('/stores/:id/settings/logo/remove', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    await stores.removeLogo(store.id)
    req.log.info({ storeId: store.id }, 'store logo removed from the dashboard')
    return reply.seeOther(`/dashboard/stores/${store.id}/settings`, { ok: 'Logo removed.' })
  })

  app.get<StoreParams>('/stores/:id/keys', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, keysPage(view, store, req.dashboardFlash?.storeSecrets))
  })

  app.post<StoreParams>('/stores/:id/keys/rotate-api', hidden, async (req, reply) => {
    const owned = await ownedStore(stores, req, req.params.id)
    const { store, apiSecret } = await stores.rotateApiCredentials(owned.id)
    req.log.info({ storeId: store.id }, 'API credentials rotated from the dashboard')
    return reply.seeOther(`/dashboard/stores/${store.id}/keys`, {
      storeSecrets: { apiSecret, message: 'New API key and secret: the old pair no longer works.' },
    })
  })

  app.post<StoreParams>('/stores/:id/keys/rotate-webhook', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const hours = field(req.body, 'grace_hours')
    const view = viewOf(req, reply, store)
    if (!['0', '24', '72', '168'].includes(hours))
      return sendHtml(reply, view, keysPage(view, store, undefined, 'Choose a grace period from the list.'), 400)
    const r = await stores.rotateWebhookSecret(store.id, Number(hours) * 3_600_000)
    req.log.info({ storeId: store.id }, 'webhook secret rotated from the dashboard')
    return reply.seeOther(`/dashboard/stores/${store.id}/keys`, {
      storeSecrets: {
        webhookSecret: r.webhookSecret,
        ...(hours !== '0' && { previousValidUntil: r.previousValidUntil }),
        message: 'New webhook secret.',
      },
    })
  })
}
