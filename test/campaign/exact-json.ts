/**
 * JSON.parse with every number kept as its text. The APIs write amounts as JSON numbers with
 * their exact decimal text (DESIGN.md, "Data"), and a float would round an 18-decimal ETH
 * amount; the checks compare atomic units, so they read the text.
 */
export function parseJsonExact(text: string): any {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inString) {
      out += c
      if (c === '\\') out += text[++i] ?? ''
      else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
      out += c
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i
      while (j < text.length && /[-+0-9.eE]/.test(text[j]!)) j++
      out += `"${text.slice(i, j)}"`
      i = j - 1
    } else out += c
  }
  return JSON.parse(out)
}
