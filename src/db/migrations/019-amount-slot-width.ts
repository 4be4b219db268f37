import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * `amount_slots` keyed by (currency, address, amount_digits, amount) (issue 17).
 *
 * SQLite keeps amounts as text, ordered as text, so the range of a base's candidates
 * ('1010000'…'1990000' for 1.00 USDT, in steps of 0.01) also held every longer amount that
 * starts the same way ('10010000', '150000000', …): in the benchmark a create read and parsed
 * about 78 slots for its 99 candidates; at one slot per whole USDT up to 30,000, 11,110. With
 * the amount's digit count ahead of it in the key, amounts of one width sort numerically and
 * the range holds only amounts between the candidates. PostgreSQL orders `numeric` by value
 * and never needed it; the column is there too so that both dialects share one query.
 *
 * SQLite cannot change a primary key in place: the table is rebuilt WITHOUT ROWID (the key is
 * the table: one B-tree to write per claim instead of a rowid table plus its key's index).
 */
export function amountSlotWidthMigration(d: DialectInfo): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (d.name === 'postgres') {
        await sql`alter table amount_slots add column amount_digits integer`.execute(db)
        await sql`update amount_slots set amount_digits = length(amount::text)`.execute(db)
        await sql`alter table amount_slots alter column amount_digits set not null`.execute(db)
        await sql`alter table amount_slots drop constraint amount_slots_pk`.execute(db)
        await sql`alter table amount_slots add constraint amount_slots_pk primary key (currency, address, amount_digits, amount)`.execute(
          db,
        )
        return
      }
      await db.schema
        .createTable('amount_slots_019')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('amount_digits', 'integer', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull()) // SQLite's money type
        .addColumn('payment_id', 'text', (c) => c.notNull().unique())
        .addPrimaryKeyConstraint('amount_slots_pk', ['currency', 'address', 'amount_digits', 'amount'])
        .modifyEnd(sql`without rowid`)
        .execute()
      await sql`insert into amount_slots_019 (currency, address, amount_digits, amount, payment_id)
        select currency, address, length(amount), amount, payment_id from amount_slots`.execute(db)
      await db.schema.dropTable('amount_slots').execute()
      await sql`alter table amount_slots_019 rename to amount_slots`.execute(db)
    },
  }
}
