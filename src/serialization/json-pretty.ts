/**
 * Re-indents JSON text without parsing it, so exact numbers (written verbatim by
 * stringifyExact) keep every digit: parsing and re-serialising would go through floats.
 * The input must be valid compact JSON (as JSON.stringify writes it).
 */
export function prettyJson(text: string, indent = 2): string {
  let out = ''
  let depth = 0
  let inString = false
  const newline = () => '\n' + ' '.repeat(depth * indent)
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (inString) {
      out += ch
      if (ch === '\\') out += text[++i] ?? ''
      else if (ch === '"') inString = false
      continue
    }
    switch (ch) {
      case '"':
        inString = true
        out += ch
        break
      case '{':
      case '[': {
        const close = ch === '{' ? '}' : ']'
        if (text[i + 1] === close) {
          out += ch + close
          i++
        } else {
          depth++
          out += ch + newline()
        }
        break
      }
      case '}':
      case ']':
        depth--
        out += newline() + ch
        break
      case ',':
        out += ',' + newline()
        break
      case ':':
        out += ': '
        break
      default:
        out += ch
    }
  }
  return out
}
