import type { FuzzResponse, SentRequest } from './fuzz-client.js'
import { isScriptRoute, surfaceOf } from './surfaces.js'

/**
 * What every answer owes its caller (docs/ERRORS.md, DESIGN.md): never a 5xx, and on each
 * surface its own envelope. Returns what is wrong, or undefined.
 *
 * - Merchant API (/api/...) and operator API: JSON; a refusal is exactly {"success":false,"error":"..."}.
 * - Swap API (/v1/...): JSON; a refusal is exactly {ok:false, code, message} ({ok, error, message} on /v1/validate).
 * - Dashboard: a refusal is an HTML page (to a browser, at least); a redirect stays on the dashboard.
 * - Buyer pages (/pay, /donate, /link, /refund): a browser (Accept: text/html) gets an HTML
 *   page, except on the routes scripts read; anyone else the Merchant API's JSON envelope or a page.
 * - Anything else: a JSON refusal is the Merchant API's envelope.
 */
export function contractProblem(req: SentRequest, res: FuzzResponse): string | undefined {
  if (res.status >= 500) return `status ${res.status}`
  const type = String(res.headers['content-type'] ?? '')
  const isJson = type.startsWith('application/json')
  const isHtml = type.startsWith('text/html')
  const refused = res.status >= 400
  const headOnly = req.method === 'HEAD' || res.status === 204 || res.status === 304
  // The path the app saw: the request URL with dot segments resolved (`/link/%2e%2e` is `/`,
  // as a browser and app.inject's URL parsing both make it), not the route it was made for.
  const seen = new URL(req.url, 'http://fuzz.invalid').pathname
  const surface = surfaceOf(seen)
  let json: any
  if (isJson && !headOnly) {
    try {
      json = JSON.parse(res.body)
    } catch {
      return 'content-type says JSON but the body does not parse'
    }
  }
  const merchantEnvelope = () =>
    !isJson
      ? `a ${res.status} that is not JSON (${type})`
      : headOnly
        ? undefined
        : keysAre(json, ['success', 'error']) && json.success === false && typeof json.error === 'string' && json.error.length > 0
          ? undefined
          : `not the Merchant API envelope: ${res.body.slice(0, 200)}`
  switch (surface) {
    case 'merchant':
    case 'operator':
      if (refused) return merchantEnvelope()
      if (!isJson) return `a ${res.status} that is not JSON (${type})`
      if (!headOnly && surface === 'merchant' && json?.success !== true) return `a ${res.status} without success: true`
      return undefined
    case 'swap': {
      if (!isJson) return `a ${res.status} that is not JSON (${type})`
      if (headOnly) return undefined
      if (!refused) return json?.ok === true ? undefined : `a ${res.status} without ok: true`
      const key = seen === '/v1/validate' ? 'error' : 'code'
      return keysAre(json, ['ok', key, 'message']) && json.ok === false && typeof json[key] === 'string' && typeof json.message === 'string'
        ? undefined
        : `not the Swap API envelope: ${res.body.slice(0, 200)}`
    }
    case 'dashboard':
      if (res.status >= 300 && res.status < 400) {
        const to = String(res.headers.location ?? '')
        return to.startsWith('/dashboard') ? undefined : `a redirect out of the dashboard: ${to}`
      }
      if (!refused || isHtml) return undefined
      // A URL refused before routing is answered as a page to a browser only (it is not known to be the dashboard's).
      if ((req.headers.accept ?? '').includes('text/html'))
        return `a browser got a dashboard ${res.status} that is not a page (${type}): ${res.body.slice(0, 200)}`
      return merchantEnvelope()
    case 'buyer': {
      if (!refused) return undefined
      const browser = (req.headers.accept ?? '').includes('text/html')
      if (browser && !isScriptRoute(seen) && !isHtml)
        return `a browser got a ${res.status} that is not a page (${type}): ${res.body.slice(0, 200)}`
      if (isHtml) return undefined
      return merchantEnvelope()
    }
    case 'public':
      if (refused && isJson) return merchantEnvelope()
      return undefined
  }
}

function keysAre(v: unknown, keys: string[]): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).join() === keys.join()
}
