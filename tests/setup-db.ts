// Unit and component tests run against fake-indexeddb; end-to-end tests use real Chromium.
import 'fake-indexeddb/auto'
