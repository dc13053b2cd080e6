// pouchdb-browser ships no types; the sync bench's page (bench/sync.ts) describes the little it uses.
declare module 'pouchdb-browser' {
  const PouchDB: unknown
  export default PouchDB
}
