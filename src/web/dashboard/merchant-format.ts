import { currencyInfo, formatAmount, isChainCurrencyCode } from '../../money/index.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'

/** An amount of atomic units as the currency's decimal text; bigint all the way. */
export function money(atomic: bigint | string | null, currency: string): string {
  if (atomic === null) return ''
  const v = typeof atomic === 'bigint' ? atomic : BigInt(atomic)
  return isChainCurrencyCode(currency) ? formatAmount(v, currencyInfo(currency).decimals) : v.toString()
}

/**
 * A time as 'YYYY-MM-DD HH:MM:SS' in UTC, for tables whose heading says "(UTC)": sortable,
 * unambiguous, no locale guessing on the server (the dashboard has no script to use the reader's zone).
 */
export function utc(ms: number): string {
  return new Date(Number(ms)).toISOString().replace('T', ' ').slice(0, 19)
}

/** The same with ' UTC' after it, for times shown on their own. */
export function when(ms: number | null): string {
  return ms === null ? '' : `${utc(ms)} UTC`
}

export function badge(status: string): SafeHtml {
  return html`<span class="badge ${status}">${status}</span>`
}

/** Previous/next links for a list of `total` rows, keeping the list's other query parameters. */
export function pager(base: string, query: URLSearchParams, page: number, perPage: number, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / perPage))
  const link = (p: number) => {
    const q = new URLSearchParams(query)
    q.set('page', String(p))
    return `${base}?${q.toString()}`
  }
  return html`<nav class="actions" aria-label="Pages">${page > 1 ? html`<a class="btn" href="${link(page - 1)}" rel="prev">Previous</a>` : ''}
<span class="muted">Page ${page} of ${pages} · ${total} in all</span>${page < pages ? html`<a class="btn" href="${link(page + 1)}" rel="next">Next</a>` : ''}</nav>`
}

/**
 * How many characters of an id a list shows: the tail, not the head. A UUIDv7 begins with its
 * creation time in milliseconds, so ids made in the same period share their first 8 (even 12)
 * characters; its last 12 hex characters are random, so two ids made in the same millisecond
 * still differ there (a 2^-48 chance of a clash, and the full id is in the title and the link).
 */
const SHORT_ID_CHARS = 12

/** The tail of `id` as the lists show it, e.g. `…4f1c2a9be07d`; the whole id if it is short. */
export function shortIdText(id: string): string {
  return id.length <= SHORT_ID_CHARS + 1 ? id : `…${id.slice(-SHORT_ID_CHARS)}`
}

/** `shortIdText` in a monospace cell, the full id on hover and for screen readers. */
export function shortId(id: string): SafeHtml {
  return html`<code title="${id}" aria-label="${id}">${shortIdText(id)}</code>`
}
