// The shop's rules on the sync server: CouchDB runs this function on every write to the shop's
// database (a PUT, a DELETE, each document of a _bulk_docs) and refuses the write when it throws
// {forbidden: reason}. The device shows the reason to a person ("The server refused your change
// to … : <reason>"), so every reason is a sentence a shop person understands.
//
// scripts/sync-setup.mjs sends this file's function (from its `function` line on, without its
// name) as `_design/shop`'s validate_doc_update; tests/unit/sync/validate.test.ts evaluates
// the very same text. Plain ES5 on purpose: CouchDB's JavaScript engine (SpiderMonkey or
// QuickJS, by version) and pouchdb-server both run it, and neither has modules or imports.
//
// Documents (docs/sync.md): `_id` is `<table>:<key>`, the body `{table, data, hlc, device}`;
// a deletion `{_deleted: true, …}`. `stock:<productId>` is the per-product stock document
// `{level, rows}` (the online no-oversell lock). Roles: `shop-owner` writes everything,
// `shop-seller` (a till) writes sales: orders, payments, cart lines, ledger rows of sales and
// cancellations (created, never changed), stock documents, customer accounts.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- CouchDB calls it; the setup script sends its text
function validate_doc_update(newDoc, oldDoc, userCtx) {
  var OWNER = 'shop-owner'
  var SELLER = 'shop-seller'
  var roles = (userCtx && userCtx.roles) || []

  function refuse(reason) {
    throw { forbidden: reason }
  }
  // Not `instanceof Array`: a server may hand over documents made in another JavaScript context.
  function isArray(value) {
    return Object.prototype.toString.call(value) === '[object Array]'
  }
  function isObject(value) {
    return value !== null && typeof value === 'object' && !isArray(value)
  }
  function isWholeNumber(value) {
    return typeof value === 'number' && isFinite(value) && Math.floor(value) === value
  }
  // A JSON text with every object's keys sorted: two devices may write a record's fields in
  // another order, and that is not a change.
  function canonical(value) {
    if (isArray(value)) {
      var items = []
      for (var i = 0; i < value.length; i++) items.push(canonical(value[i]))
      return '[' + items.join(',') + ']'
    }
    if (isObject(value)) {
      var keys = []
      for (var k in value) if (Object.prototype.hasOwnProperty.call(value, k) && value[k] !== undefined) keys.push(k)
      keys.sort()
      var parts = []
      for (var j = 0; j < keys.length; j++) parts.push(JSON.stringify(keys[j]) + ':' + canonical(value[keys[j]]))
      return '{' + parts.join(',') + '}'
    }
    return JSON.stringify(value === undefined ? null : value)
  }
  // The fields whose value differs between two records.
  function changedFields(a, b) {
    var changed = []
    var seen = {}
    var k
    for (k in a) if (Object.prototype.hasOwnProperty.call(a, k)) seen[k] = true
    for (k in b) if (Object.prototype.hasOwnProperty.call(b, k)) seen[k] = true
    for (k in seen) if (canonical(a[k]) !== canonical(b[k])) changed.push(k)
    return changed
  }
  function onlyThese(changed, allowed) {
    for (var i = 0; i < changed.length; i++) if (allowed.indexOf(changed[i]) === -1) return false
    return true
  }
  function quoted(text) {
    return typeof text === 'string' && text !== '' ? '"' + text + '"' : ''
  }

  // The server's administrator (the setup script, repairs) is not held to the shop's rules.
  if (roles.indexOf('_admin') !== -1) return
  // _security already turns anonymous requests away; this is the second lock on the door.
  if (!userCtx || !userCtx.name) refuse('Sign in to the shop first: the server takes no changes from someone not signed in.')
  var isOwner = roles.indexOf(OWNER) !== -1
  var isSeller = roles.indexOf(SELLER) !== -1
  if (!isOwner && !isSeller) {
    refuse('The account ' + quoted(userCtx.name) + ' has no role in this shop: the owner must give it the owner or seller role.')
  }

  var id = String(newDoc._id)
  if (id.indexOf('_design/') === 0) refuse("Only the server's administrator may change the shop's rules.")
  var colon = id.indexOf(':')
  if (colon <= 0 || colon === id.length - 1) refuse('The server keeps only the shop\'s records, named "<table>:<key>"; "' + id + '" is not one.')
  var table = id.slice(0, colon)
  var key = id.slice(colon + 1)
  var TABLES = ['users', 'products', 'stockLedger', 'orders', 'payments', 'cartItems', 'meta', 'stock']
  if (TABLES.indexOf(table) === -1) refuse('The server does not keep "' + table + '" records for the shop.')
  if (table === 'meta' && key !== 'shopSettings') refuse("Of this device's own facts only the shop's settings are shared; " + key + ' stays on the device.')

  // The document as it was: a deleted one counts as none (a record may be made again).
  var old = oldDoc && !oldDoc._deleted ? oldDoc : null
  var oldData = old && isObject(old.data) ? old.data : {}

  // Deletions: the device sends a tombstone, or a plain DELETE.
  if (newDoc._deleted === true) {
    if (!old) return
    if (table === 'stockLedger') refuse('Stock ledger rows are never deleted: record a correcting stock change instead.')
    if (isOwner) return
    if (table === 'cartItems') return
    if (table === 'products') refuse("Only the shop's owner may delete products" + (oldData.name ? ' (' + quoted(oldData.name) + ')' : '') + '.')
    if (table === 'users') refuse("Only the shop's owner may delete accounts" + (oldData.username ? ' (' + quoted(oldData.username) + ')' : '') + '.')
    if (table === 'meta') refuse("Only the shop's owner may change the shop's settings.")
    if (table === 'orders' || table === 'payments') refuse("A sale is never deleted from a till: only the shop's owner may delete orders and payments.")
    refuse("Only the shop's owner may delete a product's stock count.")
  }

  // The per-product stock document: {level, rows}, no table record behind it.
  if (table === 'stock') {
    if (newDoc.table !== undefined && newDoc.table !== 'stock') refuse('A stock count "' + id + '" must say it is one (table "stock").')
    if (!isWholeNumber(newDoc.level)) refuse('A stock count needs a whole number of units.')
    if (!isArray(newDoc.rows)) refuse('A stock count needs the list of stock changes it has applied.')
    for (var r = 0; r < newDoc.rows.length; r++) if (typeof newDoc.rows[r] !== 'string') refuse('A stock count lists its stock changes by their ids.')
    return
  }

  // Every other document is one record of the shop.
  if (newDoc.table !== table) refuse('The record "' + id + '" says it belongs to "' + newDoc.table + '": its name and its table must agree.')
  if (!isObject(newDoc.data)) refuse('The record "' + id + '" came without its contents.')
  if (typeof newDoc.hlc !== 'string' || newDoc.hlc === '') refuse('The record "' + id + '" came without the time of its change.')
  var data = newDoc.data
  var keyField = table === 'meta' ? 'key' : 'id'
  if (table === 'cartItems') {
    if ((data.userId !== undefined || data.productId !== undefined) && data.userId + ':' + data.productId !== key) {
      refuse('The cart line "' + id + '" names another account or product than its contents.')
    }
  } else if (data[keyField] !== undefined && String(data[keyField]) !== key) {
    refuse('The record "' + id + '" holds the contents of another record (' + data[keyField] + ').')
  }

  if (table === 'stockLedger') {
    if (old) {
      // Sending the same row again (a retry, a second device that made the same once-only row) is no change.
      if (changedFields(oldData, data).length === 0) return
      refuse('Stock ledger rows are never changed: record a new stock change instead.')
    }
    var REASONS = ['initial', 'restock', 'adjustment', 'sale', 'cancellation']
    if (typeof data.productId !== 'string' || data.productId === '') refuse('A stock change must name its product.')
    if (!isWholeNumber(data.delta)) refuse('A stock change must be a whole number of units.')
    if (REASONS.indexOf(data.reason) === -1) refuse('A stock change needs a reason: initial stock, restock, adjustment, sale or cancellation.')
    if (data.reason === 'sale' && !(data.delta < 0)) refuse('A sale must take units out of stock.')
    if (data.reason === 'cancellation' && !(data.delta > 0)) refuse('A cancellation must put units back in stock.')
    if (!isOwner && data.reason !== 'sale' && data.reason !== 'cancellation') {
      refuse("Only the shop's owner may restock or adjust stock; a till records sales and cancellations.")
    }
    return
  }

  if (isOwner) return

  if (table === 'meta') refuse("Only the shop's owner may change the shop's settings (name, currency, tax).")

  if (table === 'products') {
    var name = quoted(data.name || oldData.name)
    if (!old) refuse("Only the shop's owner may add products" + (name ? ' (' + name + ')' : '') + '.')
    var changed = changedFields(oldData, data)
    // A sale on a till rewrites the product's cached stock (the ledger is the truth), which is no change to the product.
    var cache = ['stock', 'updatedAt', 'nameKey', 'nameWords', 'listed', 'stocked', 'stockGap']
    if (onlyThese(changed, cache)) return
    // Every device settles a SKU clash the same way (docs/sync.md): the later product's SKU
    // becomes "<SKU>-<4 of its id>" and it remembers the SKU it had.
    var renamed =
      typeof data.sku === 'string' &&
      typeof oldData.sku === 'string' &&
      data.skuConflict === oldData.sku &&
      data.sku.indexOf(oldData.sku + '-') === 0 &&
      onlyThese(changed, cache.concat(['sku', 'skuConflict']))
    if (renamed) return
    refuse("Only the shop's owner may change products and prices" + (name ? ' (' + name + ')' : '') + '.')
  }

  if (table === 'users') {
    var who = quoted(data.username || oldData.username)
    if (!old) {
      if (data.role === 'owner') refuse("Only the shop's owner may make an owner account" + (who ? ' (' + who + ')' : '') + '.')
      return
    }
    if (data.role !== oldData.role) refuse("Only the shop's owner may change who is an owner" + (who ? ' (' + who + ')' : '') + '.')
    // A till may keep an owner's failed sign-ins and lock-out, never their password, name or deletion:
    // an owner account's password set from a till would let the till sign in as the owner.
    if (oldData.role === 'owner' && !onlyThese(changedFields(oldData, data), ['failedLogins', 'lockedUntil'])) {
      refuse("Only the shop's owner may change an owner's account" + (who ? ' (' + who + ')' : '') + ': password, name or deletion.')
    }
    return
  }

  // orders, payments, cartItems: a till's everyday work.
  return
}
