/**
 * What every value from outside (a path parameter, a query, a parsed body) must satisfy before
 * any code stores or looks it up, on either database:
 *
 * - No C0 control character other than tab, line feed and carriage return. PostgreSQL refuses
 *   NUL in text (SQLite stores it), so a NUL reaching a query was a 500 on one database and a
 *   stored NUL on the other; the other control characters have no use in any field and make
 *   logs and pages lie. Tab and line breaks stay: they are ordinary in a donor's message or a
 *   description, and single-line fields (amounts, addresses, keys) refuse them by their own rules.
 * - Well-formed Unicode: no lone UTF-16 surrogate (JSON's \ud800 escape can make one). Encoded
 *   as UTF-8 for either database it silently becomes U+FFFD, so the stored text would not be
 *   the text received.
 * - At most MAX_INPUT_DEPTH levels of nesting. No request of either API needs more than a
 *   few; the limit keeps every later step (serialising, rendering, storing) from recursing
 *   without bound.
 *
 * The walk is iterative, so an input nested thousands of levels deep cannot exhaust the stack
 * while it is being checked.
 */

/** Nesting allowed in any request value: 64 leaves room for metadata's own 32 (domain/payments/metadata-limits.ts). */
export const MAX_INPUT_DEPTH = 64

// U+0000–U+0008, U+000B, U+000C, U+000E–U+001F: C0 without tab, line feed, carriage return.
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/

// In u-mode a surrogate pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /\p{Cs}/u

function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text)
}

export function hasForbiddenControl(text: string): boolean {
  return FORBIDDEN_CONTROL.test(text)
}

/** The text without those characters: a refused value shown back in its form. */
export function withoutForbiddenControl(text: string): string {
  return text.replace(new RegExp(FORBIDDEN_CONTROL.source, 'g'), '')
}

/**
 * The first problem of `value`, as a sentence naming where it is (`order_id`,
 * `metadata.a[1]`), or undefined when it is clean. `label` goes before that name in messages
 * ("query parameter "); a string checked on its own is named by `label` alone.
 */
export function untrustedInputProblem(value: unknown, label = '', maxDepth = MAX_INPUT_DEPTH): string | undefined {
  const where = (path: string) => (label + path).trim() || 'The request'
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }]
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!
    if (typeof v === 'string') {
      if (hasForbiddenControl(v)) return `${where(path)} must not contain control characters.`
      if (hasLoneSurrogate(v)) return `${where(path)} must be valid Unicode text (it holds a lone UTF-16 surrogate).`
      continue
    }
    if (typeof v !== 'object' || v === null) continue
    // Named by its top-level field: the full path of a value 4,000 levels deep is no help.
    if (depth >= maxDepth) return `${where(/^[^.[]*/.exec(path)![0])} is nested more than ${maxDepth} levels deep.`
    const array = Array.isArray(v)
    for (const [k, child] of Object.entries(v)) {
      if (hasForbiddenControl(k)) return `A field name in ${where(path)} must not contain control characters.`
      if (hasLoneSurrogate(k)) return `A field name in ${where(path)} must be valid Unicode text (it holds a lone UTF-16 surrogate).`
      stack.push({ value: child, path: array ? `${path}[${k}]` : path ? `${path}.${k}` : k, depth: depth + 1 })
    }
  }
  return undefined
}
