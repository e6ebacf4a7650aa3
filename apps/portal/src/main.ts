import { PiniaColada } from "@pinia/colada";
import { createPinia } from "pinia";
import { createApp } from "vue";
import "element-plus/theme-chalk/base.css";
import App from "./App.vue";
import { router } from "./router";
import "./styles.css";

const app = createApp(App);
app.use(createPinia());
app.use(PiniaColada, { queryOptions: { staleTime: 30_000, refetchOnWindowFocus: false } });
app.use(router);
app.mount("#app");
