export interface ArchitectureReport {
  files: number
  queries: { file: string; count: number }[]
  rowTypes: { file: string; count: number }[]
  circles: string[][]
  kassaImporters: string[]
  imports: Map<string, string[]>
}
export function architectureReport(): ArchitectureReport
