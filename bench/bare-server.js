// The benchmark ceiling: plain Fastify 5, one GET route, a fixed payment-status-shaped JSON.
// Started by bench/run.js as a child process: PORT from the environment, 127.0.0.1 only.
//
// Field names and order are those of paymentStatusJson (src/http/presenters/payment-json.ts)
// wrapped in { success: true, data }, as `GET /api/v1/payment/{id}` answers. Kassa prints
// amounts as exact JSON numbers such as 0.00100000; plain JSON.stringify cannot print trailing
// zeros, so the amounts here are numbers of the same printed length (10 characters), which
// keeps the body the same size byte for byte (bench/run.js checks and records both sizes).
import Fastify from 'fastify'
import { serveUntilSignal } from './lib/serve.js'

const payment = {
  success: true,
  data: {
    payment_id: 'da2de618-a303-419f-9cfb-39a27d6dc27b',
    order_id: 'bench-0',
    status: 'pending',
    amount_requested: 0.00100001,
    amount_with_cents: 0.00100001,
    amount_received: 0.10000001,
    currency: 'BTC',
    pay_address: 'tb1qks2ksqltq2uwg3ffrqkujelxcpw8c202kkxzlq',
    tx_hash: null,
    confirmations: 0,
    confirmed_at: null,
    expires_at: '2026-11-23T14:07:04Z',
    created_at: '2026-11-23T13:37:04Z',
    test_mode: true,
  },
}

const port = Number(process.env.PORT)
if (!Number.isInteger(port) || port <= 0) {
  console.error('bare-server: PORT must be set to a port number')
  process.exit(1)
}

const app = Fastify({ logger: false })
app.get('/api/v1/payment/:payment_id', async () => payment)
app.get('/readyz', async () => ({ status: 'ready' }))

await serveUntilSignal(app, port)
