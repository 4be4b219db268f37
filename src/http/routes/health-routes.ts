import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { Kassa } from '../../app/kassa.js'

/**
 * /healthz: the process is up (for a restart policy). /readyz: it can serve, meaning the
 * database answers (for a load balancer); 503 otherwise.
 */
export async function healthRoutes(app: FastifyInstance, opts: { kassa: Kassa }): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(opts.kassa.deps.db)
      return { status: 'ready' }
    } catch (err) {
      opts.kassa.log.warn({ err }, 'readiness check failed')
      return reply.code(503).send({ status: 'unavailable' })
    }
  })
}
