import type { FastifyRequest } from 'fastify'
import type { Store } from '../../domain/stores/store.js'
import {
  AuthHeadersMissingError,
  AuthKeyUnknownError,
  AuthSignatureInvalidError,
  AuthSignatureReplayedError,
  AuthTimestampInvalidError,
  StoreDisabledError,
} from '../../errors/index.js'
import { hmacSha256Hex, signaturesEqual } from '../../security/hmac.js'
import { signatureUse } from '../../services/signature-replay-guard.js'
import type { SignatureReplayGuard, SignatureUse } from '../../services/signature-replay-guard.js'
import type { StoreService } from '../../services/store-service.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The store whose key signed this request; set by the HMAC hook. */
    store: Store
    /**
     * On a route with `config.recordsSignature`: the signature's use, which the handler records
     * in its own unit of work; what fails before it records it there must record it on the way
     * out (merchant-api-routes.ts does, in its error handler).
     */
    signatureToRecord: SignatureUse | undefined
  }
  interface FastifyContextConfig {
    /**
     * The handler records the signature inside the transaction it writes anyway (the payment
     * create: one transaction per create instead of two; issue 17).
     */
    recordsSignature?: boolean
  }
}

/** DESIGN.md: timestamps more than 300 s from our clock are refused either way. */
const MAX_SKEW_SECONDS = 300

/**
 * How long a seen signature is remembered after its timestamp: twice the window, so that an
 * instance whose clock runs up to 300 s behind the one that purges still finds it.
 */
const REMEMBER_SECONDS = 2 * MAX_SKEW_SECONDS + 1

/**
 * Methods whose replay is harmless, so their signatures are not recorded: a GET reads, and a
 * client polling a payment's status twice within one second signs both polls alike.
 */
const READ_ONLY_METHODS = new Set(['GET', 'HEAD'])

/**
 * The Merchant API's authentication (DESIGN.md): X-Signature is hex HMAC-SHA256 with the
 * store's API secret over timestamp + METHOD + request-target + raw body, the request-target
 * being the path and query exactly as sent. 401 when we cannot tell who is calling, 403 when
 * we can and the signature or the store says no. A request that changes state is accepted once
 * per signature: the same signed bytes again, within the window, are a replay (docs/API.md).
 */
export function hmacAuthHook(stores: StoreService, replays: SignatureReplayGuard, now: () => number) {
  return async function verifySignature(req: FastifyRequest): Promise<void> {
    const apiKey = header(req, 'x-api-key')
    const timestamp = header(req, 'x-timestamp')
    const signature = header(req, 'x-signature')
    if (!apiKey || !timestamp || !signature) {
      const missing = [...(apiKey ? [] : ['X-Api-Key']), ...(timestamp ? [] : ['X-Timestamp']), ...(signature ? [] : ['X-Signature'])]
      throw new AuthHeadersMissingError(missing)
    }
    if (!/^\d{1,12}$/.test(timestamp)) {
      throw new AuthTimestampInvalidError('X-Timestamp must be Unix time in whole seconds.')
    }
    const skew = Math.floor(now() / 1000) - Number(timestamp)
    if (Math.abs(skew) > MAX_SKEW_SECONDS) {
      throw new AuthTimestampInvalidError(
        `X-Timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}; allowed ±${MAX_SKEW_SECONDS} s.`,
      )
    }
    const credentials = await stores.credentialsByApiKey(apiKey)
    if (!credentials) throw new AuthKeyUnknownError()
    const payload = timestamp + req.method + req.url + req.rawBody
    if (!signaturesEqual(hmacSha256Hex(credentials.apiSecret, payload), signature)) throw new AuthSignatureInvalidError()
    // Checked after the signature so that only the store's owner learns it is disabled.
    if (!credentials.store.enabled) throw new StoreDisabledError()
    // Recorded only once the signature is known good, so forged requests cannot fill the table.
    if (!READ_ONLY_METHODS.has(req.method)) {
      const use = signatureUse(credentials.store.id, signature, (Number(timestamp) + REMEMBER_SECONDS) * 1000)
      if (req.routeOptions.config.recordsSignature) req.signatureToRecord = use
      else if (!(await replays.firstUse(use))) throw new AuthSignatureReplayedError()
    }
    req.store = credentials.store
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name]
  const s = Array.isArray(v) ? v[0] : v
  return s === undefined || s === '' ? undefined : s
}
