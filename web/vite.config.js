import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npm run dev` forwards these paths to a jingwu server on the default port.
const backend = 'http://127.0.0.1:8080'
const proxied = ['/api', '/healthz', '/metrics', '/open311']

export default defineConfig({
  plugins: [vue()],
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
    // The Vue runtime and what all Element Plus components share get chunks of
    // their own so that a change to the app does not invalidate them. Element
    // Plus is imported per component (see main.js), so the components and
    // their styles go with the pages that use them.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify|pinia)[\\/]/ },
            // What every Element Plus component shares (hooks, utilities, popper), in one chunk.
            {
              name: 'element-plus-core',
              test: /node_modules[\\/](element-plus[\\/]es[\\/](hooks|utils|constants|directives)|@vueuse|@floating-ui|@popperjs|@sxzz|lodash|@ctrl)/,
            },
          ],
        },
      },
    },
  },
})
