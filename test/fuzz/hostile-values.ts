import fc from 'fast-check'

/**
 * Values written into a JSON body verbatim, for what JSON.stringify cannot produce: numbers
 * beyond a double (1e400), leading zeros, -0, a bare exponent.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * JSON text of a value that may hold RawJson leaves. JSON.stringify does the walking (values
 * thousands of levels deep included); each RawJson goes out as a marker that is then replaced.
 */
export function toJsonText(value: unknown): string {
  const raws: string[] = []
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (!(v instanceof RawJson)) return v
    raws.push(v.text)
    return `\u0000raw${raws.length - 1}\u0000`
  })
  if (text === undefined) return 'null'
  return raws.length === 0 ? text : text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]!)
}

/** Characters that broke things before (issue 16): NUL, other C0/C1 controls, lone surrogates, bidi overrides. */
const nasty = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\uffff',
]

/** Unicode that is valid but unusual: other scripts, combining marks, emoji, astral planes, full-width digits. */
const unusual = ['Ünïcødé', 'مرحبا', '漢字', '𝟙𝟚𝟛', '１２３', 'e\u0301', '👩‍👩‍👧', '\u{10ffff}', 'İı', 'ß']

const nastyChar = fc.constantFrom(...nasty)

/** A string that carries at least one forbidden or odd character, anywhere in it. */
export const controlString = fc.tuple(fc.string({ maxLength: 8 }), nastyChar, fc.string({ maxLength: 8 })).map(([a, c, b]) => a + c + b)

/** Numbers as text in the shapes a careless client sends. */
export const numberLikeString = fc.constantFrom(
  ' 1.00',
  '1.00 ',
  '1.00\n',
  '\t5',
  '1,00',
  '1_000',
  '1e3',
  '1E-7',
  '1e400',
  '-1',
  '-0',
  '0',
  '0.0000000000000000000000001',
  '00012.5',
  '+3',
  '.5',
  '5.',
  '0x10',
  'NaN',
  'Infinity',
  '-Infinity',
  '١٢٣',
  '9'.repeat(80),
  `1.${'1'.repeat(40)}`,
  '100000000000000000000000000000000000000000000000000000000000000000000000000000',
  '',
)

/** JSON numbers, some only expressible as raw text. */
export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, -0.01, 1e21, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, 5e-324, 2 ** 53),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc
    .constantFrom('1e400', '-1e400', '00', '-0', '1E+2', '0.10000000000000000000000001', '123456789012345678901234567890')
    .map((t) => new RawJson(t)),
)

/** Nested arrays/objects `depth` levels deep (the edge check refuses over 64). */
export const deepValue = fc.tuple(fc.integer({ min: 30, max: 1500 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 1
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v }
  return v
})

/** A large string: near and over the 64 KiB body limit, and over every field's maxLength. */
export const hugeString = fc
  .constantFrom(300, 4097, 17_000, 70_000)
  .chain((n) => fc.constantFrom('x', 'é', '\u0000', '9').map((c) => c.repeat(n)))

/** Any hostile JSON value: wrong types, empties, controls, numbers, depth, size, unicode. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: fc.constantFrom(null, true, false, [], {}, [1, 'a'], { '': '' }, { __proto__: 1 }, { constructor: { prototype: {} } }),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'null',
      'undefined',
      'true',
      '[]',
      '{}',
      '%00',
      '../../etc/passwd',
      "' or 1=1 --",
      '<script>x</script>',
      '{{7*7}}',
      '#{7*7}',
    ),
    weight: 3,
  },
  { arbitrary: controlString, weight: 4 },
  { arbitrary: numberLikeString, weight: 4 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: fc.constantFrom(...unusual), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 2 },
  { arbitrary: deepValue, weight: 1 },
  { arbitrary: hugeString, weight: 1 },
)

/** A path segment as sent (already percent-encoded where it needs to be). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%00',
    '%0a',
    '%1b',
    '%ff',
    '%e0%a4%a',
    '%',
    '%2e%2e',
    '..',
    '.',
    '%2f',
    'a%2Fb',
    '%ed%a0%80',
    '%c0%af',
    '%7f',
    '%E2%80%AE',
    ' ',
    '%20',
    '-1',
    '0',
    '1e3',
    'null',
    'NaN',
  ),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
  controlString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))),
  fc.constantFrom(250, 1000, 5000).map((n) => 'a'.repeat(n)),
  fc.uuid().map((u) => u.toUpperCase()),
)
