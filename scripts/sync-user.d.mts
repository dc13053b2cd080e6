export declare const SHOP_ROLES: { owner: 'shop-owner'; seller: 'shop-seller' }
export declare const SYNC_PASSWORD_MIN: number
export declare function upsertShopUser(options: {
  serverUrl: string
  name: string
  role: 'owner' | 'seller'
  /** Absent: an existing user keeps its password (a new user needs one). */
  userPassword?: string
  user?: string
  password?: string
  fetch?: typeof fetch
}): Promise<{ root: string; name: string; created: boolean; roles: string[] }>
