import type { FastifyInstance, FastifyRequest } from 'fastify'
import { exchangeMeta, mixerMeta } from '../../domain/swap/swap-meta.js'
import { SWAP_COINS } from '../../domain/swap/swap-coins.js'
import { SwapRequestInvalidError } from '../../errors/index.js'
import { usdPrice } from '../../rates/index.js'
import type { RateService } from '../../rates/index.js'
import type { SwapDeps } from '../../services/swap/swap-deps.js'
import { swapErrorSchema, swapPrettyQuery } from '../schemas/swap-schemas.js'

const SERVICE = 'Kassa Swap API'
const VERSION = '1.0.0'

export interface SwapMetaRouteDeps {
  /** The clock, and the `coin/network` pairs switched off (KASSA_SWAP_MAINTENANCE). */
  swap: Pick<SwapDeps, 'now' | 'maintenance'>
  rates: RateService
  /** The exchange's default service fee in percent (KASSA_SWAP_EXCHANGE_FEE). */
  exchangeDefaultFee: string
}

/** GET /v1/ping, /v1/meta/mixer, /v1/meta/exchange, /v1/prices. */
export async function swapMetaRoutes(app: FastifyInstance, opts: SwapMetaRouteDeps): Promise<void> {
  const { swap, rates, exchangeDefaultFee } = opts
  const epoch = () => Math.floor(swap.now() / 1000)
  const tags = ['Swap API']

  app.get(
    '/ping',
    {
      schema: { summary: 'Health check and version (no key needed)', tags, querystring: swapPrettyQuery },
      config: { swapPublic: true },
    },
    async () => ({ ok: true, service: SERVICE, version: VERSION, ts: epoch() }),
  )

  app.get(
    '/meta/mixer',
    {
      schema: {
        summary: 'Split-payout coins, limits and fees',
        tags,
        security: [{ swapBearer: [] }],
        querystring: swapPrettyQuery,
        response: swapErrorSchema,
      },
    },
    async () => mixerMeta(swap.maintenance),
  )

  app.get(
    '/meta/exchange',
    {
      schema: {
        summary: 'Exchange coins, USD limits per pair and the fee rule',
        tags,
        security: [{ swapBearer: [] }],
        querystring: swapPrettyQuery,
        response: swapErrorSchema,
      },
    },
    async () => exchangeMeta(swap.maintenance, exchangeDefaultFee),
  )

  app.get(
    '/prices',
    {
      schema: {
        summary: 'USD prices of the supported coins',
        description:
          'symbols: comma-separated, e.g. BTC,ETH,USDT; unsupported ones are left out. Prices are strings, exactly as the rate source gives them.',
        tags,
        security: [{ swapBearer: [] }],
        querystring: { type: 'object', properties: { symbols: { type: 'string' }, pretty: { type: 'string' } } },
        response: swapErrorSchema,
      },
    },
    async (req: FastifyRequest<{ Querystring: { symbols?: string } }>) => {
      const supported = [...new Set(SWAP_COINS.map((c) => c.asset))]
      let wanted = supported
      if (req.query.symbols !== undefined) {
        if (!/^[A-Za-z0-9]{1,12}(,[A-Za-z0-9]{1,12}){0,49}$/.test(req.query.symbols.replace(/\s+/g, ''))) {
          throw new SwapRequestInvalidError('symbols must be a comma-separated list of coin symbols, e.g. BTC,ETH.')
        }
        wanted = req.query.symbols.replace(/\s+/g, '').toLowerCase().split(',')
      }
      const table = await rates.getRates()
      const prices: Record<string, string> = {}
      for (const asset of wanted) {
        const usd = supported.includes(asset) ? usdPrice(table, asset) : undefined
        if (usd !== undefined) prices[asset.toUpperCase()] = usd
      }
      return { ok: true, base: 'USD', ts: Math.floor(table.fetchedAt / 1000), prices }
    },
  )
}
