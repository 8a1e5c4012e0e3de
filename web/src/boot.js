// The page's entry: the static page of index.html (the bureau's bar and a
// loading line) is painted first, then the app and its styles are fetched
// and started. Nothing the first paint needs waits for JavaScript or the
// app's style sheet.
requestAnimationFrame(() => setTimeout(() => import('./main.js')))
