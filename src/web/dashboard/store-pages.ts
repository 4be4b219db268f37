import { MAX_STORE_CONFIRMATIONS } from '../../domain/stores/store.js'
import type { Store, StoreCurrency } from '../../domain/stores/store.js'
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js'
import { CURRENCIES } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import type { FiatTotals, StoreFigures } from '../../services/dashboard/store-figures.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'
import { csrfField, dashboardPage, notice } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, money } from './merchant-format.js'
import { barChart } from './svg-charts.js'

export function storeListPage(view: DashboardView, stores: Store[]): string {
  const rows = stores.map(
    (s) => html`<tr><td><a href="/dashboard/stores/${s.id}">${s.name}</a></td>
<td>${s.mode === 'test' ? badge('test') : 'live'}</td><td>${s.currencies.map((c) => c.code).join(', ')}</td>
<td>${s.enabled ? badge('ok') : badge('failed')}</td></tr>`,
  )
  const body =
    stores.length === 0
      ? html`<div class="card"><p>No store yet. A store has its own API key, currencies and webhook.</p></div>`
      : html`<div class="scroll"><table><thead><tr><th>Store</th><th>Mode</th><th>Currencies</th><th>Enabled</th></tr></thead><tbody>${rows}</tbody></table></div>`
  return dashboardPage(view, 'Stores', body, html`<a class="btn primary" href="/dashboard/stores/new">New store</a>`)
}

/** What the store form shows: the values typed (on an error) or stored. */
export interface StoreFormValues {
  name: string
  mode: 'test' | 'live'
  currencies: StoreCurrency[]
  expiryMinutes: string
  tolerancePercent: string
  /** "BTC=3, LTC=12": the store's own confirmation thresholds; "" for the networks'. */
  confirmations: string
}

/** The fields shared by the new-store and settings forms; `liveModes` lists currencies a real network serves. */
export function storeFields(
  v: StoreFormValues,
  opts: { offered: readonly CurrencyCode[]; modeChoice?: readonly ('test' | 'live')[] },
): SafeHtml {
  const chosen = new Map(v.currencies.map((c) => [c.code, c.strategy]))
  // The chosen currencies first, in their order (the first is the default), then the others.
  const order = [...v.currencies.map((c) => c.code).filter((c) => opts.offered.includes(c)), ...opts.offered.filter((c) => !chosen.has(c))]
  const currencyRows = order.map((code) => {
    const strategy = chosen.get(code) ?? CURRENCIES[code].defaultStrategy
    return html`<tr><td><label class="check"><input type="checkbox" name="currency" value="${code}"${chosen.has(code) ? html` checked` : ''}> ${code}</label></td>
<td><select name="strategy_${code}" aria-label="Address strategy for ${code}">
<option value="unique_address"${strategy === 'unique_address' ? html` selected` : ''}>a fresh address per payment</option>
<option value="unique_amount"${strategy === 'unique_amount' ? html` selected` : ''}>one address, unique amount</option></select></td></tr>`
  })
  return html`<label for="name">Store name</label><input id="name" name="name" maxlength="100" required value="${v.name}">
${opts.modeChoice ? html`<label for="mode">Mode</label><select id="mode" name="mode">${opts.modeChoice.map((m) => html`<option value="${m}"${v.mode === m ? html` selected` : ''}>${m === 'test' ? 'test (simulated networks, no real money)' : 'live (real networks)'}</option>`)}</select>` : ''}
<fieldset><legend>Currencies</legend><p class="hint">The first ticked currency from the top is the store's default.</p>
<table><tbody>${currencyRows}</tbody></table></fieldset>
<label for="expiry_minutes">Payment expiry (minutes)</label><input id="expiry_minutes" name="expiry_minutes" inputmode="numeric" value="${v.expiryMinutes}">
<p class="hint">1 to 10080 (7 days).</p>
<label for="underpay_tolerance">Underpayment tolerance (%)</label><input id="underpay_tolerance" name="underpay_tolerance" inputmode="decimal" value="${v.tolerancePercent}">
<p class="hint">0 to 50; a payment short by no more than this completes.</p>
<label for="confirmations">Confirmations</label><input id="confirmations" name="confirmations" value="${v.confirmations}" placeholder="BTC=3, LTC=12">
<p class="hint">Blocks a payment needs before it completes, per currency of the store, 1 to ${MAX_STORE_CONFIRMATIONS}. A currency left out takes its network's (by default ${networkDefaults(opts.offered)}).</p>`
}

