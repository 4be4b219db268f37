/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A tagged template that escapes every interpolated value unless it is already `SafeHtml`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((v, i) => {
    const part = Array.isArray(v) ? v.map(render).join('') : render(v)
    out += part + (strings[i + 1] ?? '')
  })
  return new SafeHtml(out)
}

function render(v: unknown): string {
  if (v instanceof SafeHtml) return v.value
  if (v === null || v === undefined || v === false) return ''
  return escapeHtml(String(v))
}

/** No scripts at all on these pages: the CSP says so, and a form needs none. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors *"

export function layout(title: string, body: SafeHtml, opts: { refreshSeconds?: number } = {}): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${opts.refreshSeconds ? html`<meta http-equiv="refresh" content="${opts.refreshSeconds}">` : ''}
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#111}
.test{background:#fef3c7;border:1px solid #f59e0b;padding:.5rem;border-radius:.4rem}
code{word-break:break-all;background:#f3f4f6;padding:.1rem .3rem}button{font-size:1rem;padding:.5rem 1rem;margin:.25rem 0}</style>
</head><body>${body}</body></html>`.value
}
