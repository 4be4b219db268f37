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
