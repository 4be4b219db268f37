import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

export type SeedSpecFile = 'seed-merchant-api.txt' | 'seed-swap-api.txt'

export interface SeedSpec {
  path: string
  /** For a test's `skip` option: a reason on a developer's machine without the spec, else false. */
  skip: string | false
  /** The spec's text; fails the test when the file is missing. */
  read(): Promise<string>
}

/**
 * One of the two API contracts, which live outside the repository in `shared/spec` beside the
 * clone. A developer's checkout may not have them: the tests that compare with them skip and
 * say why. CI always lays `shared/` beside its clone, so there a missing spec means a broken
 * setup, and the test fails instead of passing silently with nothing checked.
 */
export function seedSpec(file: SeedSpecFile): SeedSpec {
  const path = fileURLToPath(new URL(`../../../shared/spec/${file}`, import.meta.url))
  const present = existsSync(path)
  return {
    path,
    skip: present || inCi() ? false : `seed spec not found at ${path}`,
    async read() {
      assert.ok(existsSync(path), `seed spec not found at ${path}; CI needs shared/spec beside the clone`)
      return readFile(path, 'utf8')
    },
  }
}

function inCi(): boolean {
  const ci = process.env.CI
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false'
}
