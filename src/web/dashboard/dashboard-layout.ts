import { html, SafeHtml } from '../html.js'

/**
 * The dashboard's frame: one HTML document per page, rendered on the server, with a nonce'd
 * style and (rarely) script, so the CSP allows nothing inline that Kassa did not write. English
 * only: the buyer-facing pages carry eight languages, the dashboard is for the people who run
 * the shop and the server (docs/DASHBOARD.md).
 */
export interface DashboardView {
  nonce: string
  /** This request's CSRF token, for every form (`csrfField`). */
  csrf: string
  /** Null on the sign-in and sign-up pages. */
  user: { email: string; isOperator: boolean } | null
  /** Path of this page, to mark the current navigation entry. */
  path: string
  /** The store the page belongs to, for the store's own navigation. */
  store?: { id: string; name: string; mode: 'test' | 'live' } | undefined
}

/** The hidden field every form carries; the server refuses a POST without it (DASHBOARD_CSRF_INVALID). */
export function csrfField(view: DashboardView): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${view.csrf}">`
}

/** A POST button in a form of its own (rotate, resend, sign out): links never change anything. */
export function postButton(
  view: DashboardView,
  action: string,
  label: string,
  opts: { className?: string; confirm?: string; fields?: Record<string, string> } = {},
): SafeHtml {
  const fields = Object.entries(opts.fields ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)
  return html`<form method="post" action="${action}" class="inline"${opts.confirm ? html` data-confirm="${opts.confirm}"` : ''}>${csrfField(view)}${fields}<button type="submit" class="${opts.className ?? ''}">${label}</button></form>`
}

/** A notice above the page's content: `kind` sets its colour and its role for screen readers. */
export function notice(kind: 'ok' | 'error' | 'warn', text: string | SafeHtml): SafeHtml {
  return html`<div class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`
}

/*
 * One stylesheet, sent with the page's nonce (the CSP allows no other). Colours are chosen for
 * WCAG AA (4.5:1 for text) on the backgrounds they sit on, in the light and the dark scheme;
 * test/web/contrast.browser.test.ts measures every page in Chromium. Below 48rem (phones,
 * narrow windows) the side navigation folds behind a menu button: a checkbox and its label,
 * so it opens with no script at all; wide tables scroll inside their own box, and chart labels
 * grow to stay legible (svg-charts.ts leaves room for them).
 */
