import type { FastifyRequest } from 'fastify'
import type { Store } from '../../domain/stores/store.js'
import {
  AuthHeadersMissingError,
  AuthKeyUnknownError,
  AuthSignatureInvalidError,
  AuthTimestampInvalidError,
  StoreDisabledError,
} from '../../errors/index.js'
import { hmacSha256Hex, signaturesEqual } from '../../security/hmac.js'
import type { StoreService } from '../../services/store-service.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The store whose key signed this request; set by the HMAC hook. */
    store: Store
  }
}

/** DESIGN.md: timestamps more than 300 s from our clock are refused either way. */
const MAX_SKEW_SECONDS = 300

/**
 * The Merchant API's authentication (DESIGN.md): X-Signature is hex HMAC-SHA256 with the
 * store's API secret over timestamp + METHOD + request-target + raw body, the request-target
 * being the path and query exactly as sent. 401 when we cannot tell who is calling, 403 when
 * we can and the signature or the store says no.
 */
export function hmacAuthHook(stores: StoreService, now: () => number) {
  return async function verifySignature(req: FastifyRequest): Promise<void> {
    const apiKey = header(req, 'x-api-key')
    const timestamp = header(req, 'x-timestamp')
    const signature = header(req, 'x-signature')
    const missing = [...(apiKey ? [] : ['X-Api-Key']), ...(timestamp ? [] : ['X-Timestamp']), ...(signature ? [] : ['X-Signature'])]
    if (missing.length > 0) throw new AuthHeadersMissingError(missing)
    if (!/^\d{1,12}$/.test(timestamp!)) {
      throw new AuthTimestampInvalidError('X-Timestamp must be Unix time in whole seconds.')
    }
    const skew = Math.floor(now() / 1000) - Number(timestamp)
    if (Math.abs(skew) > MAX_SKEW_SECONDS) {
      throw new AuthTimestampInvalidError(
        `X-Timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}; allowed ±${MAX_SKEW_SECONDS} s.`,
      )
    }
    const credentials = await stores.credentialsByApiKey(apiKey!)
    if (!credentials) throw new AuthKeyUnknownError()
    const payload = timestamp! + req.method + req.url + req.rawBody
    if (!signaturesEqual(hmacSha256Hex(credentials.apiSecret, payload), signature!)) throw new AuthSignatureInvalidError()
    // Checked after the signature so that only the store's owner learns it is disabled.
    if (!credentials.store.enabled) throw new StoreDisabledError()
    req.store = credentials.store
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name]
  const s = Array.isArray(v) ? v[0] : v
  return s === undefined || s === '' ? undefined : s
}
