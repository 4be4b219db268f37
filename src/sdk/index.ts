export { verifyWebhook, webhookSignature } from './verify-webhook.js'
export type { VerifyWebhookResult, WebhookEvent, WebhookHeaders } from './verify-webhook.js'