const CSS = `*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#111827;background:#f3f4f6}
a{color:#1d4ed8}
.shell{display:flex;min-height:100vh}
.side{width:15rem;flex:none;background:#111827;color:#e5e7eb;padding:1rem .75rem}
.side a{color:#e5e7eb;text-decoration:none;display:block;padding:.35rem .6rem;border-radius:.4rem}
.side a:hover{background:#1f2937}.side a[aria-current=page]{background:#2563eb;color:#fff}
.side h2{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:#9ca3af;margin:1rem .6rem .3rem}
.brand{font-weight:700;font-size:1.15rem;padding:.2rem .6rem .6rem;display:block}
.menu-toggle{display:none;position:absolute;opacity:0;width:1px;height:1px;margin:0;pointer-events:none}
.menu-btn{display:none;margin:0;font-weight:600;padding:.4rem .8rem;border:1px solid #6b7280;border-radius:.4rem;cursor:pointer;color:#f9fafb;user-select:none}
.menu-btn::before{content:"☰ "}
.menu-toggle:checked+.menu-btn{background:#1f2937}
.menu-toggle:focus-visible+.menu-btn{outline:3px solid #60a5fa;outline-offset:2px}
.content{flex:1;min-width:0;padding:1.25rem 1.5rem;max-width:72rem}
.top{display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap;margin-bottom:.75rem}
h1{font-size:1.4rem;margin:0;overflow-wrap:anywhere}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.card{background:#fff;border-radius:.6rem;box-shadow:0 1px 3px #0002;padding:1rem 1.25rem;margin:.75rem 0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(14rem,100%),1fr));gap:.75rem;margin:.75rem 0}.grid>.card{margin:0}
.stat{font-size:1.3rem;font-weight:700;overflow-wrap:anywhere}.muted{color:#4b5563;font-size:.9rem}
.fiat{color:#4b5563;font-size:.9rem;font-variant-numeric:tabular-nums}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:#374151;background:#f9fafb}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:.25rem}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}
input,select,textarea{font:inherit;padding:.45rem .5rem;border:1px solid #6b7280;border-radius:.4rem;width:100%;max-width:32rem;background:#fff;color:#111827}
input[type=checkbox],input[type=radio]{width:auto}
.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
.hint{color:#4b5563;font-size:.85rem;margin:.15rem 0}
button,.btn{font:inherit;padding:.45rem .85rem;border-radius:.4rem;border:1px solid #9ca3af;background:#fff;color:#111827;cursor:pointer;text-decoration:none;display:inline-block}
button.primary,.btn.primary{background:#2563eb;border-color:#2563eb;color:#fff;font-weight:600}
button.danger{border-color:#dc2626;color:#b91c1c}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
form.inline{display:inline}
.actions{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;margin-top:.75rem}
.notice{padding:.6rem .8rem;border-radius:.5rem;margin:.5rem 0;border:1px solid;color:#111827}
.notice.ok{background:#dcfce7;border-color:#22c55e}.notice.error{background:#fee2e2;border-color:#ef4444}.notice.warn{background:#fef3c7;border-color:#f59e0b}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.8rem;background:#e5e7eb;color:#111827;letter-spacing:normal;text-transform:none}
.badge.completed,.badge.overpaid,.badge.delivered,.badge.confirmed,.badge.ok{background:#dcfce7}
.badge.expired,.badge.underpaid,.badge.failed,.badge.error{background:#fee2e2}
.badge.pending,.badge.confirming,.badge.queued,.badge.broadcast,.badge.signed{background:#dbeafe}
.badge.test{background:#fef3c7}
.secret{background:#fffbeb;border:1px solid #f59e0b;padding:.6rem .8rem;border-radius:.5rem;color:#111827}
.filters{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end}.filters label{margin:0 0 .2rem}.filters input,.filters select{width:auto;max-width:100%}
.auth{max-width:26rem;margin:3rem auto;padding:0 .75rem}.auth h1{margin-bottom:.75rem}
.chart{margin:0}.chart+.chart{margin-top:1.25rem}.chart svg{width:100%;height:auto;max-width:48rem}
.chart .tick{fill:#374151}.chart .axis{stroke:#6b7280}.chart .grid-line{stroke:#e5e7eb}.chart .empty{fill:#4b5563}
.qr{margin:.75rem 0}.qr svg{display:block;background:#fff;shape-rendering:crispEdges}
.timeline{list-style:none;padding:0;margin:0}.timeline li{padding:.35rem 0;border-bottom:1px dashed #e5e7eb}
.scroll{overflow-x:auto;max-width:100%}
@media(max-width:48rem){
.shell{display:block}.side{width:auto;padding:.5rem .75rem;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;position:relative}.brand{padding:.2rem .6rem}
.menu-toggle{display:block}.menu-btn{display:inline-block}
.side-links{display:none;flex-basis:100%;padding-bottom:.5rem}
.menu-toggle:checked~.side-links{display:block}
.content{padding:1rem .75rem}
.card{padding:.75rem;overflow-x:auto}
.chart text.tick{font-size:22px}.chart text.minor{display:none}
.top .actions{margin-top:0}
}
.chart svg[aria-hidden=true]{width:.7rem;height:.7rem}
@media(prefers-color-scheme:dark){
:root{color-scheme:dark}
body{color:#e5e7eb;background:#030712}
a{color:#93c5fd}
.side{background:#0b1120;border-right:1px solid #1f2937}
.card{background:#111827;box-shadow:none;border:1px solid #1f2937}
.muted,.hint,.fiat{color:#9ca3af}
table{background:#111827}th,td{border-bottom-color:#374151}th{color:#d1d5db;background:#1f2937}
code{background:#1f2937;color:#f3f4f6}
input,select,textarea{background:#030712;color:#f9fafb;border-color:#6b7280}
button,.btn{background:#1f2937;color:#f9fafb;border-color:#6b7280}
button.primary,.btn.primary{background:#2563eb;border-color:#2563eb;color:#fff}
button.danger{color:#fca5a5;border-color:#ef4444}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline-color:#60a5fa}
.notice{color:#f9fafb}
.notice.ok{background:#14532d}.notice.error{background:#7f1d1d}.notice.warn{background:#78350f}
.badge{background:#374151;color:#f9fafb}
.badge.completed,.badge.overpaid,.badge.delivered,.badge.confirmed,.badge.ok{background:#14532d}
.badge.expired,.badge.underpaid,.badge.failed,.badge.error{background:#7f1d1d}
.badge.pending,.badge.confirming,.badge.queued,.badge.broadcast,.badge.signed{background:#1e3a8a}
.badge.test{background:#78350f}
.secret{background:#422006;border-color:#d97706;color:#f9fafb}
.chart .tick{fill:#d1d5db}.chart .axis{stroke:#9ca3af}.chart .grid-line{stroke:#374151}.chart .empty{fill:#9ca3af}
.timeline li{border-bottom-color:#374151}
.qr svg{padding:.5rem;border-radius:.5rem;box-sizing:content-box}
}`

