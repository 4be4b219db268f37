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

/** Swap API Bearer key: 256 random bits, so its SHA-256 alone is a safe thing to store. */
export function newSwapApiKey(): string {
  return `swk_${randomBytes(32).toString('hex')}`
}

/** Swap partner key: put on an order, it credits the partner's account with 30% of the fee. */
export function newSwapPartnerKey(): string {
  return `swp_${randomBytes(32).toString('hex')}`
}
