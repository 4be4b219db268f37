import { AppError } from './app-error.js'

export class WebhookUrlRefusedError extends AppError {
  override readonly code = 'WEBHOOK_URL_REFUSED'
}

export class WebhookUrlNotSetError extends AppError {
  override readonly code = 'WEBHOOK_URL_NOT_SET'
  constructor(storeId: string) {
    super('This store has no webhook URL; set one with kassa store update --webhook-url.', { details: { storeId } })
  }
}

export class WebhookEventNotFoundError extends AppError {
  override readonly code = 'WEBHOOK_EVENT_NOT_FOUND'
  constructor(eventId: string) {
    super(`No webhook event ${eventId}.`, { details: { eventId } })
  }
}

export class WebhookEventBusyError extends AppError {
  override readonly code = 'WEBHOOK_EVENT_BUSY'
  constructor(eventId: string) {
    super(`Webhook event ${eventId} is being sent right now; try again when the attempt ends.`, { details: { eventId } })
  }
}

export class OperatorAuthError extends AppError {
  override readonly code = 'OPERATOR_AUTH_INVALID'
  constructor() {
    super('Operator routes need Authorization: Bearer <KASSA_OPERATOR_TOKEN>.')
  }
}
