/** A store's webhook secrets as they rest in the database: sealed (security/secret-box.ts). */
export interface SealedWebhookSecrets {
  current: string
  /** The secret before the last rotation, still signed with until `previousExpiresAt`. */
  previous: string | null
  previousExpiresAt: number | null
}

/** Where a store's webhooks go and what they are signed with. */
export interface WebhookEndpoint {
  /** Null when the store has none: events are logged (and in the feed) but not sent. */
  url: string | null
  secrets: SealedWebhookSecrets
}
