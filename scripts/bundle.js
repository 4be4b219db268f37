// Bundles the compiled CLI and server (dist/cli/main.js, made by tsc) into one file,
// dist/kassa.js, which bin/kassa.js runs, plus dist/chunks/ for what loads on demand. Why: Node
// 20 resolves, reads and compiles every ES module file on its own, and `kassa serve` loads about
// 1,100 of them (426 of Kassa's, 288 of Kysely's, hundreds more of its libraries). Measured
// (docs/PERFORMANCE.md, issue 17): loading the modules (`kassa --help`) 0.77 s → 0.45 s; start to
// ready 1.58–1.66 s → 1.28–1.43 s on the same VM in a slow period. Same code: the bundle is made
// from the dist/ that tsc type-checked, by the same `npm run build`.
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

// Chunks are named by content hash: the previous build's would pile up.
rmSync(join(root, 'dist/chunks'), { recursive: true, force: true })

await build({
  entryPoints: { kassa: join(root, 'dist/cli/main.js') },
  outdir: join(root, 'dist'),
  bundle: true,
  // What Kassa imports only when it needs it (a live network's adapter, the QR code library)
  // goes into dist/chunks/, loaded then: not parsed at every start (the main file 3.1 → 2.5 MB).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
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
