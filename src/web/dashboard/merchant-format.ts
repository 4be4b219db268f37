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
