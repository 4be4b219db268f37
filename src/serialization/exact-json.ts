import { randomBytes } from 'node:crypto'

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

// The marker carries a random per-process nonce, so no client string can imitate it: a
// NUL alone is not enough (JSON.stringify writes a client's NUL as the same \u0000 escape).
const NONCE = randomBytes(9).toString('base64url')
const MARK = '\u0000' + NONCE
const MARKED = new RegExp(`"\\\\u0000${NONCE}(-?\\d+(?:\\.\\d+)?)\\\\u0000${NONCE}"`, 'g')

export function stringifyExact(value: unknown, indent?: number): string {
  // A replacer function makes JSON.stringify call back into JS for every key (profiled: ~5 %
  // of a status request), and bigints are rare in responses: try without it first.
  let text: string | undefined
  try {
    text = JSON.stringify(value, null, indent)
  } catch (err) {
    if (!(err instanceof TypeError)) throw err
    text = JSON.stringify(value, bigintReplacer, indent)
  }
  return text === undefined ? 'null' : text.includes(NONCE) ? text.replace(MARKED, '$1') : text
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}
