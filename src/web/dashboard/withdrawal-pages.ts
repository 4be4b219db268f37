import type { CurrencyCode } from '../../money/index.js'
import type { Payout } from '../../domain/payouts/payout.js'
import { html } from '../html.js'
import { money, utc } from './merchant-format.js'
import { csrfField, dashboardPage, notice } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'

export interface WithdrawalsPageState {
  /** Currencies the store can withdraw, with what is available in each. */
  available: { currency: CurrencyCode; amount: bigint }[]
  withdrawals: Payout[]
  /** The form as posted, to show it again with the error. */
  form?: { currency: string; amount: string; to: string }
  error?: string
  ok?: string
}

function withdrawalRow(w: Payout) {
  return html`<tr data-withdrawal="${w.id}"><td>${utc(w.createdAt)}</td>
<td class="num">${money(w.amount, w.currency)} ${w.currency}</td><td class="mono">${w.toAddress}</td>
<td><span class="badge ${w.status}">${w.status}</span>${w.failureReason ? html`<div class="hint">${w.failureReason}</div>` : ''}</td>
<td class="mono tx">${w.txHash ?? '—'}</td></tr>`
}

/** The withdrawal form and the store's withdrawals, newest first. */
export function withdrawalsPage(view: DashboardView, s: WithdrawalsPageState): string {
  const f = s.form ?? { currency: s.available[0]?.currency ?? '', amount: '', to: '' }
  const options = s.available.map(
    (a) =>
      html`<option value="${a.currency}"${a.currency === f.currency ? html` selected` : ''}>${a.currency} (available ${money(a.amount, a.currency)})</option>`,
  )
  const test = view.store?.mode === 'test'
  return dashboardPage(
    view,
    'Withdrawals',
    html`${s.error ? notice('error', s.error) : ''}${s.ok ? notice('ok', s.ok) : ''}
${test ? notice('warn', 'Test mode: withdrawals are sent on the simulated network and move no real money.') : ''}
<section class="card"><h2>New withdrawal</h2>
<form method="post" action="/dashboard/stores/${view.store?.id ?? ''}/withdrawals">${csrfField(view)}
<label for="currency">Currency</label><select id="currency" name="currency">${options}</select>
<label for="amount">Amount</label><input id="amount" name="amount" inputmode="decimal" autocomplete="off" required value="${f.amount}" aria-describedby="amount-hint">
<p class="hint" id="amount-hint">A decimal number such as 0.25, at most the available balance. The network fee is paid by the operator.</p>
<label for="to">Address</label><input id="to" name="to" autocomplete="off" spellcheck="false" required value="${f.to}" aria-describedby="to-hint">
<p class="hint" id="to-hint">An address on the currency's own network; it is checked (with its checksum) before anything is reserved.</p>
<div class="actions"><button class="primary" type="submit">Withdraw</button></div>
</form></section>
<h2>Withdrawals</h2>
${
  s.withdrawals.length === 0
    ? html`<p class="muted">No withdrawals yet.</p>`
    : html`<div class="scroll"><table id="withdrawals"><thead><tr><th>Created (UTC)</th><th class="num">Amount</th><th>To</th><th>Status</th><th>Transaction</th></tr></thead>
<tbody>${s.withdrawals.map(withdrawalRow)}</tbody></table></div>`
}`,
  )
}
