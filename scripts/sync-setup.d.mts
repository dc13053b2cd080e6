export declare const DESIGN_DOC_ID: string
export declare const CORS_METHODS: string
export declare const CORS_HEADERS: string
/** couch/validate_doc_update.js's function as the server gets it (anonymous). */
export declare function validateSource(): string
export declare function shopDesignDoc(): { _id: string; language: string; validate_doc_update: string }
export declare function shopSecurity(): { admins: { names: string[]; roles: string[] }; members: { names: string[]; roles: string[] } }
export declare function splitDatabaseUrl(raw: string): { root: string; name: string; user?: string; password?: string }
export interface SetupResult {
  root: string
  database: string
  created: boolean
  designUpdated: boolean
  securityUpdated: boolean
  corsUpdated: boolean
  /** '*' or the origins, comma-separated. */
  origins: string
  api: 'couchdb' | 'pouchdb-server'
}
export declare function setupShopDatabase(options: {
  dbUrl: string
  user?: string
  password?: string
  origins?: readonly string[]
  fetch?: typeof fetch
  log?: (line: string) => void
}): Promise<SetupResult>
