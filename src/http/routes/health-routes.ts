import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'

/** What the health probes use. */
export interface HealthRouteDeps {
  /** Resolves when the database answers, throws otherwise (db/readiness.ts). */
  checkDatabase: () => Promise<void>
  log: Logger
}

/**
 * /healthz: the process is up (for a restart policy). /readyz: it can serve, meaning the
 * database answers (for a load balancer); 503 otherwise.
 */
export async function healthRoutes(app: FastifyInstance, opts: HealthRouteDeps): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await opts.checkDatabase()
      return { status: 'ready' }
    } catch (err) {
      opts.log.warn({ err }, 'readiness check failed')
      return reply.code(503).send({ status: 'unavailable' })
    }
  })
}
