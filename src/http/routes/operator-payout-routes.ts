import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'
import { createWithdrawal } from '../../services/payouts/create-withdrawal.js'
import { getPayout, listPayouts } from '../../services/payouts/payout-queries.js'
import type { StoreService } from '../../services/store-service.js'
import { rejectUnparsedBody } from '../plugins/raw-body.js'
import { payoutJson } from '../presenters/payout-json.js'
import { operatorRoute, storeIdParams } from '../schemas/event-schemas.js'
import type { StoreIdParams } from '../schemas/event-schemas.js'
import { payoutIdParams, payoutsQuery, withdrawalBody } from '../schemas/payout-schemas.js'
import type { PayoutIdParams, PayoutsQuery, WithdrawalBody } from '../schemas/payout-schemas.js'

export interface OperatorPayoutRouteDeps {
  /** What the payment use cases take: withdrawals and payouts read and write through it. */
  engine: PaymentEngineDeps
  stores: StoreService
}

/**
 * The operator's payout routes: a merchant withdrawal from a store's available balance (sent
 * by the payout engine, as `kassa withdraw` is), and where payouts stand. Inside the
 * /operator/v1 scope (operator-api-routes.ts), behind its Bearer token.
 */
export async function operatorPayoutRoutes(app: FastifyInstance, opts: OperatorPayoutRouteDeps): Promise<void> {
  const { engine, stores } = opts
  app.addHook('preValidation', async (req) => rejectUnparsedBody(req))

  app.post(
    '/stores/:store_id/withdrawals',
    {
      schema: {
        summary: "Withdraw from a store's available balance",
        description:
          'Validates the address (EIP-55 checksum, network) and the amount, reserves it from the available balance and queues the payout; the payout engine signs, sends and follows it. Refusals change nothing.',
        ...operatorRoute,
        params: storeIdParams,
        body: withdrawalBody,
      },
    },
    async (req: FastifyRequest<{ Params: StoreIdParams; Body: WithdrawalBody }>) => {
      const store = await stores.getStore(req.params.store_id)
      const payout = await createWithdrawal(engine, store, req.body)
      return { success: true, data: payoutJson(payout) }
    },
  )

  app.get(
    '/payouts',
    {
      schema: { summary: 'Payouts (withdrawals and sweeps), newest first', ...operatorRoute, querystring: payoutsQuery },
    },
    async (req: FastifyRequest<{ Querystring: PayoutsQuery }>) => {
      const rows = await listPayouts(engine, { storeId: req.query.store_id, limit: Number(req.query.limit ?? 100) })
      return { success: true, data: { payouts: rows.map(payoutJson) } }
    },
  )

  app.get(
    '/payouts/:payout_id',
    {
      schema: { summary: 'One payout: status, transaction hash, confirmations, failure reason', ...operatorRoute, params: payoutIdParams },
    },
    async (req: FastifyRequest<{ Params: PayoutIdParams }>) => ({
      success: true,
      data: payoutJson(await getPayout(engine, req.params.payout_id)),
    }),
  )
}
