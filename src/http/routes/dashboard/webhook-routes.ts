import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Store } from '../../../domain/stores/store.js'
import type { StoreService } from '../../../services/store-service.js'
import type { WebhookService } from '../../../services/webhooks/webhook-service.js'
import { webhooksPage } from '../../../web/dashboard/webhook-pages.js'
import { ownedStore, sendHtml, viewOf } from './dashboard-context.js'
import { formMessage } from './store-routes.js'

const hidden = { schema: { hide: true } } as const

export interface MerchantWebhookRouteDeps {
  stores: StoreService
  webhooks: WebhookService
}

/** A store's webhook delivery log, resends and test events. */
export async function merchantWebhookRoutes(app: FastifyInstance, opts: MerchantWebhookRouteDeps): Promise<void> {
  const { stores, webhooks } = opts

  const render = async (
    req: FastifyRequest,
    reply: FastifyReply,
    store: Store,
    msg: { ok?: string; error?: string } = {},
    status = 200,
  ) => {
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, webhooksPage(view, store, await webhooks.storeLog(store.id), msg), status)
  }

  app.get<{ Params: { id: string } }>('/stores/:id/webhooks', hidden, async (req, reply) => {
    const flash = req.dashboardFlash
    return render(req, reply, await ownedStore(stores, req, req.params.id), {
      ...(flash?.ok !== undefined && { ok: flash.ok }),
      ...(flash?.error !== undefined && { error: flash.error }),
    })
  })
  const logPage = (store: Store) => `/dashboard/stores/${store.id}/webhooks`

  app.post<{ Params: { id: string; eid: string } }>('/stores/:id/webhooks/:eid/resend', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    try {
      const e = await webhooks.resendForStore(store.id, req.params.eid)
      return reply.seeOther(logPage(store), { ok: `Event ${e.id} (${e.event}) will be sent again.` })
    } catch (err) {
      const error = formMessage(err)
      // An event of another store is answered as unknown, like a store of another account.
      if (error === undefined || (err as { code?: string }).code === 'WEBHOOK_EVENT_NOT_FOUND') throw err
      return render(req, reply, store, { error }, 409)
    }
  })

  app.post<{ Params: { id: string } }>('/stores/:id/webhooks/test', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    try {
      const r = await webhooks.sendTest(store.id)
      const outcome =
        r.statusCode !== null ? `answered ${r.statusCode} in ${r.latencyMs} ms` : `did not answer: ${r.error ?? 'no response'}`
      const ok = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300
      // The receiver's answer is the outcome of a test that ran, not a refusal of the form: redirected too.
      return reply.seeOther(
        logPage(store),
        ok ? { ok: `Test event sent: ${r.url} ${outcome}.` } : { error: `Test event sent: ${r.url} ${outcome}.` },
      )
    } catch (err) {
      const error = formMessage(err)
      if (error === undefined) throw err
      return render(req, reply, store, { error }, 400)
    }
  })
}
