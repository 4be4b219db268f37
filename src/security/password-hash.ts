/** The native module loads on the first sign-in, not at start-up: most processes never hash. */
async function argon2() {
  return (await import('argon2')).default
}

/**
 * Dashboard passwords, hashed with argon2id (RFC 9106) in the PHC string format, which carries
 * its own parameters: raising them later leaves old hashes verifiable. The parameters are
 * OWASP's second recommended set (19 MiB, 2 passes, 1 lane): about 30 ms here, slow enough for
 * a stolen database, fast enough that sign-in never waits on it.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export async function hashPassword(password: string): Promise<string> {
  const a = await argon2()
  return a.hash(password, { ...OPTIONS, type: a.argon2id })
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(hash, password)
  } catch {
    // A malformed stored hash is a failed sign-in, never a 500.
    return false
  }
}

/**
 * A hash to verify against when the email is unknown, so a wrong email costs the same time as
 * a wrong password and the answer's timing does not tell which addresses have accounts.
 */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('kassa-decoy-password-never-valid')
  return decoy
}
