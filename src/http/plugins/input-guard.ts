import type { FastifyReply, FastifyRequest } from 'fastify'
import { RequestInvalidError } from '../../errors/index.js'
import { untrustedInputProblem } from '../../serialization/untrusted-input.js'

/**
 * One edge check for every route (registered on the root app, so every route group inherits
 * it): path parameters, query and parsed body free of control characters and of runaway
 * nesting (serialization/untrusted-input.ts), the same on SQLite and PostgreSQL.
 *
 * A preHandler rather than an earlier hook: it runs after each group's authentication
 * (a Merchant API caller without a valid signature still gets the 401 first) and after
 * schema validation, but before any handler reads the database. The refusal is an ordinary
 * REQUEST_INVALID, so each group's error handler answers in its own envelope: the seed's JSON
 * on the Merchant API, BAD_REQUEST on the Swap API, a page on pages and the dashboard.
 */
export function refuseUntrustedInput(req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  // A callback hook, not an async one: it runs on every request of every route, and an async
  // hook costs a promise and a microtask turn each time.
  const problem =
    untrustedInputProblem(req.params, 'path parameter ') ??
    untrustedInputProblem(req.query, 'query parameter ') ??
    (req.bodyKind === 'none' ? undefined : untrustedInputProblem(req.body))
  done(problem === undefined ? undefined : new RequestInvalidError(problem))
}
