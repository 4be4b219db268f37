/** A setting that is missing, malformed or inconsistent; the message names it. */
export class ConfigError extends Error {}
