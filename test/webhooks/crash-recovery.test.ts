import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { after, describe, test } from 'node:test'
import { databaseVariants } from '../samples/database-variants.js'
import type { VariantDatabase } from '../samples/database-variants.js'
import { makeDataDir, runCli, startServer, tearDownServer } from '../samples/server-process.js'
import type { CliResult, ServerProcess } from '../samples/server-process.js'
import { signedRequest } from '../samples/signed-request.js'
import { phpVerify, startWebhookReceiver } from '../support/webhook-receiver.js'
import type { WebhookReceiver } from '../support/webhook-receiver.js'

/**
 * A real `kassa serve` killed with SIGKILL while a webhook it owes is unanswered: the outbox
 * row written with the status change survives, and the restarted server delivers it, same
 * body, same event and delivery ids, signed the same way. Then the CLI's webhook commands
 * against the running server: list, show, resend, test event, secret rotation.
 */
const variants = await databaseVariants()

const ENV = {
  KASSA_WEBHOOK_ALLOW_PRIVATE: '1',
  // The lease of an unanswered attempt runs out 1.5 × timeout + 1 s after it was claimed.
  KASSA_WEBHOOK_TIMEOUT_MS: '1000',
  KASSA_WEBHOOK_RETRY_DELAYS: '200ms,200ms,200ms,200ms,200ms',
}

function ok(r: CliResult, what: string): string {
  assert.equal(r.code, 0, `${what} exited with ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`)
  return r.stdout
}

describe('webhooks across a crash (kill -9) and the CLI', { concurrency: true }, () => {
  for (const variant of variants) {
    describe(variant.name, { skip: variant.skip ?? false, concurrency: false }, () => {
      let db: VariantDatabase | undefined
      let dataDir: string | undefined
      let server: ServerProcess | undefined
      let rx: WebhookReceiver | undefined
      after(async () => {
        await rx?.close()
        await tearDownServer(server, db, dataDir)
      })

      test('killed while the first attempt is unanswered: the restarted server delivers the same event', async () => {
        db = await variant.create()
        dataDir = await makeDataDir()
        rx = await startWebhookReceiver()
        rx.answer = (_h, i) => (i === 0 ? 'hang' : { status: 200, body: 'ok' })
        server = await startServer({ dataDir, databaseUrl: db.databaseUrl, env: ENV })
        const cli = (...args: string[]) => runCli(args, server!.env)
        const store = JSON.parse(ok(await cli('store', 'create', '--name', 'Crash shop', '--currencies', 'BTC', '--json'), 'store create'))
        ok(await cli('store', 'update', store.store_id, '--webhook-url', rx.url), 'store update')
        const created = await signedRequest(
          server.baseUrl,
          { apiKey: store.api_key, apiSecret: store.api_secret },
          'POST',
          '/api/v1/payment/create',
          { amount: '0.01', order_id: 'CRASH-1', metadata: { a: 1 } },
        )
        assert.equal(created.status, 200, created.text)
        ok(await cli('simulate', 'pay', created.json.data.payment_id), 'simulate pay')

        const [first] = await rx.waitFor(1, 10_000) // the server's watcher saw it: confirming
        await server.kill()
        assert.equal(JSON.parse(first!.body).event, 'payment.confirming')

        server = await startServer({ dataDir, databaseUrl: db.databaseUrl, env: ENV })
        const [, again] = await rx.waitFor(2, 10_000)
        assert.equal(again!.body, first!.body, 'the same body, byte for byte')
        for (const h of ['x-kassa-event-id', 'x-kassa-delivery', 'x-kassa-event']) assert.equal(again!.headers[h], first!.headers[h], h)
        assert.ok(phpVerify(first!, store.webhook_secret))
        assert.ok(phpVerify(again!, store.webhook_secret))
        // Each attempt is signed at its own time; over the same timestamp the signature is the same.
        const resigned = createHmac('sha256', store.webhook_secret)
          .update(String(first!.headers['x-timestamp']) + again!.body)
          .digest('hex')
        assert.equal(resigned, first!.headers['x-signature'])

        const eventId = String(again!.headers['x-kassa-event-id'])
        // The outcome is written just after the answer.
        let shown: any
        for (let i = 0; i < 50; i++) {
          shown = JSON.parse(ok(await cli('webhooks', 'show', eventId, '--json'), 'webhooks show'))
          if (shown.event.status === 'delivered') break
          await new Promise((r) => setTimeout(r, 100))
        }
        assert.equal(shown.event.status, 'delivered')
        assert.deepEqual(
          shown.attempts.map((a: any) => a.status_code),
          [200],
          'the killed attempt left no record; the one after it did',
        )
        assert.deepEqual(shown.event.payload, JSON.parse(first!.body))
        assert.equal(rx.received.length, 2, 'sent twice (at least once), nothing more')
      })

      test('kassa webhooks list / resend / test and store rotate-webhook-secret', async () => {
        const cli = (...args: string[]) => runCli(args, server!.env)
        const list = JSON.parse(ok(await cli('webhooks', 'list', '--json'), 'webhooks list'))
        assert.equal(list.length, 1)
        const eventId = list[0].event_id
        assert.match(ok(await cli('webhooks', 'resend', eventId), 'webhooks resend'), new RegExp(`event ${eventId} queued`))
        const [, , third] = await rx!.waitFor(3, 5000)
        assert.equal(third!.headers['x-kassa-event-id'], eventId)
        assert.notEqual(third!.headers['x-kassa-delivery'], rx!.received[0]!.headers['x-kassa-delivery'])

        const storeId = list[0].store_id
        const test1 = JSON.parse(ok(await cli('webhooks', 'test', storeId, '--json'), 'webhooks test'))
        assert.equal(test1.delivered, true)
        assert.equal(JSON.parse(rx!.received[3]!.body).event, 'webhook.test')

        const rotated = JSON.parse(ok(await cli('store', 'rotate-webhook-secret', storeId, '--grace-hours', '2', '--json'), 'rotate'))
        assert.match(rotated.webhook_secret, /^whsec_[0-9a-f]{64}$/)
        ok(await cli('webhooks', 'test', storeId), 'webhooks test after rotation')
        assert.ok(phpVerify(rx!.received[4]!, rotated.webhook_secret), 'signed with the new secret')
        assert.ok(rx!.received[4]!.headers['x-signature-previous'], 'and the old one, during the grace period')

        const missing = await cli('webhooks', 'resend', '424242')
        assert.equal(missing.code, 1)
        assert.match(missing.stderr, /^kassa: No webhook event 424242\.$/m)
      })
    })
  }
})
