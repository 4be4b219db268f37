import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { OperatorAuthError } from '../../errors/index.js'

/**
 * Operator authentication, deliberately small until the dashboard brings sessions and roles:
 * one shared token from KASSA_OPERATOR_TOKEN, sent as `Authorization: Bearer <token>`. When the
 * token is unset the operator routes are not registered at all (404), so a default install
 * exposes nothing. Both sides are hashed before the constant-time compare, so neither the
 * token's content nor its length leaks through timing.
 */
export function operatorAuthHook(token: string) {
  const expected = createHash('sha256').update(token).digest()
  return async function checkOperatorToken(req: FastifyRequest): Promise<void> {
    const header = req.headers.authorization
    const m = typeof header === 'string' ? /^Bearer (.+)$/i.exec(header) : null
    const given = createHash('sha256')
      .update(m?.[1] ?? '')
      .digest()
    if (!m || !timingSafeEqual(given, expected)) throw new OperatorAuthError()
  }
}
