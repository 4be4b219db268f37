/**
 * JSON.parse, except that every number comes back as its exact source text ("1.0001") instead
 * of a float. Prices are money: 0.1234567890123456789 must not lose digits on the way in, and
 * Node 20's JSON.parse has no access to a number's source text (that arrives with V8's
 * "JSON.parse source text access" in later Node versions).
 *
 * It rewrites number tokens outside strings into string tokens and then lets JSON.parse do
 * the real parsing, so malformed input is still rejected by JSON.parse itself. The number
 * pattern is JSON's own grammar: input such as "01" or "1." is split into tokens that
 * JSON.parse then refuses, as it would have refused the original.
 *
 * Used where a number is money: rate tables and JSON-number amounts in requests.
 */

const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

export function parseJsonWithExactNumbers(text: string): unknown {
  let out = ''
  let i = 0
  while (i < text.length) {
    const ch = text[i] as string
    if (ch === '"') {
      const end = endOfString(text, i)
      out += text.slice(i, end)
      i = end
      continue
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER_TOKEN.lastIndex = i
      const match = NUMBER_TOKEN.exec(text)
      if (match) {
        out += '"' + match[0] + '"'
        i += match[0].length
        continue
      }
    }
    out += ch
    i++
  }
  return JSON.parse(out)
}

/** Index just past the closing quote of the string starting at `start`, or the text's end. */
function endOfString(text: string, start: number): number {
  let i = start + 1
  while (i < text.length) {
    const ch = text[i]
    if (ch === '\\') i += 2
    else if (ch === '"') return i + 1
    else i++
  }
  return text.length
}
