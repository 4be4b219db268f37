import type { FastifyInstance, FastifyRequest } from 'fastify'
import { listFailedOutputs, requeueFailedOutput } from '../../services/swap/requeue-output.js'
import type { SwapDeps } from '../../services/swap/swap-deps.js'
import { rejectUnparsedBody } from '../plugins/raw-body.js'
import { payoutJson } from '../presenters/payout-json.js'
import { operatorRoute } from '../schemas/event-schemas.js'
import { failedOutputsQuery, swapOutputParams } from '../schemas/operator-swap-schemas.js'
import type { FailedOutputsQuery, SwapOutputParams } from '../schemas/operator-swap-schemas.js'

export interface OperatorSwapRouteDeps {
  /** What the Swap API's use cases (services/swap) take. */
  swap: SwapDeps
}

/**
 * The operator's Swap API tools: outputs whose payout failed for good (what check reports as
 * PAYOUT_FAILED), and re-queueing one, as `kassa swap failed` and `kassa swap requeue` do.
 * Inside the /operator/v1 scope (operator-api-routes.ts), behind its Bearer token; Merchant
 * API envelope.
 */
export async function operatorSwapRoutes(app: FastifyInstance, opts: OperatorSwapRouteDeps): Promise<void> {
  const { swap } = opts
  app.addHook('preValidation', async (req) => rejectUnparsedBody(req))

  app.get(
    '/swap/failed-outputs',
    {
      schema: { summary: 'Swap outputs whose payout failed for good, oldest first', ...operatorRoute, querystring: failedOutputsQuery },
    },
    async (req: FastifyRequest<{ Querystring: FailedOutputsQuery }>) => {
      const rows = await listFailedOutputs(swap, Number(req.query.limit ?? 100))
      return {
        success: true,
        data: {
          outputs: rows.map((r) => ({ trackcode: r.trackcode, account_id: r.accountId, output: r.output, payout: payoutJson(r.payout) })),
        },
      }
    },
  )

  app.post(
    '/swap/orders/:trackcode/outputs/:output/requeue',
    {
      schema: {
        summary: 'Re-queue a failed Swap output',
        description:
          "A new payout for the output (same address, amount, destination tag / memo); the failed payout stays as history (`replaces` names it). 409 unless the output's payout failed for good.",
        ...operatorRoute,
        params: swapOutputParams,
      },
    },
    async (req: FastifyRequest<{ Params: SwapOutputParams }>) => {
      const r = await requeueFailedOutput(swap, req.params.trackcode, Number(req.params.output))
      return {
        success: true,
        data: { trackcode: r.trackcode, output: r.output, payout: payoutJson(r.payout), replaced: payoutJson(r.replaced) },
      }
    },
  )
}
