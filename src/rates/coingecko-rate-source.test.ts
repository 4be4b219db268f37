// CoinGeckoRateSource against a real HTTP server on 127.0.0.1 (no network here). The server
// replays fixtures/coingecko-simple-price.json, a fixture written by hand in the provider's
// documented GET /api/v3/simple/price format ({"<coin id>": {"<vs currency>": <number>}}),
// not a recorded response. It includes a price with more digits than a float keeps.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, beforeEach, describe, it } from 'node:test'
import { CoinGeckoRateSource } from './coingecko-rate-source.js'
import { RatesProviderError, RatesTableInvalidError } from './rate-errors.js'

const fixture = readFileSync(new URL('./fixtures/coingecko-simple-price.json', import.meta.url), 'utf8')
const EXPECTED_PATH =
  '/api/v3/simple/price?ids=bitcoin,ethereum,tether,litecoin,tron,dogecoin,ripple,the-open-network,solana&vs_currencies=usd,eur,rub,cny,gbp'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
let handler: Handler
const requests: IncomingMessage[] = []
const server = createServer((req, res) => {
  requests.push(req)
  handler(req, res)
})
let baseUrl = ''

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
after(() => {
  server.closeAllConnections()
  server.close()
})
beforeEach(() => {
  requests.length = 0
  handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(fixture)
})

async function providerError(source: CoinGeckoRateSource, signal?: AbortSignal): Promise<RatesProviderError> {
  const err = await source.fetchRates(signal).then(
    () => null,
    (e: unknown) => e,
  )
  assert.ok(err instanceof RatesProviderError, `expected a RatesProviderError, got ${String(err)}`)
  assert.equal(err.code, 'RATES_PROVIDER_FAILED')
  assert.equal(err.provider, 'coingecko')
  assert.match(err.message, /^Rate provider coingecko failed: /)
  return err
}

