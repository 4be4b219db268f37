import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { ConfigError } from './config-error.js'

/**
 * The key that encrypts store secrets at rest. Given as KASSA_MASTER_KEY (base64 of 32 bytes)
 * in production; otherwise generated once into the data dir with owner-only permissions, so a
 * first `npm start` works and later starts can still read what the first one wrote.
 */
export function resolveMasterKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured !== undefined) return decodeKey(configured, 'KASSA_MASTER_KEY')
  const file = join(dataDir, 'master.key')
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8').trim(), file)
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32)
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
  return key
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text, 'base64')
  if (key.length !== 32 || key.toString('base64') !== text) {
    throw new ConfigError(`${where} must be base64 of exactly 32 bytes (openssl rand -base64 32)`)
  }
  return key
}
