import { readFileSync } from 'node:fs'
import * as z from 'zod'
import { ConfigError } from './config-error.js'

/**
 * What every real-network file (KASSA_EVM_NETWORKS_FILE, KASSA_TRON_NETWORKS_FILE) shares:
 * a JSON array read from disk, keys only in sealed form, and errors that name the file, the
 * entry and the field.
 */

/** A secret sealed by `kassa secret seal`: a copied config file pays nobody. */
export const sealedSecret = z
  .string()
  .regex(/^v1\.[^.]+\.[^.]+\.[^.]*$/, 'must be sealed with `kassa secret seal` (v1.…), never the key in clear')

/** Where deposit addresses come from: an xpub only derives them, a mnemonic can also sweep. */
export type DepositKeysConfig = { xpub: string } | { mnemonicSealed: string }
/** The operator's wallet that payouts are sent from and sweeps go to. */
export type HotWalletConfig = { privateKeySealed: string } | { mnemonicSealed: string }

/** `{ "xpub": "xpub…" }` or `{ "mnemonic": "v1.…" }`, as the file spells them. */
export const depositKeysField = z
  .union([
    z.object({ xpub: z.string().regex(/^[xt]pub[1-9A-HJ-NP-Za-km-z]{100,120}$/, 'must be an extended public key (xpub…)') }).strict(),
    z.object({ mnemonic: sealedSecret }).strict(),
  ])
  .transform((d): DepositKeysConfig => ('xpub' in d ? { xpub: d.xpub } : { mnemonicSealed: d.mnemonic }))

/** `{ "privateKey": "v1.…" }` or `{ "mnemonic": "v1.…" }`; absent: the network only receives. */
export const hotWalletField = z
  .union([z.object({ privateKey: sealedSecret }).strict(), z.object({ mnemonic: sealedSecret }).strict()])
  .transform((h): HotWalletConfig => ('privateKey' in h ? { privateKeySealed: h.privateKey } : { mnemonicSealed: h.mnemonic }))
  .optional()

/** A network name: part of the network id in the database and logs. */
export const networkName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1–32 lowercase letters, digits or dashes')

export const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')

/**
 * A block explorer's page for one transaction, `{tx}` standing for its hash (optional, per
 * network): `"explorerTxUrl": "https://etherscan.io/tx/{tx}"`. The dashboard links a payment's
 * transaction there; without it the hash is shown as text.
 */
export const explorerTxUrlField = z
  .string()
  .max(500)
  .refine((u) => /^https?:\/\/\S+$/.test(u) && u.includes('{tx}') && URL.canParse(u.replace('{tx}', 'x')), {
    message: 'must be an http(s) URL with {tx} where the transaction hash goes',
  })
  .optional()

/** The parsed entries, or a ConfigError listing every problem as `file: [path] message`. */
export function parseNetworkEntries<T extends z.ZodTypeAny>(schema: T, json: unknown, where: string, what: string): z.infer<T>[] {
  const parsed = z.array(schema).safeParse(json)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${where}: [${i.path.join('.')}] ${i.message}`)
    throw new ConfigError(`Invalid ${what} configuration:\n${lines.join('\n')}`)
  }
  return parsed.data
}

/** A ConfigError about entry `index` of the file, for checks across fields. */
export function entryError(what: string, where: string, index: number, message: string): ConfigError {
  return new ConfigError(`Invalid ${what} configuration:\n  ${where}: [${index}] ${message}`)
}

/** The file's JSON, or a ConfigError naming the variable and the file. */
export function readNetworksFile(variable: string, file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError(`${variable}: cannot read ${file}: ${(err as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new ConfigError(`${variable}: ${file} is not JSON: ${(err as Error).message}`)
  }
}
