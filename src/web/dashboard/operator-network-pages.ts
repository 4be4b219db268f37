import type { NetworkStatus } from '../../services/dashboard/network-status.js'
import type { RateSourceStatus } from '../../services/dashboard/operator-rates.js'
import { html } from '../html.js'
import { dashboardPage, notice } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { utc } from './merchant-format.js'

/** "3 min ago": ages the operator reads at a glance, from Kassa's clock. */
export function age(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 90) return `${s} s ago`
  if (s < 5400) return `${Math.round(s / 60)} min ago`
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86_400)} days ago`
}

function networkRow(n: NetworkStatus, now: number) {
  const head = n.headHeight ?? (n.headError ? html`<span class="badge failed" title="${n.headError}">unreachable</span>` : '—')
  const wallet = n.hotWallet
    ? html`<div class="mono">${n.hotWallet.address}</div>${
        n.mode === 'test'
          ? // The simulated wallet reports a huge fixed balance (sim-send.ts): its money is not counted.
            html`<div class="muted">unlimited test money (${n.hotWallet.balances.map((b) => b.currency).join(', ')})</div>`
          : n.hotWallet.balances.map((b) => html`<div>${b.amount ?? '?'} ${b.currency}</div>`)
      }`
    : html`<span class="muted">receive only</span>`
  return html`<tr data-network="${n.network}"><th scope="row">${n.network}<div class="muted">${n.family}</div></th>
<td><span class="badge ${n.mode}">${n.mode}</span></td><td class="num">${n.cursorHeight ?? '—'}</td><td class="num">${head}</td>
<td class="num">${n.lag ?? '—'}</td><td>${n.cursorUpdatedAt === null ? '—' : html`${age(now - n.cursorUpdatedAt)}<div class="muted">${utc(n.cursorUpdatedAt)}</div>`}</td>
<td>${wallet}</td></tr>`
}

/** Every chain adapter: where its watcher stands against the node, and the hot wallet's funds. */
export function operatorNetworksPage(view: DashboardView, networks: NetworkStatus[], now: number): string {
  const unreachable = networks.filter((n) => n.headError)
  return dashboardPage(
    view,
    'Networks',
    html`${unreachable.length ? notice('warn', `No answer from: ${unreachable.map((n) => `${n.network} (${n.headError})`).join('; ')}.`) : ''}
<p class="muted">Cursor: the last block the watcher applied. Lag: blocks between it and the chain's head.</p>
<div class="scroll"><table id="networks"><thead><tr><th>Network</th><th>Mode</th><th class="num">Cursor</th><th class="num">Chain head</th><th class="num">Lag</th><th>Last update</th><th>Hot wallet</th></tr></thead>
<tbody>${networks.map((n) => networkRow(n, now))}</tbody></table></div>`,
  )
}

/** The rate source: provider, what it served and when, every asset's price. */
export function operatorRatesPage(view: DashboardView, r: RateSourceStatus): string {
  if (r.error) return dashboardPage(view, 'Rate sources', notice('error', `No rates at all: ${r.error}`))
  const fiats = ['usd', 'eur', 'gbp', 'rub', 'cny'] as const
  return dashboardPage(
    view,
    'Rate sources',
    html`${r.stale ? notice('warn', html`<strong>Stale.</strong> ${r.staleReason ?? ''}`) : ''}
<div class="grid"><div class="card"><div class="muted">Provider</div><div class="stat">${r.provider}</div></div>
<div class="card"><div class="muted">Served by</div><div class="stat">${r.servedBy}</div></div>
<div class="card"><div class="muted">Last update</div><div class="stat" id="rates-age">${age(r.ageMs)}</div><div class="muted">${utc(r.fetchedAt)} UTC</div></div>
<div class="card"><div class="muted">State</div><div class="stat"><span class="badge ${r.stale ? 'failed' : 'ok'}" id="rates-state">${r.stale ? 'stale' : 'fresh'}</span></div></div></div>
<p class="muted">One fetch brings every asset, so each price's last update is the table's.</p>
<div class="scroll"><table id="rates"><thead><tr><th>Asset</th>${fiats.map((f) => html`<th class="num">${f.toUpperCase()}</th>`)}<th>Updated</th></tr></thead>
<tbody>${r.assets.map((a) => html`<tr data-asset="${a.asset}"><th scope="row">${a.asset.toUpperCase()}</th>${fiats.map((f) => html`<td class="num">${a.prices[f] ?? '—'}</td>`)}<td>${age(r.ageMs)}</td></tr>`)}</tbody></table></div>`,
  )
}
