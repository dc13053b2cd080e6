export declare const BUDGET_BYTES: number
export declare const FIRST_VISIT_BUDGET_BYTES: number
export declare const STARTUP_DYNAMIC_CHUNKS: RegExp[]
export declare const FIRST_VISIT_CHUNKS: RegExp[]
export declare function entryScripts(html: string): string[]
export declare function staticImports(code: string): string[]
export declare function dynamicImports(code: string): string[]
export declare function firstPageScripts(distDir: string, startupChunks?: readonly RegExp[]): { path: string; bytes: number; gzip: number }[]
export interface BudgetFile {
  path: string
  bytes: number
  gzip: number
}
export declare function budgetReport(
  distDir: string,
  firstVisitChunks?: readonly RegExp[],
  budget?: number,
): { everyVisit: BudgetFile[]; firstVisit: BudgetFile[]; everyVisitTotal: number; firstVisitTotal: number; problems: string[] }
