/**
 * Which surface a path belongs to decides how a request is authenticated and which answer
 * envelope it is owed (DESIGN.md's table of surfaces, docs/ERRORS.md).
 */
export type Surface = 'merchant' | 'swap' | 'operator' | 'dashboard' | 'buyer' | 'public'

export function surfaceOf(url: string): Surface {
  if (url === '/api/v1/rates' || url.startsWith('/api/v1/rates?')) return 'public'
  if (url.startsWith('/api/')) return 'merchant'
  if (url === '/v1/ping') return 'swap'
  if (url.startsWith('/v1/')) return 'swap'
  if (url.startsWith('/operator/')) return 'operator'
  if (url === '/dashboard' || url.startsWith('/dashboard/')) return 'dashboard'
  if (/^\/(pay|donate|link|refund)(\/|$)/.test(url)) return 'buyer'
  return 'public'
}

/**
 * Buyer routes read by scripts rather than shown to people: they answer the Merchant API's JSON
 * even to a browser (the widget's endpoint has its own CORS error handler, docs/ERRORS.md
 * "Public widget and donation endpoints").
 */
export function isScriptRoute(path: string): boolean {
  return path === '/pay/widget' || /^\/(pay|donate)\/[^/]+\/(status|events|config)$/.test(path)
}
