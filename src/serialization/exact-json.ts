/**
 * JSON with exact decimal numbers. The seed prints some amounts as JSON numbers (100.14,
 * 0.05000000); writing them through a JS float would turn 0.1 + 0.2 into 0.30000000000000004
 * and drop the trailing zeros the seed shows. A `JsonNumber` carries the decimal text and is
 * written verbatim as a number.
 */
export class JsonNumber {
  readonly text: string
  constructor(text: string) {
    if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) throw new Error(`not a plain decimal: ${text}`)
    this.text = text
  }
  toJSON(): string {
    return MARK + this.text + MARK
  }
}

// A NUL cannot appear unescaped in JSON text, so the marked strings below can only come from
// JsonNumber.toJSON (a client string containing NUL is written as the escape \u0000, which the
// pattern matches too, but only around plain digits, so at worst such a string becomes a number).
const MARK = '\u0000'
const MARKED = /"\\u0000(-?\d+(?:\.\d+)?)\\u0000"/g

export function stringifyExact(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, bigintReplacer, indent)
  return text === undefined ? 'null' : text.includes('\\u0000') ? text.replace(MARKED, '$1') : text
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}
