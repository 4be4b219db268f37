import type { FastifyInstance, FastifyRequest } from 'fastify'
import { parseFiatAmount } from '../../domain/payments/payment-request.js'
import { RequestInvalidError } from '../../errors/index.js'
import { displayAmount, isCurrencyCode } from '../../money/index.js'
import { convertFiatToCrypto, publicRates } from '../../rates/index.js'
import type { RateService, RateTable } from '../../rates/index.js'
import { JsonNumber, stringifyExact } from '../../serialization/exact-json.js'
import { errorEnvelope, ratesQuery } from '../schemas/merchant-schemas.js'
import type { RatesQuery } from '../schemas/merchant-schemas.js'
import { endOfTurn } from '../plugins/end-of-turn.js'

export interface RatesRouteDeps {
  rates: RateService
}

/** GET /api/v1/rates: public, cached 5 minutes, optional fiat → crypto conversion (seed: 為替レート). */
export async function ratesRoutes(app: FastifyInstance, opts: RatesRouteDeps): Promise<void> {
  app.get(
    '/rates',
    {
      schema: {
        summary: 'Exchange rates (public)',
        description:
          "Prices per asset in USD, EUR, RUB, CNY, GBP. With amount, fiat and crypto: `converted` is amount in crypto, rounded down to the currency's quote precision.",
        tags: ['Public'],
        querystring: ratesQuery,
        response: { 400: errorEnvelope, 429: errorEnvelope },
      },
      config: { rateLimit: { max: 300, timeWindow: '1 minute' } },
    },
    async (req: FastifyRequest<{ Querystring: RatesQuery }>, reply) => {
      await endOfTurn()
      const { amount, fiat, crypto } = req.query
      const given = [amount, fiat, crypto].filter((v) => v !== undefined).length
      if (given !== 0 && given !== 3) throw new RequestInvalidError('amount, fiat and crypto must be given together.')
      const table = await opts.rates.getRates()
      const rates = ratesJson(table)
      void reply.type('application/json; charset=utf-8')
      if (given === 0) return `{"success":true,"data":{"rates":${rates}}}`
      const currency = crypto!.toUpperCase()
      if (!isCurrencyCode(currency)) throw new RequestInvalidError(`crypto must be one of USDT_TRC20, USDT_ERC20, BTC, ETH, LTC, TRX.`)
      const fiatAmount = parseFiatAmount('amount', amount!, 'fiat', fiat!.toUpperCase())
      const converted = convertFiatToCrypto(table, fiatAmount.text, fiatAmount.currency, currency)
      // An exact decimal, written as a JSON number as the seed prints it.
      return `{"success":true,"data":{"rates":${rates},"converted":${displayAmount(converted, currency)}}}`
    },
  )
}

/**
 * The `rates` object as JSON (prices as exact JSON numbers), written once per table: a table
 * is served for 5 minutes, and building its 25 prices again for each request cost most of the
 * route (profiled, issue 17).
 */
const ratesJsonOf = new WeakMap<RateTable, string>()

function ratesJson(table: RateTable): string {
  let json = ratesJsonOf.get(table)
  if (json === undefined) {
    const rates: Record<string, Record<string, JsonNumber>> = {}
    for (const [asset, byFiat] of Object.entries(publicRates(table))) {
      rates[asset] = Object.fromEntries(Object.entries(byFiat).map(([f, v]) => [f, new JsonNumber(v as string)]))
    }
    json = stringifyExact(rates)
    ratesJsonOf.set(table, json)
  }
  return json
}
