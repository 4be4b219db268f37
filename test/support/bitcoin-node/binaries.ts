import { execFileSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

export type Coin = 'BTC' | 'LTC'

const BINARY: Record<Coin, { name: string; env: string }> = {
  BTC: { name: 'btcd', env: 'KASSA_BTCD' },
  LTC: { name: 'ltcd', env: 'KASSA_LTCD' },
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

let goBin: string | undefined
function goBinDir(): string {
  if (goBin === undefined) {
    try {
      goBin = join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), 'bin')
    } catch {
      goBin = '/root/go/bin'
    }
  }
  return goBin
}

/**
 * Where btcd/ltcd is: $KASSA_BTCD / $KASSA_LTCD, else `go install`'s $(go env GOPATH)/bin
 * (where .ci/run puts them; /root/go/bin without a go tool), else PATH. Undefined when absent.
 */
export function nodeBinary(coin: Coin): string | undefined {
  const { name, env } = BINARY[coin]
  const fromEnv = process.env[env]
  if (fromEnv) return executable(fromEnv) ? fromEnv : undefined
  const candidates = [join(goBinDir(), name), ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, name))]
  return candidates.find(executable)
}

export function bitcoinNodesAvailable(coins: Coin[] = ['BTC', 'LTC']): boolean {
  return coins.every((c) => nodeBinary(c) !== undefined)
}

/**
 * For `describe(..., { skip: bitcoinNodesSkipReason() })`: false when the nodes are here, else
 * the reason to skip; but CI sets KASSA_REQUIRE_BITCOIN_NODES=1, and then a missing node throws,
 * so a CI run never passes without the Bitcoin and Litecoin tests (as KASSA_REQUIRE_POSTGRES).
 */
export function bitcoinNodesSkipReason(coins: Coin[] = ['BTC', 'LTC']): string | false {
  const missing = coins.filter((c) => nodeBinary(c) === undefined).map((c) => BINARY[c].name)
  if (missing.length === 0) return false
  const install = 'go install github.com/btcsuite/btcd@v0.24.2 github.com/ltcsuite/ltcd@v0.0.0-20190101042124-f37f8bf35796'
  if (process.env.KASSA_REQUIRE_BITCOIN_NODES === '1') {
    throw new Error(`KASSA_REQUIRE_BITCOIN_NODES=1 but ${missing.join(' and ')} not found (${install})`)
  }
  const reason = `Bitcoin node tests skipped: ${missing.join(' and ')} not found (${install}; CI sets KASSA_REQUIRE_BITCOIN_NODES=1)`
  console.log(`# ${reason}`)
  return reason
}
