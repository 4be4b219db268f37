import AjvCompiler from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'

type BuildValidator = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
type ValidatorFunction = ((data: unknown, dataCxt?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown }
type FromPool = ReturnType<typeof AjvCompiler>
type RouteDefinition = { method: string; url: string; httpPart?: string; schema?: unknown }

/**
 * Fastify's own validators (Ajv, with the server's `ajv` options), each compiled at the first
 * request that needs it instead of at start. Why: compiling the ~200 routes' schemas was
 * ~70 ms of a start to ready of about a second (issue 17: < 1 s; docs/PERFORMANCE.md), and most
 * routes of a running shop are never called. The first request of a route pays its schema once
 * (well under a millisecond); the answers are Ajv's exactly as before.
 *
 * A factory given to Fastify counts as a custom compiler, and Fastify then no longer lower-cases
 * the property names of header schemas (request headers arrive lower-cased). Kassa's header
 * schemas are written in lower case, and a route with another is refused at start.
 */
export function lazyAjvValidators(): BuildValidator {
  const buildFromPool = AjvCompiler()
  const build = (externalSchemas: Parameters<FromPool>[0], ajvOptions: Parameters<FromPool>[1]) => {
    // The Ajv instance is made only when the first schema compiles, too.
    let compile: ((route: RouteDefinition) => unknown) | undefined
    return (route: RouteDefinition) => {
      if (route.httpPart === 'headers') refuseUpperCaseHeaders(route.schema, `${route.method} ${route.url}`)
      let validator: ValidatorFunction | undefined
      const lazy: ValidatorFunction = (data, dataCxt) => {
        if (validator === undefined) {
          compile ??= buildFromPool(externalSchemas, ajvOptions) as (route: RouteDefinition) => unknown
          validator = compile(route) as ValidatorFunction
        }
        const valid = validator(data, dataCxt)
        // Fastify reads a failed validation's reasons from the function it was given.
        lazy.errors = validator.errors
        return valid
      }
      // Fastify passes Ajv validators (they have `schemaEnv`) the request as the root's parent,
      // so that Ajv may set defaults on it; this one forwards that to the Ajv validator.
      lazy.schemaEnv = true
      return lazy
    }
  }
  // Fastify's type wants Ajv's own function type back; what it calls is the same shape.
  return build as unknown as BuildValidator
}

function refuseUpperCaseHeaders(schema: unknown, route: string): void {
  const s = schema as { properties?: Record<string, unknown>; required?: string[] } | null
  const names = [...Object.keys(s?.properties ?? {}), ...(s?.required ?? [])]
  const upper = names.find((n) => n !== n.toLowerCase())
  if (upper !== undefined) throw new Error(`${route}: header schema names must be lower case (${upper})`)
}
