import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createShopRouter } from './router'
import { useCatalogStore } from './stores/catalog'
import './styles.css'

const app = createApp(App)
app.use(createPinia())
app.use(createShopRouter())
app.mount('#app')

// Seeding runs after the first paint, in chunks, and only once per device.
void useCatalogStore().seed()
