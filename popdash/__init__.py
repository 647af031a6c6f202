"""POP Network impact dashboard: data access, metrics, translations, charts and tools."""
