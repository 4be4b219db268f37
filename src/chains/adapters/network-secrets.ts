import { ConfigError } from '../../config/config-error.js'
import type { SecretBox } from '../../security/secret-box.js'

/**
 * Opening a real network's sealed keys with the master key, where every failure is a
 * ConfigError naming the networks file, the network and the field (`…: [hotWallet.privateKey] …`),
 * so the operator goes straight to the line. `keyError`: the family's own "not a key" error,
 * whose message becomes the reason.
 */
export function networkSecrets(box: SecretBox, where: string, keyError: abstract new (...args: never[]) => Error) {
  return {
    /** The clear text of a sealed field. */
    open(sealed: string, field: string): string {
      try {
        return box.open(sealed)
      } catch {
        throw new ConfigError(`${where}: [${field}] cannot be opened with this master key (sealed with another one?)`)
      }
    },
    /** A key made from the field's text; the family's key error names the field. */
    key<T>(field: string, make: () => T): T {
      try {
        return make()
      } catch (err) {
        if (err instanceof keyError) throw new ConfigError(`${where}: [${field}] ${err.message}`)
        throw err
      }
    },
  }
}
