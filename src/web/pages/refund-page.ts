import type { RefundStatus } from '../../domain/refunds/refund.js'
import { html } from '../html.js'
import { renderPage } from '../page-layout.js'
import type { PageContext } from '../page-layout.js'

export interface RefundPageView {
  storeName: string
  /** Decimal text in `currency`. */
  amount: string
  currency: string
  /** The network that sends the refund, and whose address rules the address must meet, by name. */
  network: string
  /** Kassa's id of that network (sim-ethereum, evm-mainnet). */
  networkId: string
  status: RefundStatus
  address: string | null
  txHash: string | null
  reason: string | null
  testMode: boolean
  /** The form's own path (/refund/{token}). */
  action: string
  /** A refused address comes back with what the buyer typed and the reason. */
  values?: { address: string }
  error?: string
}

/**
 * `/refund/{token}`: the buyer's side of a refund. While the address is awaited, a form for it
 * (checked on the server with the network's own address rules); after that, the refund's state.
 * Rendered whole on the server and without script: a reload shows the current state.
 */
export function refundPage(ctx: PageContext, v: RefundPageView): string {
  const { t } = ctx
  const title = t('refund_title', { store: v.storeName })
  const state =
    v.status === 'awaiting_address'
      ? html`${v.error ? html`<p class="error" role="alert" id="refund-error">${v.error}</p>` : ''}
<form method="post" action="${v.action}" id="refund-form">
<label for="refund-address">${t('refund_address_label', { currency: v.currency, network: v.network })}</label>
<input id="refund-address" name="address" required maxlength="200" autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="refund-hint" value="${v.values?.address ?? ''}">
<p class="muted" id="refund-hint">${t('refund_address_hint')}</p>
<p class="stack"><button class="primary" type="submit">${t('refund_submit')}</button></p>
</form>`
      : html`<p class="status" role="status" id="refund-status" data-refund-status="${v.status}">${t(`refund_status_${v.status as Exclude<RefundStatus, 'awaiting_address'>}`)}</p>
${v.address ? html`<div class="row"><span class="label">${t('refund_to')}</span><code id="refund-to">${v.address}</code></div>` : ''}
${v.txHash ? html`<div class="row"><span class="label">${t('transaction')}</span><code id="refund-tx">${v.txHash}</code></div>` : ''}`
  const body = html`
${v.testMode ? html`<p class="test" role="note"><strong>${t('test_mode')}.</strong> ${t('test_mode_text')}</p>` : ''}
<h1>${title}</h1>
<div class="row"><span class="label">${t('refund_amount')}</span><span class="big" id="refund-amount">${v.amount} ${v.currency}</span></div>
<div class="row"><span class="label">${t('refund_network')}</span><span><strong id="refund-network">${v.network}</strong> <code class="muted" id="refund-network-id">${v.networkId}</code></span></div>
${v.reason ? html`<div class="row"><span class="label">${t('refund_reason')}</span><span>${v.reason}</span></div>` : ''}
${state}`
  return renderPage(ctx, title, body)
}
