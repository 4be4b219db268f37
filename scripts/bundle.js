// Bundles the compiled CLI and server (dist/cli/main.js, made by tsc) into one file,
// dist/kassa.js, which bin/kassa.js runs. Why: Node 20 resolves, reads and compiles every ES
// module file on its own, and `kassa serve` loads about 1,100 of them (426 of Kassa's, 288 of
// Kysely's, hundreds more of its libraries). Measured (docs/PERFORMANCE.md, issue 17): loading
// the modules (`kassa --help`) 0.77 s → 0.45 s; start to ready 1.58–1.66 s → 1.28–1.43 s on the
// same VM in a slow period. Same code: the bundle is made from the dist/ that tsc type-checked,
// by the same `npm run build`.
import { build } from 'esbuild'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

await build({
  entryPoints: [join(root, 'dist/cli/main.js')],
  outfile: join(root, 'dist/kassa.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked', // follows dist/'s maps back to src/ (node --enable-source-maps)
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Left to Node, loaded from node_modules as before:
  external: [
    // native addons;
    'better-sqlite3',
    'argon2',
    // libraries that read their own files at run time (swagger-ui's static assets, swagger's
    // package.json) or start workers from their own files (pino's transports);
    '@fastify/swagger-ui',
    '@fastify/swagger',
    'pino',
    'thread-stream',
    // libraries Kassa imports only when a live network uses them: in the bundle they would be
    // parsed at every start.
    'viem',
    'pg',
  ],
  // CommonJS libraries inside an ES module bundle still call require(), and a few use __dirname.
  banner: {
    js: [
      "import { createRequire as __kassaRequire } from 'node:module'",
      "import { fileURLToPath as __kassaPath } from 'node:url'",
      "import { dirname as __kassaDir } from 'node:path'",
      'const require = __kassaRequire(import.meta.url)',
      'const __filename = __kassaPath(import.meta.url)',
      'const __dirname = __kassaDir(__filename)',
    ].join('; '),
  },
})
