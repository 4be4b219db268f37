import { AppError } from './app-error.js'

/** Refusals of the public endpoints behind the pay widget and the donation widget. */

export class StoreKeyNotFoundError extends AppError {
  override readonly code = 'STORE_KEY_NOT_FOUND'
  constructor() {
    super('No store has this API key.')
  }
}

export class WidgetDisabledError extends AppError {
  override readonly code = 'WIDGET_DISABLED'
  constructor() {
    super('The payment widget is not enabled for this store.')
  }
}

export class WidgetOriginNotAllowedError extends AppError {
  override readonly code = 'WIDGET_ORIGIN_NOT_ALLOWED'
  constructor(origin: string | undefined) {
    super(
      origin
        ? `This website (${origin}) is not allowed to take payments for this store.`
        : 'Widget payments must come from a web page the store allowed (no Origin header).',
      { details: { origin } },
    )
  }
}

export class DonationsDisabledError extends AppError {
  override readonly code = 'DONATIONS_DISABLED'
  constructor() {
    super('Donations are not enabled for this store.')
  }
}

/** The per-store budget of unique amounts for widget and donation payments is spent (DESIGN.md). */
export class PublicSlotsBusyError extends AppError {
  override readonly code = 'PUBLIC_SLOTS_BUSY'
  constructor() {
    super('Too many widget and donation payments are open for this store right now; try again in a few minutes.')
  }
}