/** Asks before a destructive POST when its form says `data-confirm`: nothing else runs as script. */
const CONFIRM_SCRIPT = `document.addEventListener('submit',function(e){var m=e.target.getAttribute('data-confirm');if(m&&!confirm(m))e.preventDefault()})`

function navLink(view: DashboardView, href: string, label: string | SafeHtml, exact = false): SafeHtml {
  const current = exact ? view.path === href : view.path === href || view.path.startsWith(href + '/')
  return html`<a href="${href}"${current ? new SafeHtml(' aria-current="page"') : ''}>${label}</a>`
}

function sideNav(view: DashboardView): SafeHtml {
  const s = view.store
  const base = s ? `/dashboard/stores/${s.id}` : ''
  // The checkbox before the label and the links: on a phone the label is the menu button, and
  // `:checked ~ .side-links` unfolds the links with no script (see CSS).
  return html`<nav class="side" aria-label="Dashboard">
<a class="brand" href="/dashboard">Kassa</a>
<input type="checkbox" id="menu-toggle" class="menu-toggle" aria-controls="side-links"><label for="menu-toggle" class="menu-btn">Menu</label>
<div class="side-links" id="side-links">
${navLink(view, '/dashboard/stores', 'Stores', true)}
${
  s
    ? html`<h2>${s.name}${s.mode === 'test' ? html` <span class="badge test">test</span>` : ''}</h2>
${navLink(view, base, 'Overview', true)}
${navLink(view, `${base}/settings`, 'Settings')}
${navLink(view, `${base}/keys`, 'API keys')}
${navLink(view, `${base}/payments`, 'Payments')}
${navLink(view, `${base}/new-payment`, 'New payment')}
${navLink(view, `${base}/links`, 'Payment links')}
${navLink(view, `${base}/donations`, '❤️ Donations')}
${navLink(view, `${base}/balances`, 'Balances')}
${navLink(view, `${base}/withdrawals`, 'Withdrawals')}
${navLink(view, `${base}/webhooks`, 'Webhooks')}
${navLink(view, `${base}/unmatched`, 'Unmatched deposits')}`
    : ''
}
<h2>Account</h2>
${navLink(view, '/dashboard/partner', 'Partner (Swap API)')}
${navLink(view, '/dashboard/account', 'Security')}
${
  view.user?.isOperator
    ? html`<h2>Operator</h2>
${navLink(view, '/dashboard/operator', 'Overview', true)}
${navLink(view, '/dashboard/operator/accounts', 'Accounts and stores')}
${navLink(view, '/dashboard/operator/networks', 'Networks')}
${navLink(view, '/dashboard/operator/rates', 'Rate sources')}
${navLink(view, '/dashboard/operator/screening', 'Screening list')}
${navLink(view, '/dashboard/operator/audit', 'Swap audit')}
${navLink(view, '/dashboard/operator/swap-outputs', 'Failed swap outputs')}
${navLink(view, '/dashboard/operator/settings', 'Settings')}`
    : ''
}
</div>
</nav>`
}

/** A signed-in page: navigation on the side, the page's title and actions on top. */
export function dashboardPage(view: DashboardView, title: string, body: SafeHtml, actions?: SafeHtml): string {
  const user = view.user
  return document(
    view,
    title,
    html`<div class="shell">${sideNav(view)}
<main class="content" id="main">
<div class="top"><h1>${title}</h1><div class="actions">${actions ?? ''}${user ? html`<span class="muted">${user.email}</span>${postButton(view, '/dashboard/logout', 'Sign out')}` : ''}</div></div>
${body}
</main></div>`,
  )
}

/** Sign-in, sign-up and the second-factor step: one narrow card, no navigation. */
export function authPage(view: DashboardView, title: string, body: SafeHtml): string {
  return document(view, title, html`<main class="auth" id="main"><div class="card"><h1>${title}</h1>${body}</div></main>`)
}

function document(view: DashboardView, title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title} · Kassa</title>
<style nonce="${view.nonce}">${new SafeHtml(CSS)}</style>
</head><body>${body}
<script nonce="${view.nonce}">${new SafeHtml(CONFIRM_SCRIPT)}</script>
</body></html>`.value
}
