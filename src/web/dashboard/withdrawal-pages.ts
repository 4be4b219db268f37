import type { CurrencyCode } from '../../money/index.js'
import type { Payout } from '../../domain/payouts/payout.js'
import { html } from '../html.js'
import { money, utc } from './merchant-format.js'
import type { CheckedWithdrawal } from '../../services/payouts/create-withdrawal.js'
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
<form method="post" action="/dashboard/stores/${view.store?.id ?? ''}/withdrawals/confirm">${csrfField(view)}
<label for="currency">Currency</label><select id="currency" name="currency">${options}</select>
<label for="amount">Amount</label><input id="amount" name="amount" inputmode="decimal" autocomplete="off" required value="${f.amount}" aria-describedby="amount-hint">
<p class="hint" id="amount-hint">A decimal number such as 0.25, at most the available balance. The network fee is paid by the operator.</p>
<label for="to">Address</label><input id="to" name="to" autocomplete="off" spellcheck="false" required value="${f.to}" aria-describedby="to-hint">
<p class="hint" id="to-hint">An address on the currency's own network; it is checked (with its checksum) before anything is reserved.</p>
<div class="actions"><button class="primary" type="submit">Review withdrawal</button></div>
<p class="hint">Nothing is sent yet: the next page shows the withdrawal to confirm.</p>
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

export interface WithdrawalConfirmState {
  withdrawal: CheckedWithdrawal
  /** The fields exactly as typed: they travel on, and the one-use token is bound to them. */
  form: { currency: string; amount: string; to: string }
  token: string
  /** The person has two-factor on: a fresh code is asked for. */
  askCode: boolean
  error?: string
}

/**
 * The step between the form and the payout: what will be sent, where, on which network and
 * who pays the fee, and (with two-factor on) a fresh code. Confirming spends the one-use token,
 * so a double click or a resubmission queues one payout.
 */
export function withdrawalConfirmPage(view: DashboardView, s: WithdrawalConfirmState): string {
  const w = s.withdrawal
  const base = `/dashboard/stores/${view.store?.id ?? ''}/withdrawals`
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`
  return dashboardPage(
    view,
    'Confirm withdrawal',
    html`${s.error ? notice('error', s.error) : ''}
${w.testMode ? notice('warn', 'Test mode: sent on the simulated network; no real money moves.') : ''}
<section class="card" aria-labelledby="confirm-h"><h2 id="confirm-h">Send this withdrawal?</h2>
<table id="withdrawal-confirm"><tbody>
<tr><th scope="row">Amount</th><td><strong>${money(w.amount, w.currency)} ${w.currency}</strong></td></tr>
<tr><th scope="row">Currency</th><td>${w.currency}</td></tr>
<tr><th scope="row">Network</th><td><code>${w.network}</code></td></tr>
<tr><th scope="row">To address</th><td class="mono">${w.to}</td></tr>
<tr><th scope="row">Network fee</th><td>Paid by the operator's hot wallet: the address receives the whole amount.</td></tr>
</tbody></table>
<p class="hint">Check the address character by character: a payout on a blockchain cannot be called back.</p>
<form method="post" action="${base}">${csrfField(view)}${hidden('currency', s.form.currency)}${hidden('amount', s.form.amount)}${hidden('to', s.form.to)}${hidden('confirmation', s.token)}
${
  s.askCode
    ? html`<label for="totp">Two-factor code</label><input id="totp" name="totp" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required aria-describedby="totp-hint">
<p class="hint" id="totp-hint">The current 6-digit code from your authenticator app. A code already used (to sign in, for instance) is refused: wait for the next one.</p>`
    : ''
}
<div class="actions"><button class="primary" type="submit">Confirm withdrawal</button> <a class="btn" href="${base}">Cancel</a></div>
</form></section>`,
  )
}
