import type { PageSettings } from '../../domain/stores/page-settings.js'
import { originAllowed } from '../../domain/stores/page-settings.js'
import type { Store } from '../../domain/stores/store.js'
import {
  CurrencyNotAcceptedError,
  DonationsDisabledError,
  RequestInvalidError,
  StoreDisabledError,
  WidgetDisabledError,
  WidgetOriginNotAllowedError,
} from '../../errors/index.js'
import { isCurrencyCode } from '../../money/index.js'
import type { RateService } from '../../rates/index.js'
import { createPayment } from './create-payment.js'
import type { CreatedPayment } from './create-payment.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

export interface WidgetPaymentParams {
  /** The Origin header of the request: the page the widget runs on. */
  origin: string | undefined
  amount?: string | undefined
  fiatAmount?: string | undefined
  fiatCurrency?: string | undefined
  orderId?: string | undefined
  metadata?: Record<string, unknown> | undefined
  redirectUrl?: string | undefined
}

/**
 * A payment from `CryptoMerchant.pay`: no signature, so the store must have switched the
 * widget on and listed the page's origin. The browser sets Origin and a page's script cannot
 * forge it; a server can, which is why the API key alone never moves money out, only in.
 */
export async function createWidgetPayment(
  deps: PaymentEngineDeps,
  rates: RateService,
  store: Store,
  settings: PageSettings,
  p: WidgetPaymentParams,
): Promise<CreatedPayment> {
  if (!store.enabled) throw new StoreDisabledError()
  if (!settings.widgetEnabled) throw new WidgetDisabledError()
  if (!originAllowed(settings, p.origin)) throw new WidgetOriginNotAllowedError(p.origin)
  // Unsigned, so anyone holding the public API key could otherwise make the store's payment
  // page link to a site of their choosing: a widget's way back must lead to an allowed origin.
  if (p.redirectUrl !== undefined && URL.canParse(p.redirectUrl) && !originAllowed(settings, new URL(p.redirectUrl).origin)) {
    throw new RequestInvalidError("redirect_url must be on one of the store's widget origins.")
  }
  const r = await createPayment(deps, rates, store, {
    amount: p.amount,
    fiatAmount: p.fiatAmount,
    fiatCurrency: p.fiatCurrency,
    orderId: p.orderId,
    metadata: p.metadata,
    redirectUrl: p.redirectUrl,
    source: 'widget',
  })
  if (r.kind === 'replay') throw new Error('unreachable: widget payments take no idempotency key')
  return r
}

export interface DonationParams {
  currency?: string | undefined
  fiatAmount?: string | undefined
  fiatCurrency?: string | undefined
  amount?: string | undefined
  donorName?: string | undefined
  donorMessage?: string | undefined
}

export const DONOR_MESSAGE_MAX = 500
export const DONOR_NAME_MAX = 100

/**
 * `POST /donate/create` and the donation page (seed: 寄付作成): currency among the store's,
 * fiat_amount (default USD) or a crypto amount, donor_message at most 500 characters. The
 * donor's name and message go into the payment's metadata, in the same row, so a donation is
 * never half-written. Source 'donation': no webhook, listed with `kassa donations list`.
 */
export async function createDonation(
  deps: PaymentEngineDeps,
  rates: RateService,
  store: Store,
  settings: PageSettings,
  p: DonationParams,
): Promise<CreatedPayment & { kind: 'payment' }> {
  if (!store.enabled) throw new StoreDisabledError()
  if (!settings.donationsEnabled) throw new DonationsDisabledError()
  const accepted = store.currencies.map((c) => c.code)
  if (p.currency === undefined || p.currency === '') throw new RequestInvalidError(`currency is required (one of ${accepted.join(', ')}).`)
  if (!isCurrencyCode(p.currency) || !accepted.includes(p.currency)) throw new CurrencyNotAcceptedError(p.currency, accepted)
  const name = p.donorName?.trim() ?? ''
  const message = p.donorMessage?.trim() ?? ''
  // Characters as people count them (code points), not UTF-16 units: 500 emoji are 500.
  if ([...message].length > DONOR_MESSAGE_MAX)
    throw new RequestInvalidError(`donor_message must be at most ${DONOR_MESSAGE_MAX} characters.`)
  if ([...name].length > DONOR_NAME_MAX) throw new RequestInvalidError(`donor_name must be at most ${DONOR_NAME_MAX} characters.`)
  const hasFiat = p.fiatAmount !== undefined && p.fiatAmount !== ''
  const hasAmount = p.amount !== undefined && p.amount !== ''
  if (hasFiat === hasAmount)
    throw new RequestInvalidError('Give fiat_amount (with optional fiat_currency, default USD) or amount, not both.')
  const metadata: Record<string, unknown> = {}
  if (name) metadata.donor_name = name
  if (message) metadata.donor_message = message
  const r = await createPayment(deps, rates, store, {
    currency: p.currency,
    ...(hasFiat ? { fiatAmount: p.fiatAmount, fiatCurrency: p.fiatCurrency || 'USD' } : { amount: p.amount }),
    metadata,
    source: 'donation',
  })
  if (r.kind !== 'payment') throw new Error('unreachable: a donation names its currency')
  return r
}
