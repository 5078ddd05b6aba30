// Starts the GOV.UK Frontend components Casequality's templates use, and only those
// (bundled by `make install` with esbuild; tests/web/test_static_files.py checks that
// every data-module a template names is started here). Progressive enhancement only:
// every page works without it.
import {
  Button,
  Checkboxes,
  createAll,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  Tabs
} from 'govuk-frontend'

for (const Component of [
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  Tabs
]) {
  createAll(Component)
}
