import type { Command } from 'commander'
import { WEBHOOK_EVENT_STATUSES, isWebhookEventStatus } from '../domain/webhooks/webhook-event.js'
import { CliError, positiveInt, withKassa } from './cli-context.js'
import { webhookAttemptJson, webhookEventJson } from '../http/presenters/webhook-json.js'
import { describeEvent } from './webhook-format.js'

const STATUSES = WEBHOOK_EVENT_STATUSES

export function registerWebhookCommands(program: Command): void {
  const webhooks = program.command('webhooks').description('Inspect, resend and test webhook deliveries')

  webhooks
    .command('list')
    .description('Webhook events, newest first')
    .option('--store <id>', 'only this store')
    .option('--payment <id>', 'only this payment')
    .option('--status <status>', `only this delivery status: ${STATUSES.join(', ')}`)
    .option('--limit <n>', 'at most n events (default 50)', positiveInt('--limit'))
    .option('--json', 'one JSON array')
    .action(async (o: { store?: string; payment?: string; status?: string; limit?: number; json?: boolean }) => {
      const status = o.status
      if (status !== undefined && !isWebhookEventStatus(status)) throw new CliError(`--status must be one of ${STATUSES.join(', ')}`)
      await withKassa(async (kassa) => {
        const rows = await kassa.webhooks.list({ storeId: o.store, paymentId: o.payment, status, limit: Math.min(o.limit ?? 50, 1000) })
        if (o.json) console.log(`[${rows.map(webhookEventJson).join(',')}]`)
        else if (rows.length === 0) console.log('no webhook events')
        else for (const r of rows) console.log(describeEvent(r))
      })
    })

  webhooks
    .command('show <event_id>')
    .description('One event: its body and every delivery attempt')
    .option('--json')
    .action(async (eventId: string, o: { json?: boolean }) => {
      await withKassa(async (kassa) => {
        const { event, attempts } = await kassa.webhooks.show(eventId)
        if (o.json) {
          console.log(`{"event":${webhookEventJson(event)},"attempts":${JSON.stringify(attempts.map(webhookAttemptJson))}}`)
          return
        }
        console.log(describeEvent(event))
        console.log(`body: ${event.body}`)
        if (attempts.length === 0) console.log('no attempts yet')
        for (const a of attempts.map(webhookAttemptJson)) {
          console.log(
            `  ${a.attempted_at}  ${a.status_code ?? '---'}  ${a.latency_ms} ms  ${a.error ?? ''}${a.response_excerpt ? `  ${JSON.stringify(a.response_excerpt).slice(0, 120)}` : ''}`,
          )
        }
      })
    })

  webhooks
    .command('resend <event_id>')
    .description('Send an event again as a new delivery; the running server sends it within moments')
    .action(async (eventId: string) => {
      await withKassa(async (kassa) => {
        const event = await kassa.webhooks.resend(eventId)
        console.log(`event ${event.id} queued for delivery ${event.deliveryId}`)
      })
    })

  webhooks
    .command('test <store_id>')
    .description("Send a signed webhook.test event to the store's webhook URL now and show the answer")
    .option('--json')
    .action(async (storeId: string, o: { json?: boolean }) => {
      await withKassa(async (kassa) => {
        const r = await kassa.webhooks.sendTest(storeId)
        if (o.json) {
          console.log(
            JSON.stringify({
              delivered: r.ok,
              url: r.url,
              status_code: r.statusCode,
              latency_ms: r.latencyMs,
              error: r.error,
              response_excerpt: r.excerpt,
            }),
          )
        } else {
          console.log(`${r.ok ? 'delivered' : 'not delivered'}: ${r.url} answered ${r.statusCode ?? r.error} in ${r.latencyMs} ms`)
        }
        if (!r.ok) process.exitCode = 1
      })
    })
}
