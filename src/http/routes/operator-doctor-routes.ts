import type { FastifyInstance } from 'fastify'
import type { DoctorReport } from '../../services/doctor/run-doctor.js'
import { operatorRoute } from '../schemas/event-schemas.js'

export interface OperatorDoctorRouteDeps {
  /** Runs every check of `kassa doctor` (services/doctor/run-doctor.ts), reading only. */
  runDoctor: () => Promise<DoctorReport>
}

/**
 * `GET /operator/v1/doctor`: the report of `kassa doctor`, for a monitor. It answers 200 with
 * `data.ok` false when a check finds something: the request worked, the database is what is
 * wrong. Inside the /operator/v1 scope (operator-api-routes.ts), behind its Bearer token.
 */
export async function operatorDoctorRoutes(app: FastifyInstance, opts: OperatorDoctorRouteDeps): Promise<void> {
  app.get(
    '/doctor',
    {
      schema: {
        summary: 'Consistency checks of the ledger, payments, webhooks and payouts (kassa doctor)',
        description:
          'Read only. data.ok is false when any check has findings; each check lists its findings (the row id and what is wrong).',
        ...operatorRoute,
      },
    },
    async () => ({ success: true, data: await opts.runDoctor() }),
  )
}
