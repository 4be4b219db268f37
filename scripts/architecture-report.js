#!/usr/bin/env node
// Counts what the layering rules of docs/ARCHITECTURE.md forbid, so a change can show its
// before and after: query-builder calls outside src/db/, database row types used outside
// src/db/, import circles in src/, and files that import the whole application (app/kassa.ts).
// `node scripts/architecture-report.js` prints the counts; `--list` names every place.
// test/architecture/boundaries.test.ts holds the same rules at zero.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const src = join(root, 'src')

function sourceFiles(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(?:<[^>]*>)?`/g
const ROW_TYPES = /\b(Selectable|Insertable|Updateable)</g
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g

export function architectureReport() {
  const files = sourceFiles(src)
  const rel = (f) => relative(root, f)
  const inDb = (f) => rel(f).startsWith('src/db/')
  const queries = []
  const rowTypes = []
  const kassaImporters = []
  const graph = new Map()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const imports = [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1].replace(/\.js$/, '.ts')))
    graph.set(
      file,
      imports.filter((i) => i.startsWith(src)),
    )
    if (imports.some((i) => rel(i) === 'src/app/kassa.ts')) kassaImporters.push(rel(file))
    if (inDb(file)) continue
    const q = [...text.matchAll(QUERY)].length
    if (q > 0) queries.push({ file: rel(file), count: q })
    // A row type is a table's shape: imported from db/schema.ts, or built with Selectable<…>.
    const rowImports = imports.filter((i) => rel(i) === 'src/db/schema.ts').length + [...text.matchAll(ROW_TYPES)].length
    const rowNames = [...text.matchAll(/import type \{([^}]*)\}\s+from\s+['"][^'"]*db\/[^'"]+['"]/g)]
      .flatMap((m) => m[1].split(','))
      .filter((n) => /Row\b/.test(n)).length
    if (rowImports + rowNames > 0) rowTypes.push({ file: rel(file), count: rowImports + rowNames })
  }
  const imports = new Map([...graph].map(([f, is]) => [rel(f), is.map(rel)]))
  return { files: files.length, queries, rowTypes, circles: importCircles(graph).map((c) => c.map(rel)), kassaImporters, imports }
}

/** Strongly connected components of more than one file (Tarjan): each is an import circle. */
function importCircles(graph) {
  let index = 0
  const indices = new Map()
  const low = new Map()
  const stack = []
  const onStack = new Set()
  const out = []
  const visit = (v) => {
    indices.set(v, index)
    low.set(v, index)
    index++
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!indices.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v), low.get(w)))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), indices.get(w)))
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component = []
      let w
      do {
        w = stack.pop()
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) out.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!indices.has(v)) visit(v)
  return out
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const r = architectureReport()
  const sum = (xs) => xs.reduce((s, x) => s + x.count, 0)
  console.log(`source files:                      ${r.files}`)
  console.log(`query-builder calls outside db/:   ${sum(r.queries)} in ${r.queries.length} files`)
  console.log(`row types used outside db/:        ${sum(r.rowTypes)} in ${r.rowTypes.length} files`)
  console.log(`import circles:                    ${r.circles.length} (${r.circles.reduce((s, c) => s + c.length, 0)} files)`)
  console.log(`files importing app/kassa.ts:      ${r.kassaImporters.length}`)
  if (process.argv.includes('--list')) {
    for (const q of r.queries) console.log(`  query  ${q.file} ${q.count}`)
    for (const t of r.rowTypes) console.log(`  rows   ${t.file} ${t.count}`)
    for (const c of r.circles) console.log(`  circle ${c.join(' ↔ ')}`)
    for (const f of r.kassaImporters) console.log(`  kassa  ${f}`)
  }
}
