import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { pageShells } from './build/pageShells.js'
import { pageShells as pages } from './src/router/shells.js'

// `npm run dev` forwards these paths to a jingwu server on the default port.
const backend = 'http://127.0.0.1:8080'
const proxied = ['/api', '/healthz', '/metrics', '/open311']

export default defineConfig({
  plugins: [
    vue(),
    pageShells({ pages, i18nDir: fileURLToPath(new URL('./src/i18n', import.meta.url)) }),
  ],
  // vue-i18n without its legacy API and global components (the app uses the
  // Composition API only, legacy: false) and without devtools hooks: less
  // JavaScript for every page to load and run.
  define: {
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, backend])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Source maps for the browser's developer tools (and Lighthouse's best
    // practices); a browser fetches them only when its developer tools ask.
    sourcemap: true,
    // The Vue runtime (with the router, vue-i18n and Pinia) gets a chunk of
    // its own so that a change to the app does not invalidate it. Element Plus
    // is imported per component (see main.js), and what its components share
    // is split by who uses it: a page loads the helpers of its own components
    // only (one shared chunk of them all cost every page 30–65 KB more script
    // to run at start).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify|pinia)[\\/]/ },
            // The app's English texts, fetched together the first time English is
            // chosen (Element Plus's own English stays with its components: they
            // fall back on it).
            { name: 'i18n-en', test: /src[\\/]i18n[\\/]([\w-]+\.)?en\.js$/ },
          ],
        },
      },
    },
  },
})
