import { randomBytes } from 'node:crypto'

/**
 * Credential formats. Prefixes tell a leaked string's kind and mode at a glance (as Stripe's
 * pk_/sk_/whsec_ do) and let secret scanners find them.
 */
export function newApiKey(mode: 'test' | 'live'): string {
  return `pk_${mode}_${randomBytes(16).toString('hex')}`
}

export function newApiSecret(mode: 'test' | 'live'): string {
  return `sk_${mode}_${randomBytes(32).toString('hex')}`
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`
}
