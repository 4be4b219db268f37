/** ISO-8601 in UTC to the second, the seeds' "2025-01-15T12:30:00Z" form. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
