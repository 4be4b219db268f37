import type { FuzzClient } from './fuzz-client.js'
import type { FuzzFixtures } from './fuzz-fixtures.js'
import { pageForms } from './page-forms.js'
import type { PageForm } from './page-forms.js'
import type { RegisteredRoute } from './route-inventory.js'
import { pathParamNames } from './route-inventory.js'

/**
 * Renders every page the app serves (each GET route, with the fixtures' ids in its
 * parameters, signed in to the dashboard) and collects the forms on them: the fields of the
 * routes that are not in the OpenAPI document.
 */
export async function crawlForms(client: FuzzClient, routes: RegisteredRoute[], f: FuzzFixtures): Promise<PageForm[]> {
  const candidates: Record<string, string[]> = {
    id: [f.dashboardStore.storeId, f.paymentId, f.dashboardPaymentId],
    pid: [f.dashboardPaymentId, ...f.completedPaymentIds],
    rid: f.refund ? [f.refund.id] : [],
    lid: f.linkId ? [f.linkId] : [],
    linkId: f.linkId ? [f.linkId] : [],
    apiKey: [f.dashboardStore.apiKey],
    token: [f.selectionToken, ...(f.refund ? [f.refund.token] : [])],
  }
  const forms: PageForm[] = []
  for (const route of routes) {
    if (route.method !== 'GET' || route.url.includes('*') || route.url.endsWith('/events')) continue
    const names = pathParamNames(route.url)
    let urls = [route.url]
    for (const name of names) {
      const values = candidates[name] ?? f.ids
      urls = urls.flatMap((u) => values.map((v) => u.replace(`:${name}`, encodeURIComponent(v))))
    }
    for (const url of urls) {
      const req = {
        method: 'GET',
        url,
        contentType: undefined,
        body: undefined,
        accept: 'text/html',
        auth: 'valid' as const,
        forgery: 0,
        remoteAddress: '127.0.0.2',
      }
      await client.prepare(req)
      const res = await client.send(req, client.credentials(req))
      if (String(res.headers['content-type'] ?? '').startsWith('text/html')) forms.push(...pageForms(res.body))
    }
  }
  return forms
}
