import type { FastifyInstance } from 'fastify'
import { refundStatus, refundTxHash } from '../../domain/refunds/refund.js'
import { AddressInvalidError, AppError } from '../../errors/index.js'
import { CURRENCY_NAMES, displayAmount, isCurrencyCode } from '../../money/index.js'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'
import { refundByToken } from '../../services/refunds/refund-queries.js'
import type { RefundLink } from '../../services/refunds/refund-queries.js'
import { submitRefundAddress } from '../../services/refunds/submit-refund-address.js'
import { refundPage } from '../../web/pages/refund-page.js'
import type { RefundPageView } from '../../web/pages/refund-page.js'
import { toErrorResponse } from '../error-envelope.js'
import { pageContext, sendPage } from '../page-context.js'
import { refuseCrossSitePost, sendErrorPage } from './public-form.js'
import { rejectUnparsedBodyAllowForms } from '../plugins/raw-body.js'

export interface RefundPageRouteDeps {
  engine: PaymentEngineDeps
  publicUrl: string
}

type TokenParams = { Params: { token: string } }

/**
 * The buyer's refund link, `/refund/{token}`. The token (192 random bits) is the capability, as
 * a payment's id is for its page. The form is safe from cross-site posts twice over: a forger
 * would need the token, and a post whose browser says it came from another site (Origin,
 * Sec-Fetch-Site) is refused before anything is read. The page is never framed ('none'), so it
 * cannot be clicked through under another site's cover. A successful post answers 303 to the
 * page (POST/redirect/GET): a reload shows the state, it does not post again; and a second post
 * of the same link queues nothing (services/refunds/submit-refund-address.ts).
 */
export async function refundPageRoutes(app: FastifyInstance, opts: RefundPageRouteDeps): Promise<void> {
  const { engine, publicUrl } = opts
  const crossSiteGuard = refuseCrossSitePost(publicUrl)
  app.addHook('preValidation', rejectUnparsedBodyAllowForms)

  app.get<TokenParams>('/refund/:token', { schema: { hide: true } }, async (req, reply) => {
    const ctx = pageContext(req, reply)
    try {
      const link = await refundByToken(engine, req.params.token)
      return sendPage(reply, ctx, refundPage(ctx, view(engine, link, req.params.token)))
    } catch (err) {
      return sendErrorPage(req, reply, err)
    }
  })

  app.post<TokenParams>(
    '/refund/:token',
    { schema: { hide: true }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const ctx = pageContext(req, reply)
      const token = req.params.token
      const address = (req.body as Record<string, unknown> | undefined)?.address
      try {
        await crossSiteGuard(req)
        await submitRefundAddress(engine, token, address)
        return reply.redirect(`/refund/${token}`, 303)
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        const e = toErrorResponse(err)
        if (e.status >= 500 || e.code === 'REFUND_NOT_FOUND') return sendErrorPage(req, reply, err)
        const link = await refundByToken(engine, token)
        const v = view(engine, link, token)
        const message = err instanceof AddressInvalidError ? ctx.t('refund_address_invalid', { network: v.network }) : e.message
        const values = { address: typeof address === 'string' ? address.slice(0, 200) : '' }
        return sendPage(reply, ctx, refundPage(ctx, { ...v, values, error: message }), "'none'", e.status)
      }
    },
  )
}

function view(engine: PaymentEngineDeps, { refund, store }: RefundLink, token: string): RefundPageView {
  const networkId = refund.network ?? engine.chains.forCurrency(store.mode, refund.currency)?.network ?? refund.currency
  // The buyer reads the network's name ("Ethereum", "TRON (TRC-20)"); Kassa's own id of it
  // (sim-ethereum, evm-mainnet) is shown beside it, small, for whoever needs to tell them apart.
  const network = isCurrencyCode(refund.currency) ? CURRENCY_NAMES[refund.currency].network : networkId
  return {
    networkId,
    storeName: store.name,
    amount: displayAmount(refund.amount, refund.currency),
    currency: refund.currency,
    network,
    status: refundStatus(refund),
    address: refund.address,
    txHash: refundTxHash(refund),
    reason: refund.reason,
    testMode: store.mode === 'test',
    action: `/refund/${token}`,
  }
}
