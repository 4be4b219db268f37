import fc from 'fast-check'
import { RawJson, controlString, hostileSegment, hostileValue, toJsonText } from './hostile-values.js'
import type { PageForm } from './page-forms.js'
import type { DocumentedOperation, RegisteredRoute } from './route-inventory.js'
import { pathParamNames } from './route-inventory.js'
import { bodyValue, schemaValue } from './schema-arbitrary.js'
import type { Vocabulary } from './schema-arbitrary.js'
import { surfaceOf } from './surfaces.js'

/** One generated request, before the client adds its credentials (fuzz-client.ts). */
export interface FuzzRequest {
  method: string
  /** Path and query, percent-encoded as sent. */
  url: string
  contentType: string | undefined
  body: string | Buffer | undefined
  accept: string | undefined
  /** valid: the surface's real credentials; none: nothing; forged: one of the wrong ones. */
  auth: 'valid' | 'none' | 'forged'
  forgery: number
  remoteAddress: string
}

export interface RouteInputs {
  route: RegisteredRoute
  documented: DocumentedOperation | undefined
  /** Forms on the suite's pages that post to this route. */
  forms: PageForm[]
  vocab: Vocabulary
}

/** Requests for one route: mostly near-valid and authenticated, some hostile in every part. */
export function requestArbitrary(inputs: RouteInputs): fc.Arbitrary<FuzzRequest> {
  const { route } = inputs
  const surface = surfaceOf(route.url)
  const hasBody = route.method === 'POST'
  return fc
    .record({
      path: pathArbitrary(inputs),
      query: queryArbitrary(inputs),
      payload: hasBody ? payloadArbitrary(inputs) : fc.constant(undefined),
      accept: fc.constantFrom(
        ...(surface === 'dashboard' || surface === 'buyer'
          ? ['text/html,application/xhtml+xml,*/*;q=0.8', 'text/html', '*/*', 'application/json', undefined]
          : ['application/json', '*/*', undefined, 'text/html']),
      ),
      auth: fc.constantFrom<FuzzRequest['auth']>('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'none', 'forged'),
      forgery: fc.nat({ max: 7 }),
      remoteAddress: fc.tuple(fc.nat({ max: 255 }), fc.nat({ max: 255 }), fc.nat({ max: 254 })).map(([a, b, c]) => `10.${a}.${b}.${c + 1}`),
    })
    .map(({ path, query, payload, accept, auth, forgery, remoteAddress }) => ({
      method: route.method,
      url: path + query,
      contentType: payload?.contentType,
      body: payload?.body,
      accept,
      auth,
      forgery,
      remoteAddress,
    }))
}

function pathArbitrary({ route, vocab }: RouteInputs): fc.Arbitrary<string> {
  const names = pathParamNames(route.url)
  const segment = (name: string) =>
    fc.oneof(
      { arbitrary: (vocab.valueFor(name) ?? fc.uuid()).map((v) => encodeURIComponent(String(v))), weight: 6 },
      { arbitrary: fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/)), weight: 2 },
      { arbitrary: hostileSegment, weight: 2 },
    )
  const wildcard = route.url.endsWith('*')
    ? fc.constantFrom('', 'x', 'static/index.html', '..%2f..%2fpackage.json', '%00')
    : fc.constant('')
  return fc.tuple(fc.tuple(...names.map(segment)), wildcard).map(([values, tail]) => {
    let i = 0
    return route.url.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, () => values[i++]!).replace(/\*$/, tail)
  })
}

function queryArbitrary({ documented, vocab }: RouteInputs): fc.Arbitrary<string> {
  const known = documented ? Object.keys(documented.query) : [...vocab.names]
  const pair = fc
    .oneof({ arbitrary: fc.constantFrom(...known, 'lang'), weight: 5 }, { arbitrary: fc.string({ minLength: 1, maxLength: 8 }), weight: 1 })
    .chain((name) => schemaValue(documented?.query[name], name, vocab).map((v) => [name, asText(v)] as const))
  const pairs = fc.uniqueArray(pair, { maxLength: documented ? Math.max(2, known.length) : 3, selector: ([k]) => k })
  return fc.oneof(
    {
      arbitrary: pairs.map((ps) => (ps.length ? `?${new URLSearchParams(ps.map(([k, v]): [string, string] => [k, v])).toString()}` : '')),
      weight: 10,
    },
    { arbitrary: fc.constantFrom('?', '?&&', '?a=%00', '?%', '?page=1&page=2', '?a=1%ZZ', `?x=${'y'.repeat(9000)}`), weight: 1 },
  )
}

