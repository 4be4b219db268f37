import type { FastifyInstance } from 'fastify'

/** One method of one registered path, as Fastify knows it (`/pay/:id`). */
export interface RegisteredRoute {
  method: string
  /** Fastify's pattern: `:name` parameters, `*` wildcard. */
  url: string
}

/** What the OpenAPI document says about one operation; absent for routes hidden from it. */
export interface DocumentedOperation {
  pathParams: Record<string, JsonSchema>
  query: Record<string, JsonSchema>
  requiredQuery: string[]
  body: JsonSchema | undefined
}

export type JsonSchema = Record<string, any>

/**
 * Every route the app serves, read from Fastify itself. Fastify 5 has no route list API, but
 * `printRoutes({ commonPrefix: false })` prints its whole router as a tree, one node a line with
 * its methods: `├── /pay/:id (GET, HEAD)`, children indented by four columns under their parent.
 * A path is its ancestors' labels joined. Reading the router (rather than a list kept here) is
 * what makes a new route fuzzed without editing the suite, hidden from the document or not.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const tree = app.printRoutes({ commonPrefix: false })
  const stack: string[] = []
  const routes: RegisteredRoute[] = []
  for (const line of tree.split('\n')) {
    const m = /^([│ ├└─]*?)(?:[├└]── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (!m) continue
    const depth = Math.floor(m[1]!.length / 4)
    stack.length = depth
    stack.push(m[2]!)
    const url = stack.join('')
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      routes.push({ method, url })
  }
  return routes.sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`))
}

/**
 * The operations of the app's own OpenAPI document (@fastify/swagger, `app.swagger()` once
 * ready), keyed `METHOD /fastify/:pattern`. Parameters and bodies come from the route schemas,
 * so a field added to a schema is fuzzed with the next run.
 */
export function documentedOperations(app: FastifyInstance): Map<string, DocumentedOperation> {
  const doc = (app as unknown as { swagger(): { paths: Record<string, Record<string, any>> } }).swagger()
  const out = new Map<string, DocumentedOperation>()
  for (const [path, ops] of Object.entries(doc.paths)) {
    const url = path.replace(/\{([^}]+)\}/g, ':$1')
    for (const [method, op] of Object.entries(ops)) {
      const pathParams: Record<string, JsonSchema> = {}
      const query: Record<string, JsonSchema> = {}
      const requiredQuery: string[] = []
      for (const p of (op.parameters ?? []) as { in: string; name: string; schema?: JsonSchema; required?: boolean }[]) {
        if (p.in === 'path') pathParams[p.name] = p.schema ?? { type: 'string' }
        if (p.in === 'query') {
          query[p.name] = p.schema ?? { type: 'string' }
          if (p.required) requiredQuery.push(p.name)
        }
      }
      const body = op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined
      out.set(`${method.toUpperCase()} ${url}`, { pathParams, query, requiredQuery, body })
    }
  }
  return out
}

/** `:name` parameters of a Fastify pattern, in order. */
export function pathParamNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!)
}
