/** One HTML form as a page renders it: where it posts and the fields it sends. */
export interface PageForm {
  action: string
  /** Field name → the values the page offers (hidden values, select options, checkbox values). */
  fields: Map<string, string[]>
}

/**
 * The forms of an HTML page. Dashboard and buyer forms are not in the OpenAPI document; the
 * pages that render them say which fields a POST takes, so a new form field is fuzzed as soon
 * as a page shows it.
 */
export function pageForms(html: string): PageForm[] {
  const forms: PageForm[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const action = attr(m[1]!, 'action')
    if (!action) continue
    const fields = new Map<string, string[]>()
    const add = (name: string, value: string | undefined) => {
      const list = fields.get(name) ?? []
      if (value !== undefined && !list.includes(value)) list.push(value)
      fields.set(name, list)
    }
    for (const f of m[2]!.matchAll(/<(input|textarea|button)\b([^>]*)>/gi)) {
      const name = attr(f[2]!, 'name')
      if (name) add(name, attr(f[2]!, 'value'))
    }
    for (const s of m[2]!.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(s[1]!, 'name')
      if (!name) continue
      add(name, undefined)
      for (const o of s[2]!.matchAll(/<option\b([^>]*)>/gi)) add(name, attr(o[1]!, 'value'))
    }
    forms.push({ action: decodeEntities(action), fields })
  }
  return forms
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)
  return m ? decodeEntities(m[1]!) : undefined
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
}

/** Whether a concrete form action (`/dashboard/stores/0190…/links`) is an instance of a route pattern. */
export function actionMatches(pattern: string, action: string): boolean {
  const path = action.split('?')[0]!
  const re = new RegExp(
    `^${pattern
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/:[A-Za-z_][A-Za-z0-9_]*/g, '[^/]+')
      .replace(/\*/g, '.*')}$`,
  )
  return re.test(path)
}
