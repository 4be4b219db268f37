import { uuidV7 } from '../../db/uuid-v7.js'
import { buyerAmount, linkCurrencies, parsePaymentLinkInput } from '../../domain/payment-links/payment-link.js'
import type { PaymentLink, PaymentLinkInput } from '../../domain/payment-links/payment-link.js'
import type { Payment } from '../../domain/payments/payment.js'
import type { Store } from '../../domain/stores/store.js'
import { PaymentLinkInactiveError, PaymentLinkNotFoundError, RequestInvalidError, StoreDisabledError } from '../../errors/index.js'
import { isCurrencyCode, isFiatCode } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import type { RateService } from '../../rates/index.js'
import { createPayment } from '../payments/create-payment.js'
import type { CreatedPayment } from '../payments/create-payment.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'

/** Link ids are UUIDv7; anything else cannot be one (and never reaches a query). */
const LINK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** How many links and link payments a dashboard page lists. */
export const LINK_LIST_MAX = 200

type Deps = Pick<PaymentEngineDeps, 'repos' | 'now'>

/** A new, active link of `store`, from the merchant's form (domain/payment-links checks every field). */
export async function createPaymentLink(deps: Deps, store: Store, input: PaymentLinkInput): Promise<PaymentLink> {
  const draft = parsePaymentLinkInput(
    input,
    store.currencies.map((c) => c.code),
  )
  const now = deps.now()
  const link: PaymentLink = { ...draft, id: uuidV7(now), storeId: store.id, active: true, createdAt: now, updatedAt: now }
  await deps.repos.write((tx) => tx.paymentLinks.insert(link))
  return link
}

export function listPaymentLinks(deps: Deps, storeId: string): Promise<PaymentLink[]> {
  return deps.repos.paymentLinks.byStore(storeId, LINK_LIST_MAX)
}

/** One of the store's links, or 404 as if it did not exist (another store's ids reveal nothing). */
export async function storePaymentLink(deps: Deps, storeId: string, linkId: string): Promise<PaymentLink> {
  const link = LINK_ID.test(linkId) ? await deps.repos.paymentLinks.byId(linkId) : undefined
  if (!link || link.storeId !== storeId) throw new PaymentLinkNotFoundError(linkId)
  return link
}

/** Switches a link off (its page then says so) or on again. */
export async function setPaymentLinkActive(deps: Deps, storeId: string, linkId: string, active: boolean): Promise<PaymentLink> {
  const link = await storePaymentLink(deps, storeId, linkId)
  await deps.repos.write((tx) => tx.paymentLinks.setActive(storeId, link.id, active, deps.now()))
  return { ...link, active }
}

/** The payments a link made, newest first. */
export function paymentLinkPayments(deps: Deps, link: PaymentLink): Promise<Payment[]> {
  return deps.repos.payments.byPaymentLink(link.storeId, link.id, LINK_LIST_MAX)
}

/** What the public page shows: the link, its store, and the currencies a buyer may pick there. */
export interface PublicPaymentLink {
  link: PaymentLink
  store: Store
  /** Currencies offered on the link's page; empty when the payment goes through the selection page (or has one currency). */
  choices: CurrencyCode[]
}

/**
 * The link behind `/link/{id}`: unknown ids and links of a deleted or disabled store are
 * refused, an inactive link too (its page says so). A link open to all of the store's
 * currencies leaves the pick to the selection page, as the Merchant API does; a link limited
 * to several asks on its own page.
 */
export async function publicPaymentLink(deps: Deps, linkId: string): Promise<PublicPaymentLink> {
  const link = LINK_ID.test(linkId) ? await deps.repos.paymentLinks.byId(linkId) : undefined
  if (!link) throw new PaymentLinkNotFoundError(linkId)
  if (!link.active) throw new PaymentLinkInactiveError(link.id)
  const store = await deps.repos.stores.byId(link.storeId)
  if (!store) throw new PaymentLinkNotFoundError(linkId)
  if (!store.enabled) throw new StoreDisabledError()
  const allowed = linkCurrencies(
    link,
    store.currencies.map((c) => c.code),
  )
  return { link, store, choices: link.currencies === null || allowed.length === 1 ? [] : allowed }
}

export interface PayFromLinkParams {
  /** The buyer's amount, for an open link; ignored for a fixed one. */
  amount?: string | undefined
  /** The buyer's pick, when the link's page offers several currencies. */
  currency?: string | undefined
}

/**
 * A buyer pays through a link: a fresh payment (or selection) made by createPayment, the
 * Merchant API's own path, with source 'link' (public: it counts against the store's public
 * slot budget) and the link's id in its metadata so the link's page can list it.
 */
export async function payFromLink(
  deps: PaymentEngineDeps,
  rates: RateService,
  linkId: string,
  p: PayFromLinkParams,
): Promise<CreatedPayment> {
  const { link, store, choices } = await publicPaymentLink(deps, linkId)
  const amount = buyerAmount(link, p.amount)
  const allowed = linkCurrencies(
    link,
    store.currencies.map((c) => c.code),
  )
  if (allowed.length === 0) throw new RequestInvalidError('This link takes no currency the store accepts now.')
  let currency: CurrencyCode | undefined
  if (allowed.length === 1) currency = allowed[0]
  else if (choices.length > 0) {
    const picked = (p.currency ?? '').trim()
    if (picked === '') throw new RequestInvalidError(`currency is required (one of ${choices.join(', ')}).`)
    // The link's own list, not the store's: CURRENCY_NOT_ACCEPTED would say the store refuses it.
    if (!isCurrencyCode(picked) || !choices.includes(picked))
      throw new RequestInvalidError(`currency must be one of ${choices.join(', ')} for this link.`)
    currency = picked
  }
  const r = await createPayment(deps, rates, store, {
    ...(isFiatCode(link.unit) ? { fiatAmount: amount, fiatCurrency: link.unit } : { amount }),
    currency,
    metadata: { payment_link_id: link.id },
    source: 'link',
  })
  if (r.kind === 'replay') throw new Error('unreachable: link payments take no idempotency key')
  return r
}
