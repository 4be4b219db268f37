import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * The dashboard: people who sign in (each belongs to one account; the operator is a flag on a
 * person, not a separate kind of login), their sessions (only the SHA-256 of the cookie's
 * token is stored), the login throttle's counters, and the operator's settings as key/value.
 */
export function dashboardMigration(d: DialectInfo): Migration {
  const time = d.timeType
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        // Lower-cased: one person, one address, whatever case they type it in.
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_operator', 'integer', (c) => c.notNull())
        // Sealed with the master key, like store secrets; null until two-factor is switched on.
        .addColumn('totp_secret_enc', 'text')
        // The last TOTP time step accepted: a code is good once (RFC 6238 §5.2).
        .addColumn('totp_last_step', 'integer')
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('users_account').on('users').column('account_id').execute()

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        // 'password': the password was right, the TOTP code is still due; 'full': signed in.
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('expires_at', time, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

      // Failed logins per key ('email:<address>', 'ip:<address>') in a sliding window.
      await db.schema
        .createTable('login_throttle')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', time, (c) => c.notNull())
        .addColumn('locked_until', time, (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('operator_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute()
    },
  }
}
