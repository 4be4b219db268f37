/**
 * What a dashboard password must be, as data and one pure function (NIST SP 800-63B §5.1.1.2:
 * length over composition rules, and no password that attackers try first). The list is short
 * on purpose: it catches the passwords people actually type, not a dictionary.
 */
export const PASSWORD_MIN_LENGTH = 10
/** argon2 hashes any length, but a megabyte "password" is an attack on the hashing time. */
export const PASSWORD_MAX_LENGTH = 200

const COMMON = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  '1234567890',
  '12345678910',
  '0123456789',
  '1111111111',
  '0000000000',
  '1q2w3e4r5t',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'qwertyuiop1',
  'asdfghjkl1',
  'iloveyou12',
  'letmein123',
  'welcome123',
  'administrator',
  'admin12345',
  'changeme123',
  'kassa12345',
  'kassakassa',
  'bitcoin123',
  'dragon1234',
  'football12',
  'baseball12',
  'sunshine12',
  'princess12',
  'monkey1234',
  'trustno1234',
  'abc1234567',
])

/** Why this password is refused, in words for the person choosing it; null when it is fine. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`
  if (password.length > PASSWORD_MAX_LENGTH) return `The password must have at most ${PASSWORD_MAX_LENGTH} characters.`
  const lower = password.toLowerCase()
  if (COMMON.has(lower)) return 'This password is one of the most common ones; choose another.'
  if (new Set(lower).size < 4) return 'The password repeats too few characters; choose another.'
  const local = email.toLowerCase().split('@')[0] ?? ''
  if (local.length >= 4 && lower.includes(local)) return 'The password must not contain your email address.'
  return null
}

/** A plain email check: one @, something on both sides, a dot in the domain, no spaces. */
export function emailProblem(email: string): string | null {
  if (email.length > 254) return 'The email address is too long.'
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return 'Enter a valid email address.'
  return null
}
