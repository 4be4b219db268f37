import { WebhookWorker } from '../jobs/workers/webhook-worker.js'
import { WebhookSender } from '../services/webhooks/webhook-sender.js'
import { WebhookService } from '../services/webhooks/webhook-service.js'
import { WebhookSigner } from '../services/webhooks/webhook-signing.js'
import type { WiringBase } from './wiring-base.js'

export interface WebhookWiring {
  /** What the operator, the CLI and the event feed do with webhooks. */
  webhooks: WebhookService
  /** Delivers the outbox; started with the other background work. */
  webhookWorker: WebhookWorker
  /** The HTTP agents both send through: closed last, with Kassa. */
  webhookSender: WebhookSender
}

/** Webhooks: one sender (keep-alive agents, the address policy) and one signer for the service and the worker. */
export function wireWebhooks(base: WiringBase): WebhookWiring {
  const config = base.config.webhooks
  const webhookSender = new WebhookSender({
    timeoutMs: config.timeoutMs,
    allowPrivate: config.allowPrivate,
    socketsPerOrigin: config.storeConcurrency,
  })
  const signer = new WebhookSigner(base.box)
  const webhooks = new WebhookService({
    repos: base.repos,
    dialect: base.database.dialect,
    now: base.now,
    config,
    sender: webhookSender,
    signer,
  })
  const webhookWorker = new WebhookWorker({
    repos: base.repos,
    now: base.now,
    config,
    sender: webhookSender,
    signer,
    log: base.log.child({ component: 'webhooks' }),
  })
  return { webhooks, webhookWorker, webhookSender }
}
