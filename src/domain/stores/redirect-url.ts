/**
 * Where a final payment page sends the buyer back to: the payment's `redirect_url`, else the
 * store's default. A plain http(s) link only: no javascript:, data: or other scheme a link
 * could run, no user:password@ (it would show a credential to every buyer and is a classic
 * phishing disguise), no spaces or control characters (the URL parser drops some silently, so
 * what the merchant sent would not be what the buyer follows).
 */
export const REDIRECT_URL_MAX_LENGTH = 2048

/** Why `text` cannot be a redirect URL, or null when it can. The message follows the field's name. */
export function redirectUrlProblem(text: string): string | null {
  if (text.length === 0) return 'must not be empty'
  if (text.length > REDIRECT_URL_MAX_LENGTH) return `must be at most ${REDIRECT_URL_MAX_LENGTH} characters`
  if (/[\u0000-\u0020\u007f-\u009f]/.test(text)) return 'must not contain spaces or control characters'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'must be an absolute http:// or https:// URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL'
  if (!/^https?:\/\//i.test(text)) return 'must be an absolute http:// or https:// URL'
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password'
  if (url.hostname === '') return 'must name a host'
  return null
}

/** The link a final page offers: the payment's own, else the store's, else none. */
export function backLinkOf(paymentUrl: string | null, storeUrl: string | null): string | null {
  return paymentUrl ?? storeUrl
}
