/** A whole-number benchmark setting from the environment, checked: a typo stops the run. */
export function intEnv(name, fallback, min, max) {
  const v = process.env[name]
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}`)
  return n
}
