/// <reference types="vite/client" />

/** The app's version (package.json, or APP_VERSION at build time); set by vite.config.ts. */
declare const __APP_VERSION__: string
