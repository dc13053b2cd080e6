export declare class CouchAdminError extends Error {}
export declare function parseCouchUrl(raw: string, what?: string): { url: URL; user?: string; password?: string }
export interface AdminResponse {
  status: number
  json: unknown
  headers: Headers
}
export declare function adminClient(
  root: string,
  options: { user: string; password: string; fetch?: typeof fetch },
): (method: string, path: string, body?: unknown, options?: { headers?: Record<string, string> }) => Promise<AdminResponse>
export declare function checkServerAdmin(request: ReturnType<typeof adminClient>, root: string, user: string): Promise<Record<string, unknown>>
export declare function adminCredentials(given: { user?: string; password?: string }, fromUrl?: { user?: string; password?: string }): { user: string; password: string }
export declare function ensureDatabase(request: ReturnType<typeof adminClient>, name: string): Promise<boolean>
export declare function reason(res: AdminResponse): string
