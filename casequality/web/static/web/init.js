// Starts GOV.UK Frontend's components. Progressive enhancement only: every page works without it.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

initAll()