export function newStorePage(
  view: DashboardView,
  v: StoreFormValues,
  opts: { offered: readonly CurrencyCode[]; modes: readonly ('test' | 'live')[]; commissionBp: number; error?: string },
): string {
  return dashboardPage(
    view,
    'New store',
    html`${opts.error ? notice('error', opts.error) : ''}
<form method="post" action="/dashboard/stores/new" class="card">${csrfField(view)}
${storeFields(v, { offered: opts.offered, modeChoice: opts.modes })}
<p class="muted">Commission: ${bpText(opts.commissionBp)} %, set by the operator.</p>
<div class="actions"><button class="primary" type="submit">Create store</button></div></form>`,
  )
}

function networkDefaults(offered: readonly CurrencyCode[]): string {
  return offered.map((c) => `${c} ${CURRENCIES[c].confirmations}`).join(', ')
}

export function bpText(bp: number): string {
  return `${Math.floor(bp / 100)}${
    bp % 100
      ? `.${String(bp % 100)
          .padStart(2, '0')
          .replace(/0$/, '')}`
      : ''
  }`
}

/** A fiat figure beside a crypto one: "≈ 25.12 USD", or "—" when no rate is known. */
function fiatText(value: string | null | undefined, fiat: string): string {
  return value ? `≈ ${value} ${fiat}` : '—'
}

export function storeOverviewPage(
  view: DashboardView,
  store: Store,
  f: StoreFigures,
  received: Map<string, bigint>,
  fiat: FiatTotals,
): string {
  const base = `/dashboard/stores/${store.id}`
  const receivedCards = [...received].map(
    ([c, v]) => html`<div class="card" data-currency="${c}"><div class="muted">Received ${c}</div><div class="stat num">${money(v, c)}</div>
<div class="fiat" title="at today's rate">${fiatText(fiat.values.get(c), fiat.fiat)}</div></div>`,
  )
  const totalCard =
    received.size > 0
      ? html`<div class="card" data-currency="total"><div class="muted">Received, all currencies</div><div class="stat num">${fiat.total === null ? '—' : `${fiat.total} ${fiat.fiat}`}</div>
<div class="fiat">${fiat.total === null ? 'no rate for every currency' : "at today's rates"}</div></div>`
      : ''
  const series = [...f.receivedPerDay].map(([c, values]) => ({ label: c, values }))
  const perCurrency = series.map((s) =>
    barChart({
      title: `Received per day, ${s.label} (last ${f.days.length} days)`,
      categories: f.days,
      series: [s],
      formatValue: (v) => `${money(BigInt(v), s.label)} ${s.label}`,
      formatTick: (v) => money(BigInt(v), s.label),
      categoryLabel: (d) => d.slice(5),
    }),
  )
  // The common statuses always, the rare ones only when they occurred: a short axis reads better.
  const statuses = PAYMENT_STATUSES.filter((s) => (f.byStatus.get(s) ?? 0) > 0 || ['pending', 'completed', 'expired'].includes(s))
  const statusChart = barChart({
    title: `Payments by status (last ${f.days.length} days)`,
    categories: statuses,
    series: [{ label: 'payments', values: statuses.map((s) => f.byStatus.get(s) ?? 0) }],
  })
  return dashboardPage(
    view,
    store.name,
    html`${store.enabled ? '' : notice('warn', 'This store is disabled: the Merchant API refuses its requests.')}
${store.mode === 'test' ? notice('warn', 'Test mode: simulated networks only, no real money.') : ''}
<div class="grid"><div class="card"><div class="muted">Payments today</div><div class="stat num">${f.paymentsToday}</div></div>
<div class="card"><div class="muted">Payments, last 7 days</div><div class="stat num">${f.paymentsLast7Days}</div></div>${receivedCards}${totalCard}</div>
<section class="card"><h2>Received</h2>${perCurrency.length ? perCurrency : html`<p class="muted">Nothing received in the last ${f.days.length} days.</p>`}</section>
<section class="card">${statusChart}</section>
<p class="actions"><a href="${base}/payments">Payments</a><a href="${base}/donations">❤️ Donations</a><a href="${base}/webhooks">Webhooks</a><a href="${base}/settings">Settings</a><a href="${base}/keys">API keys</a></p>`,
  )
}