/** A value as form or query text: strings as they are, anything else as its JSON. */
function asText(v: unknown): string {
  return typeof v === 'string' ? v : v instanceof RawJson ? v.text : toJsonText(v)
}

interface Payload {
  contentType: string | undefined
  body: string | Buffer | undefined
}

function payloadArbitrary(inputs: RouteInputs): fc.Arbitrary<Payload> {
  const surface = surfaceOf(inputs.route.url)
  const formFirst = inputs.documented?.body === undefined && (surface === 'dashboard' || surface === 'buyer' || inputs.forms.length > 0)
  const json = bodyValue(inputs.documented?.body, inputs.vocab).map((v) => ({ contentType: 'application/json', body: toJsonText(v) }))
  const form = formFields(inputs).map((fields) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(fields).toString(),
  }))
  return fc.oneof(
    { arbitrary: formFirst ? form : json, weight: 14 },
    { arbitrary: formFirst ? json : form, weight: 1 },
    { arbitrary: oddPayload, weight: 3 },
  )
}

/** The route's form fields as a page offers them (some left out), with near-valid or hostile values. */
function formFields({ forms, vocab }: RouteInputs): fc.Arbitrary<[string, string][]> {
  const offered = new Map<string, string[]>()
  for (const f of forms) for (const [k, vs] of f.fields) offered.set(k, [...(offered.get(k) ?? []), ...vs])
  offered.delete('_csrf')
  const names = [...offered.keys()]
  const fieldValue = (name: string) =>
    fc.oneof(
      { arbitrary: offered.get(name)?.length ? fc.constantFrom(...offered.get(name)!) : fc.string({ maxLength: 12 }), weight: 3 },
      { arbitrary: (vocab.valueFor(name) ?? fc.string({ maxLength: 12 })).map(asText), weight: 3 },
      { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
      { arbitrary: hostileValue.map(asText), weight: 1 },
      { arbitrary: controlString, weight: 1 },
    )
  const present = fc.tuple(...names.map((n) => fc.option(fieldValue(n), { freq: 8 })))
  const extra = fc.array(
    fc.tuple(
      fc.constantFrom(...vocab.names, '_method', '__proto__'),
      fc.oneof(hostileValue, vocab.valueFor('amount') ?? fc.string()).map(asText),
    ),
    {
      maxLength: names.length > 0 ? 2 : 5,
    },
  )
  return fc
    .tuple(present, extra)
    .map(([vals, more]) => [...names.flatMap((n, i) => (vals[i] === null ? [] : [[n, vals[i]!] as [string, string]])), ...more])
}

/** Bodies that are not what any route parses: malformed JSON, odd types, empty, oversized, not UTF-8. */
const oddPayload: fc.Arbitrary<Payload> = fc.oneof(
  fc
    .constantFrom(
      '{',
      '{"amount":}',
      '{"a":1,}',
      "{'a':1}",
      '[1,2',
      'nul',
      '"unterminated',
      '{"a":1}{"b":2}',
      '\u0000',
      '{"__proto__":{"x":1}}',
      '{"a":"\\ud800"}',
      ' ',
      '',
    )
    .map((body) => ({ contentType: 'application/json', body })),
  fc
    .constantFrom(
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/vnd.api+json',
      'APPLICATION/JSON',
      'application/x-www-form-urlencoded; charset=iso-8859-1',
    )
    .chain((contentType) =>
      fc
        .constantFrom('{"amount":"1.00"}', 'a=1&b=2', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n')
        .map((body) => ({ contentType, body })),
    ),
  fc.constant<Payload>({ contentType: undefined, body: '{"amount":"1.00"}' }),
  fc.constant<Payload>({ contentType: 'application/json', body: `{"amount":"${'9'.repeat(70 * 1024)}"}` }),
  fc.constant<Payload>({
    contentType: 'application/json',
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]),
  }),
  fc.constant<Payload>({
    contentType: 'application/x-www-form-urlencoded',
    body: Buffer.from([0x61, 0x3d, 0xff, 0xc0, 0x26, 0x62, 0x3d, 0x25, 0x30, 0x30]),
  }),
)
