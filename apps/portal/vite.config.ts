import vue from "@vitejs/plugin-vue";
import Components from "unplugin-vue-components/vite";
import { ElementPlusResolver } from "unplugin-vue-components/resolvers";
import { defineConfig } from "vite";

// `npm run dev`: Vite with the API proxied to the server (npm start) on :3000
export default defineConfig({
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: "css" })], dts: "src/components.d.ts" })],
  server: {
    port: 5173,
    proxy: { "/trpc": "http://127.0.0.1:3000", "/files": "http://127.0.0.1:3000", "/healthz": "http://127.0.0.1:3000" },
  },
  build: { target: "es2022", chunkSizeWarningLimit: 900 },
});