describe('CoinGeckoRateSource', () => {
  it('asks /simple/price for our ids and fiats with the demo key, and maps the answer', async () => {
    const source = new CoinGeckoRateSource({ baseUrl, apiKey: 'CG-test-key', now: () => 1_700_000_000_000 })
    const table = await source.fetchRates()
    assert.equal(requests.length, 1)
    assert.equal(requests[0]?.method, 'GET')
    assert.equal(requests[0]?.url, EXPECTED_PATH)
    assert.equal(requests[0]?.headers['x-cg-demo-api-key'], 'CG-test-key')
    assert.equal(source.name, 'coingecko')
    assert.equal(table.source, 'coingecko')
    assert.equal(table.fetchedAt, 1_700_000_000_000)
    assert.deepEqual(table.prices, {
      btc: { usd: '97512.34', eur: '91230.5', rub: '8790012', cny: '702345.67', gbp: '77001.2' },
      eth: { usd: '3201.77', eur: '2991.03', rub: '288123.45', cny: '23052.1', gbp: '2529.4' },
      usdt: { usd: '1.0001', eur: '0.935', rub: '90.5', cny: '7.21', gbp: '0.7901' },
      ltc: { usd: '101.25', eur: '94.61', rub: '9110.3', cny: '728.9', gbp: '79.98' },
      // A float would make this 0.23761234567890124: the text comes from the body itself.
      trx: { usd: '0.23761234567890123', eur: '0.2221', rub: '21.38', cny: '1.711', gbp: '0.1877' },
    })
    // The Swap API's own coins: USD only, exact text of the body.
    assert.deepEqual(table.swapUsd, { doge: '0.22014647970018', xrp: '2.51', ton: '3.207', sol: '180.44' })
  })

  it('a swap-only coin missing from the answer leaves only that price out', async () => {
    handler = (_req, res) => res.writeHead(200).end(JSON.stringify({ ...JSON.parse(fixture), solana: undefined }))
    const table = await new CoinGeckoRateSource({ baseUrl }).fetchRates()
    assert.equal(table.prices.btc.usd, '97512.34')
    assert.deepEqual(Object.keys(table.swapUsd), ['doge', 'xrp', 'ton'])
  })

  it('sends no key header without a key, and keeps a base URL path prefix', async () => {
    await new CoinGeckoRateSource({ baseUrl: `${baseUrl}/proxy/coingecko/` }).fetchRates()
    assert.equal(requests[0]?.url, `/proxy/coingecko${EXPECTED_PATH}`)
    assert.equal(Object.hasOwn(requests[0]?.headers ?? {}, 'x-cg-demo-api-key'), false)
  })

  it('fails on a 500 naming the status and what the body said', async () => {
    handler = (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream\n exploded')
    const err = await providerError(new CoinGeckoRateSource({ baseUrl }))
    assert.equal(err.reason, 'http')
    assert.match(err.message, /HTTP 500: upstream exploded/)
    assert.equal(err.details?.status, 500)
  })

  it('fails on a 429 with the provider explanation', async () => {
    const body = '{"status":{"error_code":429,"error_message":"You\'ve exceeded the Rate Limit."}}'
    handler = (_req, res) => res.writeHead(429, { 'content-type': 'application/json' }).end(body)
    const err = await providerError(new CoinGeckoRateSource({ baseUrl }))
    assert.equal(err.reason, 'http')
    assert.match(err.message, /HTTP 429: .*exceeded the Rate Limit/)
  })

  it('times out when the server does not answer', async () => {
    handler = () => {}
    const started = Date.now()
    const err = await providerError(new CoinGeckoRateSource({ baseUrl, timeoutMs: 150 }))
    assert.equal(err.reason, 'timeout')
    assert.match(err.message, /no complete answer within 150 ms/)
    assert.notEqual(err.cause, undefined)
    assert.ok(Date.now() - started < 3_000, 'gave up near the timeout')
  })

  it('times out when the server sends headers and then stalls the body', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"bitcoin": {"usd": 97')
    }
    const err = await providerError(new CoinGeckoRateSource({ baseUrl, timeoutMs: 150 }))
    assert.equal(err.reason, 'timeout')
  })

  it('stops when the caller aborts', async () => {
    handler = () => {}
    const controller = new AbortController()
    const pending = providerError(new CoinGeckoRateSource({ baseUrl, timeoutMs: 10_000 }), controller.signal)
    setTimeout(() => controller.abort(), 20)
    assert.equal((await pending).reason, 'aborted')
  })

  it('fails on a body that is not JSON', async () => {
    handler = (_req, res) => res.writeHead(200).end('<html>maintenance</html>')
    const err = await providerError(new CoinGeckoRateSource({ baseUrl }))
    assert.equal(err.reason, 'body')
    assert.match(err.message, /response is not valid JSON/)
    assert.ok(err.cause instanceof SyntaxError)
  })

  it('fails naming the asset when a coin is missing from the answer', async () => {
    const withoutTron = JSON.stringify({ ...JSON.parse(fixture), tron: undefined })
    handler = (_req, res) => res.writeHead(200).end(withoutTron)
    const err = await providerError(new CoinGeckoRateSource({ baseUrl }))
    assert.equal(err.reason, 'prices')
    assert.match(err.message, /asset "trx" is missing/)
    assert.ok(err.cause instanceof RatesTableInvalidError)
  })

  it('fails naming the pair when a price is null', async () => {
    handler = (_req, res) => res.writeHead(200).end(fixture.replace('"gbp": 0.7901', '"gbp": null'))
    const err = await providerError(new CoinGeckoRateSource({ baseUrl }))
    assert.equal(err.reason, 'prices')
    assert.match(err.message, /price usdt\/gbp is not a number/)
  })

  it('reports a refused connection as a network failure', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const err = await providerError(new CoinGeckoRateSource({ baseUrl: `http://127.0.0.1:${port}` }))
    assert.equal(err.reason, 'network')
    assert.match(err.message, /ECONNREFUSED/)
    assert.ok(err.cause instanceof TypeError)
  })
})
