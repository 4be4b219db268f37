import { isIP } from 'node:net'

/** A webhook URL Kassa will not send to: its shape, or (webhook-service.ts) where it resolves. */
export class WebhookUrlPolicyError extends Error {}

export interface WebhookUrlParts {
  url: string
  /** Host name without IPv6 brackets. */
  hostname: string
  /** The host is an address literal, so no DNS lookup happens (and none can be checked). */
  ipLiteral: boolean
}

/**
 * Checks a webhook URL's shape: absolute http(s), no credentials, a host. Whether its
 * address is allowed is decided by `isPublicAddress` (ip-address-policy.ts) on the
 * resolved addresses.
 */
export function parseWebhookUrl(text: string): WebhookUrlParts {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new WebhookUrlPolicyError('webhook URL must be an absolute http(s) URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookUrlPolicyError('webhook URL must be http or https')
  if (url.username !== '' || url.password !== '') throw new WebhookUrlPolicyError('webhook URL must not contain a user name or password')
  if (text.length > 2000) throw new WebhookUrlPolicyError('webhook URL must be at most 2000 characters')
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  if (hostname === '') throw new WebhookUrlPolicyError('webhook URL must name a host')
  return { url: url.toString(), hostname, ipLiteral: isIP(hostname) !== 0 }
}
