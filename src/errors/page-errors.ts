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

export class PaymentLinkNotFoundError extends AppError {
  override readonly code = 'PAYMENT_LINK_NOT_FOUND'
  constructor(linkId: string) {
    super('This payment link does not exist.', { details: { linkId: linkId.slice(0, 64) } })
  }
}

/** The merchant switched the link off: a clear page, never a payment (issue 15). */
export class PaymentLinkInactiveError extends AppError {
  override readonly code = 'PAYMENT_LINK_INACTIVE'
  constructor(linkId: string) {
    super('This payment link is no longer active.', { details: { linkId } })
  }
}

/** A public form posted from another site's page (Origin or Sec-Fetch-Site says so). */
export class CrossSitePostError extends AppError {
  override readonly code = 'PAGE_CROSS_SITE_POST'
  constructor() {
    super('This form can only be sent from its own page.')
  }
}
