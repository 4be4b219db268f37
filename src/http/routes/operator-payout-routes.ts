import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kassa } from '../../app/kassa.js'
import { createWithdrawal } from '../../services/payouts/create-withdrawal.js'
import { getPayout, listPayouts } from '../../services/payouts/payout-queries.js'
import { operatorAuthHook } from '../plugins/operator-auth.js'
import { rejectUnparsedBody } from '../plugins/raw-body.js'
import { payoutJson } from '../presenters/payout-json.js'
import { operatorHeaders, storeIdParams } from '../schemas/event-schemas.js'
import type { StoreIdParams } from '../schemas/event-schemas.js'
import { errorEnvelope } from '../schemas/merchant-schemas.js'
import { payoutIdParams, payoutsQuery, withdrawalBody } from '../schemas/payout-schemas.js'
import type { PayoutIdParams, PayoutsQuery, WithdrawalBody } from '../schemas/payout-schemas.js'

const security = [{ OperatorToken: [] }]
const tags = ['Operator']
const errors = { 400: errorEnvelope, 401: errorEnvelope, 404: errorEnvelope }

/**
 * The operator's payout routes (issue 3): a merchant withdrawal from a store's available
 * balance (sent by the payout engine, as `kassa withdraw` is), and where payouts stand.
 * Registered under /operator/v1 only when KASSA_OPERATOR_TOKEN is set.
 */
export async function operatorPayoutRoutes(app: FastifyInstance, opts: { kassa: Kassa; token: string }): Promise<void> {
  const { kassa } = opts
  app.addHook('preValidation', operatorAuthHook(opts.token))
  app.addHook('preValidation', async (req) => rejectUnparsedBody(req))

  app.post('/stores/:store_id/withdrawals', {
    schema: {
      summary: "Withdraw from a store's available balance",
      description: 'Validates the address (EIP-55 checksum, network) and the amount, reserves it from the available balance and queues the payout; the payout engine signs, sends and follows it. Refusals change nothing.',
      tags, security, headers: operatorHeaders, params: storeIdParams, body: withdrawalBody, response: errors,
    },
  }, async (req: FastifyRequest<{ Params: StoreIdParams; Body: WithdrawalBody }>) => {
    const store = await kassa.stores.getStore(req.params.store_id)
    const payout = await createWithdrawal(kassa.deps, store, req.body)
    return { success: true, data: payoutJson(payout) }
  })

  app.get('/payouts', {
    schema: { summary: 'Payouts (withdrawals and sweeps), newest first', tags, security, headers: operatorHeaders, querystring: payoutsQuery, response: errors },
  }, async (req: FastifyRequest<{ Querystring: PayoutsQuery }>) => {
    const rows = await listPayouts(kassa.deps, { storeId: req.query.store_id, limit: Number(req.query.limit ?? 100) })
    return { success: true, data: { payouts: rows.map(payoutJson) } }
  })

  app.get('/payouts/:payout_id', {
    schema: { summary: 'One payout: status, transaction hash, confirmations, failure reason', tags, security, headers: operatorHeaders, params: payoutIdParams, response: errors },
  }, async (req: FastifyRequest<{ Params: PayoutIdParams }>) => ({ success: true, data: payoutJson(await getPayout(kassa.deps, req.params.payout_id)) }))
}
