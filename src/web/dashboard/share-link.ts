import { html, SafeHtml } from '../html.js'
import type { DashboardView } from './dashboard-layout.js'

/** Copies the field a `data-copy` button names; the button says so for a moment. No other script. */
const COPY_SCRIPT = `document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('[data-copy]');if(!b)return;var f=document.getElementById(b.getAttribute('data-copy'));if(!f)return;f.select();var done=function(){var t=b.textContent;b.textContent='Copied';setTimeout(function(){b.textContent=t},1500)};if(navigator.clipboard){navigator.clipboard.writeText(f.value).then(done,function(){document.execCommand('copy');done()})}else{document.execCommand('copy');done()}})`

/**
 * A link to hand to a buyer: read-only field (select-all on focus is the browser's own) and a
 * Copy button, with the page's nonce'd script. One per page is enough for the script; `id`
 * names the field so several may share it.
 */
export function shareLink(id: string, label: string, url: string): SafeHtml {
  return html`<label for="${id}">${label}</label>
<div class="actions"><input id="${id}" value="${url}" readonly class="mono"><button type="button" data-copy="${id}">Copy</button><a class="btn" href="${url}" target="_blank" rel="noopener">Open</a></div>`
}

/** The script behind every `shareLink` of the page: include once. */
export function copyScript(view: DashboardView): SafeHtml {
  return html`<script nonce="${view.nonce}">${new SafeHtml(COPY_SCRIPT)}</script>`
}
