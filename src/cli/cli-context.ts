import pino from 'pino'
import { Kassa } from '../app/kassa.js'
import { loadConfig } from '../config/index.js'
import { StoreSettingsError } from '../domain/stores/store.js'
import { AppError } from '../errors/index.js'

/** An error whose message is the whole story for the person at the terminal. */
export class CliError extends Error {}

/**
 * Opens Kassa for one CLI command (same config and database as the server) and closes it
 * after. Known errors become a one-line message and exit code 1; logs stay quiet on stderr.
 */
export async function withKassa<T>(work: (kassa: Kassa) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const kassa = await Kassa.open({ config, logger: pino({ level: 'warn' }, pino.destination(2)) })
  try {
    return await work(kassa)
  } catch (err) {
    if (err instanceof AppError || err instanceof StoreSettingsError) throw new CliError(err.message)
    throw err
  } finally {
    await kassa.close()
  }
}

export function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliError(`${name} must be a whole number ≥ 1`)
    return Number(value)
  }
}
