/**
 * Products as CSV: the columns, reading a file into checked rows with a report of every
 * problem (row number, field, problem), and writing products out. Pure — no database —
 * so it runs in the import worker too. Parsing and quoting are Papa Parse's: quoted
 * fields, embedded commas, quotes and newlines, BOMs and line endings are its job.
 */
import Papa from 'papaparse'
import { ValidationError } from '../domain/errors'
import { minorToDecimal } from '../domain/money'
import { LOW_STOCK_THRESHOLD } from '../domain/product'
import { checkProductInput, type ProductDetails } from '../domain/productInput'

export const CSV_COLUMNS = ['sku', 'name', 'category', 'description', 'price', 'stock', 'low_stock_threshold', 'archived'] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]
const REQUIRED: readonly CsvColumn[] = ['sku', 'name', 'category', 'price', 'stock']
/** The most rows one import takes. */
export const MAX_IMPORT_ROWS = 200_000
/** The report lists this many problems; a count says how many more there are. */
export const MAX_REPORTED_PROBLEMS = 500

/** The form's field names, as CSV column names, for the report. */
const COLUMN_OF_FIELD: Record<string, CsvColumn> = { lowStockThreshold: 'low_stock_threshold' }

export interface CsvProblem {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number
  /** The column, or '' for the row or file as a whole. */
  field: string
  problem: string
}

export interface CsvProductRow {
  row: number
  details: ProductDetails
  stock: number
  archived: boolean
}

export interface ParsedProductsCsv {
  rows: CsvProductRow[]
  problems: CsvProblem[]
  /** Problems found beyond the ones listed. */
  moreProblems: number
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, their full-width forms ＝ ＋ － ＠,
 * which a spreadsheet in a Japanese or Chinese locale also runs, tab or CR first) is written with
 * a ' in front; so is one that already starts with quotes before such a character, so that
 * reading can always take exactly one ' off again and get back what was written.
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
function unescapeFormula(value: string): string {
  return /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) ? value.slice(1) : value
}

function parseArchived(value: string): boolean {
  const v = value.trim().toLowerCase()
  if (['', 'no', 'false', '0'].includes(v)) return false
  if (['yes', 'true', '1'].includes(v)) return true
  throw new ValidationError('archived', 'Write yes or no.')
}

/**
 * Reads a CSV of products and checks every row. Rows come back only when there is no
 * problem at all: an import is all or nothing.
 */
export function parseProductsCsv(text: string, fractionDigits: number): ParsedProductsCsv {
  const problems: CsvProblem[] = []
  let total = 0
  const report = (problem: CsvProblem) => {
    total += 1
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem)
  }
  const done = (rows: CsvProductRow[]): ParsedProductsCsv => ({
    rows: total === 0 ? rows : [],
    problems,
    moreProblems: total - problems.length,
  })

  const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: false })
  for (const error of parsed.errors) {
    report({ row: (error.row ?? 0) + 1, field: '', problem: `The file is not valid CSV here: ${error.message}.` })
  }
  const [header = [], ...records] = parsed.data
  const columns = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'))
  if (columns.every((c) => c === '')) {
    report({ row: 1, field: '', problem: `The file is empty. The first row must name the columns: ${CSV_COLUMNS.join(', ')}.` })
    return done([])
  }
  const seen = new Set<string>()
  for (const column of columns) {
    if (column !== '' && seen.has(column)) report({ row: 1, field: column, problem: `The column "${column}" appears twice.` })
    seen.add(column)
  }
  for (const column of REQUIRED) {
    if (!seen.has(column)) report({ row: 1, field: column, problem: `The column "${column}" is missing.` })
  }
  if (total > 0) return done([])
  if (records.length > MAX_IMPORT_ROWS) {
    report({ row: 1, field: '', problem: `The file has ${records.length.toLocaleString('en-US')} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} at a time.` })
    return done([])
  }

  const index = new Map(columns.map((c, i) => [c, i]))
  const rows: CsvProductRow[] = []
  const rowOfSku = new Map<string, number>()
  records.forEach((cells, i) => {
    const row = i + 2
    if (cells.every((c) => c.trim() === '')) return
    if (cells.length > columns.length && cells.slice(columns.length).some((c) => c.trim() !== '')) {
      report({ row, field: '', problem: `This row has ${cells.length} cells but the header names ${columns.length} columns.` })
      return
    }
    const cell = (column: CsvColumn) => {
      const at = index.get(column)
      return unescapeFormula(at === undefined ? '' : (cells[at] ?? ''))
    }
    const checked = checkProductInput(
      {
        sku: cell('sku'),
        name: cell('name'),
        category: cell('category'),
        description: cell('description'),
        price: cell('price'),
        stock: cell('stock'),
        lowStockThreshold: index.has('low_stock_threshold') && cell('low_stock_threshold').trim() !== '' ? cell('low_stock_threshold') : String(LOW_STOCK_THRESHOLD),
      },
      fractionDigits,
    )
    let archived = false
    try {
      archived = parseArchived(cell('archived'))
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      report({ row, field: 'archived', problem: err.message })
    }
    if (!checked.ok) {
      for (const [field, problem] of Object.entries(checked.fields)) report({ row, field: COLUMN_OF_FIELD[field] ?? field, problem })
      return
    }
    const { stock = 0, ...details } = checked.value
    const earlier = rowOfSku.get(details.sku)
    if (earlier !== undefined) {
      report({ row, field: 'sku', problem: `SKU ${details.sku} is also on row ${earlier}; each product may appear once.` })
      return
    }
    rowOfSku.set(details.sku, row)
    rows.push({ row, details, stock, archived })
  })
  if (rows.length === 0 && total === 0) report({ row: 2, field: '', problem: 'The file has a header but no products.' })
  return done(rows)
}

/** What a product looks like in a CSV file. */
export interface CsvProductOut extends ProductDetails {
  stock: number
  archived: boolean
}

/**
 * Products as CSV text (RFC 4180, CRLF). Prices are plain decimals in major units
 * ("12.99"), which spreadsheets and the importer read back exactly. Cells that start like a
 * formula get a leading ' so a spreadsheet shows them as text.
 */
export function productsToCsv(products: readonly CsvProductOut[], fractionDigits: number, { header = true } = {}): string {
  const data = products.map((p) => [
    p.sku,
    p.name,
    p.category,
    p.description,
    minorToDecimal(p.price, fractionDigits),
    String(p.stock),
    String(p.lowStockThreshold),
    p.archived ? 'yes' : 'no',
  ])
  const csv = Papa.unparse({ fields: [...CSV_COLUMNS], data }, { header, escapeFormulae: FORMULA_LIKE, newline: '\r\n' })
  return csv.replace(/\r\n$/, '')
}
