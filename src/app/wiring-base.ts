import type { Logger } from 'pino'
import type { KassaConfig } from '../config/index.js'
import type { DatabaseHandle } from '../db/dialect.js'
import type { Repositories } from '../db/repositories/repositories.js'
import type { SecretBox } from '../security/secret-box.js'

/**
 * What every area's wiring (payment-, webhook-, swap-, dashboard-wiring.ts) starts from: the
 * configuration, the open database, the clock, the secret box and the log. Built once by
 * Kassa's constructor.
 */
export interface WiringBase {
  config: KassaConfig
  database: DatabaseHandle
  /** The database, table by table (db/repositories/repositories.ts). */
  repos: Repositories
  now: () => number
  /** Seals secrets at rest with the master key. */
  box: SecretBox
  log: Logger
}
