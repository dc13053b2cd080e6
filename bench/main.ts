import { ShopDatabase } from '../src/db/database'
import { seedInChunks } from '../src/db/seed'
import { generateProducts } from '../src/db/synthetic'
import { productIndexFields } from '../src/domain/product'

async function seedOurs(n: number, chunkSize = 1000) {
  await new ShopDatabase('bench-ours').delete()
  const db = new ShopDatabase('bench-ours')
  await db.open()
  const products = generateProducts(n, { now: 1 })
  const t = performance.now()
  await seedInChunks(db, products, { chunkSize })
  const ms = performance.now() - t
  db.close()
  return ms
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error) })
}

async function rawWithIndexes(n: number, indexes: string[], chunk = 1000) {
  await req(indexedDB.deleteDatabase('raw-exp'))
  const open = indexedDB.open('raw-exp', 1)
  open.onupgradeneeded = () => {
    const s = open.result.createObjectStore('p', { keyPath: 'id', autoIncrement: true })
    for (const i of indexes) {
      const multi = i.startsWith('*')
      const name = multi ? i.slice(1) : i
      const keyPath = name.startsWith('[') ? name.slice(1, -1).split('+') : name
      s.createIndex(name, keyPath, { multiEntry: multi })
    }
  }
  const db = await req(open)
  const products = generateProducts(n, { now: 1 }).map((p) => ({ ...p, ...productIndexFields(p) }))
  const t = performance.now()
  for (let i = 0; i < n; i += chunk) {
    const tx = db.transaction('p', 'readwrite')
    const s = tx.objectStore('p')
    for (const p of products.slice(i, i + chunk)) s.add(p)
    await new Promise((r) => (tx.oncomplete = r))
  }
  const ms = performance.now() - t
  db.close()
  return ms
}
Object.assign(window, { bench: { seedOurs, rawWithIndexes } })
